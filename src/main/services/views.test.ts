import { describe, expect, it } from 'vitest';
import { OutboxStore } from '../outbox/outbox-store';
import { createTestApp, FIRST_APPOINTMENT_ID } from '../../../test-support/test-app';
import { transitionAppointment } from './appointments/appointments';
import { sendToModality } from './appointments/send-to-modality';
import { getAppointmentView, listClinicAppointments, listMessageSummaries } from './views';

/**
 * The views a send and every settled batch announce are read through prepared statements (ADR 0023,
 * round 2): they must say exactly what the general queries say about the same rows.
 */
describe('views read by id', () => {
  it('summaries of given messages equal the general query’s, in the same order, without payloads', () => {
    const { db, ctx } = createTestApp();
    transitionAppointment(ctx, FIRST_APPOINTMENT_ID, 'checkIn');
    const sent = sendToModality(ctx, FIRST_APPOINTMENT_ID, 'sendToModality').messages;
    const store = new OutboxStore(db.$client);
    const [first] = store.claimDue('2026-11-27T08:30:00.010Z', 1);
    store.settle([{ id: first!.id, kind: 'written', at: '2026-11-27T08:30:00.020Z' }]);

    const general = listMessageSummaries(db, { appointmentId: FIRST_APPOINTMENT_ID });
    const byIds = listMessageSummaries(db, { ids: [...sent.map((m) => m.id)].reverse() });
    expect(byIds).toEqual(general);
    expect(byIds.map((m) => Object.keys(m).sort())).toEqual(general.map((m) => Object.keys(m).sort()));
    expect(byIds.some((m) => 'payload' in m)).toBe(false);
    expect(listMessageSummaries(db, { ids: sent.map((m) => m.id), limit: 2 })).toEqual(general.slice(0, 2));
    expect(listMessageSummaries(db, { ids: ['no-such-message'] })).toEqual([]);
  });

  it("one appointment's view equals its row in the clinic's list", () => {
    const { ctx, db } = createTestApp();
    transitionAppointment(ctx, FIRST_APPOINTMENT_ID, 'checkIn');
    const sent = sendToModality(ctx, FIRST_APPOINTMENT_ID, 'sendToModality').appointment;
    const inClinic = listClinicAppointments(db, sent.clinicId).find((a) => a.id === FIRST_APPOINTMENT_ID);
    expect(getAppointmentView(db, FIRST_APPOINTMENT_ID)).toEqual(inClinic);
    expect(() => getAppointmentView(db, 'no-such-appointment')).toThrow(/no longer exists/);
  });
});
