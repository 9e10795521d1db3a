import { describe, expect, it } from 'vitest';
import { auditEvents, messages } from '../db/schema';
import { createTestApp, FIRST_APPOINTMENT_ID, TODAY_CLINIC_ID } from '../../../test-support/test-app';
import { dispatchCall } from './dispatch';

describe('IPC dispatch', async () => {
  it('returns the clinic day for a valid call', async () => {
    const app = createTestApp();
    const result = await dispatchCall(app.ctx, app.handlers, app.log, 'clinics.get', {
      clinicId: TODAY_CLINIC_ID,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const day = result.value as {
      appointments: Array<{ startsAt: string; participant: { givenName: string } }>;
    };
    expect(day.appointments).toHaveLength(10);
    expect(day.appointments[0]?.startsAt).toBe('2026-11-27T09:00:00.000Z');
    expect(day.appointments[1]?.startsAt).toBe('2026-11-27T09:15:00.000Z');
  });

  it.each([
    ['a missing field', {}],
    ['a wrong type', { appointmentId: 42 }],
    ['an unknown field', { appointmentId: FIRST_APPOINTMENT_ID, extra: true }],
    ['an over-long id', { appointmentId: 'x'.repeat(65) }],
    ['not an object', 'clinic-1'],
  ])('refuses %s with a validation error and writes nothing', async (_label, input) => {
    const app = createTestApp();
    const result = await dispatchCall(app.ctx, app.handlers, app.log, 'appointments.sendToModality', input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('validation');
    expect(result.error.message).toMatch(/^Invalid input for appointments\.sendToModality: /);
    expect(app.db.select().from(messages).all()).toHaveLength(0);
    expect(app.db.select().from(auditEvents).all()).toHaveLength(0);
  });

  it('names the field that was wrong', async () => {
    const app = createTestApp();
    const result = await dispatchCall(app.ctx, app.handlers, app.log, 'appointments.checkIn', {
      appointmentId: 7,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'validation', fields: { appointmentId: expect.any(String) } },
    });
  });

  it('refuses an unknown channel', async () => {
    const app = createTestApp();
    expect(await dispatchCall(app.ctx, app.handlers, app.log, 'db.dropAll', {})).toEqual({
      ok: false,
      error: { kind: 'validation', message: 'Unknown channel "db.dropAll".' },
    });
  });

  it('turns an invalid transition into a typed error', async () => {
    const app = createTestApp();
    const result = await dispatchCall(app.ctx, app.handlers, app.log, 'appointments.sendToModality', {
      appointmentId: FIRST_APPOINTMENT_ID,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'invalid_transition', message: expect.stringMatching(/Check the participant in first/) },
    });
  });

  it('reports a missing appointment as not found', async () => {
    const app = createTestApp();
    const result = await dispatchCall(app.ctx, app.handlers, app.log, 'appointments.checkIn', {
      appointmentId: 'nope',
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'not_found' } });
  });

  it('hides unexpected failures behind an internal error', async () => {
    const app = createTestApp();
    app.db.$client.close();
    const result = await dispatchCall(app.ctx, app.handlers, app.log, 'clinics.list', {});
    expect(result).toEqual({
      ok: false,
      error: { kind: 'internal', message: 'Something went wrong. The error has been logged.' },
    });
  });
});
