import { describe, expect, it } from 'vitest';
import { dispatchCall } from '../ipc/dispatch';
import { createTestApp, FIRST_APPOINTMENT_ID } from '../../../test-support/test-app';
import { transitionAppointment } from './appointments/appointments';
import { listAuditPage } from './audit/audit-log';

describe('who is using the workstation', () => {
  it('records every later action with their name and role, and the change itself', async () => {
    const app = createTestApp();
    const seen: unknown[] = [];
    app.ctx.events.subscribe((event, payload) => event === 'staff.changed' && seen.push(payload));
    expect(await dispatchCall(app.ctx, app.handlers, app.log, 'staff.current', {})).toEqual({
      ok: true,
      value: null,
    });

    transitionAppointment(app.ctx, FIRST_APPOINTMENT_ID, 'checkIn');
    const chosen = await dispatchCall(app.ctx, app.handlers, app.log, 'staff.set', {
      name: '  Siân Davies ',
      role: 'Mammographer',
    });
    expect(chosen).toEqual({ ok: true, value: { name: 'Siân Davies', role: 'Mammographer' } });
    transitionAppointment(app.ctx, FIRST_APPOINTMENT_ID, 'undoCheckIn');

    const entries = listAuditPage(app.db, {}).entries.map((e) => [e.actionLabel, e.actor]);
    expect(entries).toEqual([
      ['Check-in undone', 'Siân Davies (Mammographer)'],
      ['Said who is using the workstation', 'Siân Davies (Mammographer)'],
      ['Checked in', 'test-user'],
    ]);
    expect(seen).toEqual([{ name: 'Siân Davies', role: 'Mammographer' }]);
    expect(listAuditPage(app.db, { actor: 'siân' }).entries).toHaveLength(2);
  });

  it('refuses a missing name, an unknown role or control characters, naming the field', async () => {
    const app = createTestApp();
    for (const [input, field] of [
      [{ name: ' ', role: 'Mammographer' }, 'name'],
      [{ name: 'Jo', role: 'Surgeon' }, 'role'],
      [{ name: 'Jo\u202eevil', role: 'Mammographer' }, 'name'],
    ] as const) {
      const result = await dispatchCall(app.ctx, app.handlers, app.log, 'staff.set', input);
      expect(result).toMatchObject({
        ok: false,
        error: { kind: 'validation', fields: { [field]: expect.any(String) } },
      });
    }
    expect(app.ctx.staff).toBeNull();
    expect(listAuditPage(app.db, {}).entries).toHaveLength(0);
  });
});
