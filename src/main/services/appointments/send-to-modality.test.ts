import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appointments, auditEvents, messages } from '../../db/schema';
import { createTestApp, FIRST_APPOINTMENT_ID } from '../../../../test-support/test-app';
import { OutboxStore } from '../../outbox/outbox-store';
import { transitionAppointment } from './appointments';
import { DomainError } from '../errors';
import { sendToModality } from './send-to-modality';
import { getAppointmentView } from '../views';

function counts(db: ReturnType<typeof createTestApp>['db']) {
  return {
    messages: db.select().from(messages).all().length,
    audit: db.select().from(auditEvents).all().length,
  };
}

describe('send to modality', () => {
  it('moves the appointment and queues one message per gateway route, with an audit row, in one go', () => {
    const { db, ctx } = createTestApp();
    transitionAppointment(ctx, FIRST_APPOINTMENT_ID, 'checkIn');
    const result = sendToModality(ctx, FIRST_APPOINTMENT_ID, 'sendToModality');

    expect(result.appointment.state).toBe('sent_to_modality');
    expect(result.appointment.accessionNumber).toMatch(/^ACC20261127[0-9A-F]{4}$/);
    expect(result.messages.map((m) => [m.type, m.actionType, m.destination, m.status])).toEqual(
      expect.arrayContaining([
        ['WORKLIST', 'worklist.create_item', 'mwl', 'queued'],
        ['FHIR', 'message.deliver', 'trust-fhir', 'queued'],
        ['HL7v2', 'message.deliver', 'tie-hl7', 'queued'],
      ]),
    );
    const rows = db.select().from(messages).all();
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.appointmentId).toBe(FIRST_APPOINTMENT_ID);
      expect(row.gatewayId).toBe('gateway-alpha');
      expect(row.payload).toContain(result.appointment.accessionNumber);
      expect(row.deliveredAt).toBeNull();
      expect(row.confirmedAt).toBeNull();
    }
    const worklist = JSON.parse(rows.find((r) => r.type === 'WORKLIST')!.payload);
    // 09:00 Europe/London on 27 Nov (GMT) is 09:00 local: the worklist carries local time, not UTC.
    expect(worklist.worklist_item.scheduled).toEqual({ date: '20261127', time: '090000' });
    const audit = db
      .select()
      .from(auditEvents)
      .all()
      .map((a) => a.action);
    expect(audit).toEqual(['appointment.checkIn', 'appointment.sendToModality']);
  });

  it('refuses to send a participant who is not checked in and writes nothing', () => {
    const { db, ctx } = createTestApp();
    expect(() => sendToModality(ctx, FIRST_APPOINTMENT_ID, 'sendToModality')).toThrow(DomainError);
    expect(() => sendToModality(ctx, FIRST_APPOINTMENT_ID, 'sendToModality')).toThrow(
      /Check the participant in first/,
    );
    expect(counts(db)).toEqual({ messages: 0, audit: 0 });
    expect(db.select().from(appointments).where(eq(appointments.id, FIRST_APPOINTMENT_ID)).get()?.state).toBe(
      'scheduled',
    );
  });

  it('rolls everything back when the last write fails', () => {
    const { db, ctx } = createTestApp();
    transitionAppointment(ctx, FIRST_APPOINTMENT_ID, 'checkIn');
    const before = counts(db);
    // A real failure inside the transaction, after the messages and the appointment update were written.
    db.$client.exec(`CREATE TRIGGER fail_audit BEFORE INSERT ON audit_events
      WHEN NEW.action = 'appointment.sendToModality' BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END;`);
    expect(() => sendToModality(ctx, FIRST_APPOINTMENT_ID, 'sendToModality')).toThrow(/disk full/);
    expect(counts(db)).toEqual(before);
    const row = db.select().from(appointments).where(eq(appointments.id, FIRST_APPOINTMENT_ID)).get();
    expect(row?.state).toBe('checked_in');
    expect(row?.accessionNumber).toBeNull();
  });

  it('neither wakes the dispatcher nor tells the screens when the transaction rolls back', async () => {
    const { db, ctx } = createTestApp();
    transitionAppointment(ctx, FIRST_APPOINTMENT_ID, 'checkIn');
    const seen: string[] = [];
    ctx.onMessagesQueued = () => seen.push('queued');
    ctx.events.subscribe((event) => seen.push(event));
    db.$client.exec(`CREATE TRIGGER fail_audit BEFORE INSERT ON audit_events
      WHEN NEW.action = 'appointment.sendToModality' BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END;`);
    expect(() => sendToModality(ctx, FIRST_APPOINTMENT_ID, 'sendToModality')).toThrow(/disk full/);
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([]);
  });

  it('resend keeps the accession number and supersedes messages not yet sent', () => {
    const { db, ctx } = createTestApp();
    transitionAppointment(ctx, FIRST_APPOINTMENT_ID, 'checkIn');
    const first = sendToModality(ctx, FIRST_APPOINTMENT_ID, 'sendToModality');
    db.update(messages)
      .set({
        status: 'confirmed',
        deliveredAt: '2026-11-27T08:30:00.000Z',
        confirmedAt: '2026-11-27T08:30:00.100Z',
      })
      .where(eq(messages.type, 'WORKLIST'))
      .run();
    const second = sendToModality(ctx, FIRST_APPOINTMENT_ID, 'resend');

    expect(second.appointment.accessionNumber).toBe(first.appointment.accessionNumber);
    expect(second.messages).toHaveLength(3);
    const byStatus = db
      .select()
      .from(messages)
      .all()
      .reduce<Record<string, number>>((acc, m) => {
        acc[m.status] = (acc[m.status] ?? 0) + 1;
        return acc;
      }, {});
    expect(byStatus).toEqual({ confirmed: 1, cancelled: 2, queued: 3 });
  });

  it('wakes the dispatcher right after the commit, and tells the screens on a later turn', async () => {
    const { ctx } = createTestApp();
    const seen: string[] = [];
    ctx.onMessagesQueued = () => seen.push('queued');
    ctx.events.subscribe((event) => seen.push(event));
    transitionAppointment(ctx, FIRST_APPOINTMENT_ID, 'checkIn');
    sendToModality(ctx, FIRST_APPOINTMENT_ID, 'sendToModality');
    // The check-in's own event, then the dispatcher: the send's screen work has not started yet.
    expect(seen).toEqual(['appointment.changed', 'queued']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([
      'appointment.changed',
      'queued',
      'appointment.changed',
      'message.changed',
      'message.changed',
      'message.changed',
    ]);
  });

  it('gives each appointment a different accession number', () => {
    const { ctx } = createTestApp();
    const numbers = new Set<string>();
    for (let i = 1; i <= 10; i++) {
      const id = `clinic-alpha-2026-11-27-appt-${i}`;
      transitionAppointment(ctx, id, 'checkIn');
      numbers.add(sendToModality(ctx, id, 'sendToModality').appointment.accessionNumber!);
    }
    expect(numbers.size).toBe(10);
  });

  it("dates the appointment's view by its latest message change, so a settled copy outranks the send's own result", () => {
    const { db, ctx } = createTestApp();
    transitionAppointment(ctx, FIRST_APPOINTMENT_ID, 'checkIn');
    const sent = sendToModality(ctx, FIRST_APPOINTMENT_ID, 'sendToModality').appointment;
    const store = new OutboxStore(db.$client);
    const [worklist] = store.claimDue('2026-11-27T08:30:00.010Z', 1);
    store.settle([
      {
        id: worklist!.id,
        kind: 'confirmed',
        at: '2026-11-27T08:30:00.040Z',
        reply: { status: 'created', action_id: worklist!.id },
      },
    ]);

    const settled = getAppointmentView(db, FIRST_APPOINTMENT_ID);
    expect(sent.messageStatus).toBe('queued');
    expect(sent.updatedAt).toBe('2026-11-27T08:30:00.000Z');
    expect(settled.updatedAt).toBe('2026-11-27T08:30:00.040Z');
  });
});
