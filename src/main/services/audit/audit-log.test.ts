import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LABELS } from '#shared/domain/audit-actions';
import { APPOINTMENT_ACTIONS } from '#shared/domain/appointment-state';
import type { AuditPage } from '#shared/ipc/audit';
import { dispatchCall } from '../../ipc/dispatch';
import {
  createTestApp,
  nhsNumberOf as nhsOf,
  FIRST_APPOINTMENT_ID,
  TODAY_CLINIC_ID,
} from '../../../../test-support/test-app';
import { transitionAppointment } from '../appointments/appointments';
import { appendAudit } from './audit';
import { csvCell, exportAuditCsv, listAuditPage } from './audit-log';
import { setManualMode } from '../appointments/manual-mode';
import { cancelMessage } from '../messages/message-actions';
import { sendToModality } from '../appointments/send-to-modality';

const SECOND_APPOINTMENT_ID = FIRST_APPOINTMENT_ID.replace(/-1$/, '-2');

/** Check in and send the first participant, cancel one of their messages, check in the second. */
function workedClinic() {
  const app = createTestApp();
  transitionAppointment(app.ctx, FIRST_APPOINTMENT_ID, 'checkIn');
  const { messages } = sendToModality(app.ctx, FIRST_APPOINTMENT_ID, 'sendToModality');
  cancelMessage(app.ctx, messages[2]!.id);
  transitionAppointment(app.ctx, SECOND_APPOINTMENT_ID, 'checkIn');
  setManualMode(app.ctx, TODAY_CLINIC_ID, true);
  const nhsNumberOf = (appointmentId: string) => nhsOf(app.db, appointmentId);
  return { ...app, first: nhsNumberOf(FIRST_APPOINTMENT_ID), second: nhsNumberOf(SECOND_APPOINTMENT_ID) };
}

describe('audit log', () => {
  it('lists entries newest first in staff words, each tied to its participant', () => {
    const { db } = workedClinic();
    const { entries, nextBefore } = listAuditPage(db, {});
    expect(entries.map((e) => e.actionLabel)).toEqual([
      'Clinic switched to manual mode',
      'Checked in',
      'Message cancelled by staff',
      'Sent to modality',
      'Checked in',
    ]);
    expect(entries[0]?.participant).toBeNull();
    expect(entries[2]?.participant?.name).toBe(entries[4]?.participant?.name);
    expect(entries[1]?.participant?.name).not.toBe(entries[4]?.participant?.name);
    expect(entries.every((e) => e.actorLabel === 'test-user')).toBe(true);
    expect(nextBefore).toBeNull();
  });

  it("finds everything that happened to one participant by NHS number, their messages' entries included", () => {
    const { db, first, second } = workedClinic();
    const mine = listAuditPage(db, { nhsNumber: first }).entries;
    expect(mine.map((e) => e.action)).toEqual([
      'message.cancel',
      'appointment.sendToModality',
      'appointment.checkIn',
    ]);
    expect(mine.every((e) => e.participant?.nhsNumber === first)).toBe(true);
    expect(listAuditPage(db, { nhsNumber: second }).entries.map((e) => e.action)).toEqual([
      'appointment.checkIn',
    ]);
  });

  it('filters by action and by who did it (any letter case)', () => {
    const { db, ctx } = workedClinic();
    appendAudit(db, {
      at: ctx.now(),
      actor: 'dispatcher',
      action: 'message.failed',
      entityType: 'message',
      entityId: 'gone',
    });
    expect(listAuditPage(db, { action: 'appointment.checkIn' }).entries).toHaveLength(2);
    expect(listAuditPage(db, { actor: 'TEST-USER' }).entries).toHaveLength(5);
    const automatic = listAuditPage(db, { actor: 'dispatcher' }).entries;
    expect(automatic.map((e) => [e.actorLabel, e.actionLabel, e.participant])).toEqual([
      ['Modality Link (automatic)', 'Message could not be delivered', null],
    ]);
  });

  it('pages with a cursor: no entry twice, none missed, and the last page says so', () => {
    const { db } = workedClinic();
    const all = listAuditPage(db, {}).entries.map((e) => e.id);
    const seen: number[] = [];
    let page: AuditPage = listAuditPage(db, { limit: 2 });
    for (;;) {
      seen.push(...page.entries.map((e) => e.id));
      if (page.nextBefore === null) break;
      page = listAuditPage(db, { limit: 2, before: page.nextBefore });
    }
    expect(seen).toEqual(all);
  });

  it('takes dates as whole local days, both ends included', () => {
    const { db } = createTestApp();
    const at = (y: number, m: number, d: number, h: number) => new Date(y, m - 1, d, h);
    for (const [when, id] of [
      [at(2026, 11, 26, 23), 'day-before'],
      [at(2026, 11, 27, 0), 'first-moment'],
      [at(2026, 11, 28, 23), 'last-hour'],
      [at(2026, 11, 29, 0), 'day-after'],
    ] as const)
      appendAudit(db, {
        at: when,
        actor: 'x',
        action: 'gateway.updated',
        entityType: 'gateway',
        entityId: id,
      });
    const ids = listAuditPage(db, { from: '2026-11-27', to: '2026-11-28' }).entries.map((e) => e.entityId);
    expect(ids).toEqual(['last-hour', 'first-moment']);
  });

  it('refuses a bad NHS number or dates in the wrong order with a message naming the field', async () => {
    const { ctx, handlers, log } = createTestApp();
    const badNumber = await dispatchCall(ctx, handlers, log, 'audit.list', { nhsNumber: '943 476 5918' });
    expect(badNumber).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect(JSON.stringify(badNumber)).toContain('valid 10-digit NHS number');
    const backwards = await dispatchCall(ctx, handlers, log, 'audit.exportCsv', {
      from: '2026-11-28',
      to: '2026-11-27',
    });
    expect(backwards).toMatchObject({
      ok: false,
      error: { kind: 'validation', fields: { to: expect.any(String) } },
    });
  });

  it('exports the filtered log as CSV a spreadsheet cannot be tricked by', () => {
    const { db, ctx, first } = workedClinic();
    appendAudit(db, {
      at: ctx.now(),
      actor: '=HYPERLINK("http://x")',
      action: 'gateway.updated',
      entityType: 'gateway',
      entityId: 'g, "quoted"',
    });
    const all = exportAuditCsv(db, {});
    const lines = all.csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Time (UTC),Who,What,Participant,NHS number,Record,Record id,Code');
    expect(all).toMatchObject({ rows: 6, truncated: false });
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(lines[1]).toContain('"g, ""quoted"""');
    const theirs = exportAuditCsv(db, { nhsNumber: first });
    expect(theirs.rows).toBe(3);
    expect(theirs.csv).toContain(`${first.slice(0, 3)} ${first.slice(3, 6)} ${first.slice(6)}`);
    expect(csvCell('-1+1')).toBe("'-1+1");
    expect(csvCell('plain')).toBe('plain');
  });

  it('has staff words for every appointment action the services record', () => {
    for (const action of Object.keys(APPOINTMENT_ACTIONS))
      expect(AUDIT_ACTION_LABELS).toHaveProperty([`appointment.${action}`]);
  });
});
