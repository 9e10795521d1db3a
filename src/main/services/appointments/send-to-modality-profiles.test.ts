import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appointments, auditEvents, clinicSlots, gateways, messages } from '../../db/schema';
import { createTestApp, FIRST_APPOINTMENT_ID } from '../../../../test-support/test-app';
import { transitionAppointment } from './appointments';
import { sendToModality } from './send-to-modality';

/**
 * "Send to modality" through a gateway whose profile cannot carry every route (issue 13): the demo
 * gateway has worklist, FHIR and HL7 v2 routes, saved before its profile became `nhs-gateway/1`.
 */
function appWithProfile(profile: 'nhs-gateway/1' | 'poc-five', routes?: unknown[]) {
  const app = createTestApp();
  app.db
    .update(gateways)
    .set({ profile, ...(routes ? { routes: JSON.stringify(routes) } : {}) })
    .where(eq(gateways.id, 'gateway-alpha'))
    .run();
  transitionAppointment(app.ctx, FIRST_APPOINTMENT_ID, 'checkIn');
  return app;
}

function moveSlot(db: ReturnType<typeof createTestApp>['db'], startsAt: string) {
  const appointment = db.select().from(appointments).where(eq(appointments.id, FIRST_APPOINTMENT_ID)).get()!;
  db.update(clinicSlots).set({ startsAt }).where(eq(clinicSlots.id, appointment.slotId)).run();
}

const worklistItem = (db: ReturnType<typeof createTestApp>['db']) =>
  JSON.parse(db.select().from(messages).where(eq(messages.type, 'WORKLIST')).get()!.payload).worklist_item;

describe('send to modality under nhs-gateway/1', () => {
  it('queues only the worklist item, and names the routes left out in the audit event', () => {
    const { db, ctx } = appWithProfile('nhs-gateway/1');
    const result = sendToModality(ctx, FIRST_APPOINTMENT_ID, 'sendToModality');

    expect(result.messages.map((m) => [m.type, m.actionType])).toEqual([
      ['WORKLIST', 'worklist.create_item'],
    ]);
    expect(db.select().from(messages).all()).toHaveLength(1);
    const audit = db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'appointment.sendToModality'))
      .get()!;
    const reason =
      'the production NHS gateway (nhs-gateway/1) takes worklist items only and answers “Unsupported action” to FHIR and HL7 v2 messages';
    expect(JSON.parse(audit.details!).skippedRoutes).toEqual([
      { messageType: 'FHIR', destination: 'trust-fhir', reason },
      { messageType: 'HL7v2', destination: 'tie-hl7', reason },
    ]);
  });

  it('writes the scheduled time in UTC: the same as clinic time in winter', () => {
    const { db, ctx } = appWithProfile('nhs-gateway/1');
    sendToModality(ctx, FIRST_APPOINTMENT_ID, 'sendToModality');
    // 09:00 on 27 November in London is 09:00 UTC.
    expect(worklistItem(db).scheduled).toEqual({ date: '20261127', time: '090000' });
  });

  it('rolls the date back a day for a 00:30 appointment in British Summer Time', () => {
    const { db, ctx } = appWithProfile('nhs-gateway/1');
    // 00:30 on 15 June 2027 in London (BST, UTC+1).
    moveSlot(db, '2027-06-14T23:30:00.000Z');
    sendToModality(ctx, FIRST_APPOINTMENT_ID, 'sendToModality');
    expect(worklistItem(db).scheduled).toEqual({ date: '20270614', time: '233000' });
  });

  it('keeps clinic time for the proof-of-concept listener, which our gateway reads as local', () => {
    const { db, ctx } = appWithProfile('poc-five');
    moveSlot(db, '2027-06-14T23:30:00.000Z');
    sendToModality(ctx, FIRST_APPOINTMENT_ID, 'sendToModality');
    expect(worklistItem(db).scheduled).toEqual({ date: '20270615', time: '003000' });
    expect(db.select().from(messages).all()).toHaveLength(3);
  });

  it('refuses the send, writing nothing, when the gateway can carry none of its routes', () => {
    const { db, ctx } = appWithProfile('nhs-gateway/1', [{ messageType: 'FHIR', destination: 'trust-fhir' }]);
    expect(() => sendToModality(ctx, FIRST_APPOINTMENT_ID, 'sendToModality')).toThrow(
      /^Gateway "[^"]+" cannot carry any of its routes: the production NHS gateway \(nhs-gateway\/1\) takes worklist items only/,
    );
    expect(db.select().from(messages).all()).toHaveLength(0);
    const row = db.select().from(appointments).where(eq(appointments.id, FIRST_APPOINTMENT_ID)).get();
    expect(row?.state).toBe('checked_in');
  });
});
