import { describe, expect, it } from 'vitest';
import type { MessagePage } from '#shared/ipc/message-log';
import { dispatchCall } from '../../ipc/dispatch';
import { createTestApp, nhsNumberOf as nhsOf, TODAY_CLINIC_ID } from '../../../../test-support/test-app';
import { transitionAppointment } from '../appointments/appointments';
import { cancelMessage } from './message-actions';
import { listMessagePage } from './message-log';
import { sendToModality } from '../appointments/send-to-modality';

/** Five participants sent: fifteen messages, three routes each; one HL7 message cancelled. */
function sentClinic() {
  const app = createTestApp();
  const sends = [1, 2, 3, 4, 5].map((n) => {
    const id = `${TODAY_CLINIC_ID}-appt-${n}`;
    transitionAppointment(app.ctx, id, 'checkIn');
    return sendToModality(app.ctx, id, 'sendToModality');
  });
  cancelMessage(app.ctx, sends[0]!.messages.find((m) => m.type === 'HL7v2')!.id);
  const nhsNumberOf = (appointmentId: string) => nhsOf(app.db, appointmentId);
  return { ...app, sends, nhsNumberOf };
}

describe('message log pages', () => {
  it('reach every message once, newest first, however far back', () => {
    const { db } = sentClinic();
    const seen: string[] = [];
    let page: MessagePage = listMessagePage(db, { limit: 4 });
    let pages = 1;
    while (page.nextBefore !== null) {
      seen.push(...page.messages.map((m) => m.id));
      page = listMessagePage(db, { limit: 4, before: page.nextBefore });
      pages++;
    }
    seen.push(...page.messages.map((m) => m.id));
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(15);
    expect(seen).toEqual(listMessagePage(db, { limit: 200 }).messages.map((m) => m.id));
    const created = listMessagePage(db, {}).messages.map((m) => m.createdAt);
    expect(created).toEqual([...created].sort().reverse());
  });

  it('filter by state, route and gateway', () => {
    const { db } = sentClinic();
    expect(listMessagePage(db, { status: 'cancelled' }).messages.map((m) => m.type)).toEqual(['HL7v2']);
    const worklist = listMessagePage(db, { type: 'WORKLIST' }).messages;
    expect(worklist).toHaveLength(5);
    expect(worklist.every((m) => m.type === 'WORKLIST')).toBe(true);
    expect(listMessagePage(db, { gatewayId: 'gateway-alpha' }).messages).toHaveLength(15);
    expect(listMessagePage(db, { gatewayId: 'no-such-gateway' }).messages).toHaveLength(0);
  });

  it('find a participant by NHS number (with or without spaces) or by accession number', () => {
    const { db, sends, nhsNumberOf } = sentClinic();
    const nhs = nhsNumberOf(`${TODAY_CLINIC_ID}-appt-3`);
    const spaced = `${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`;
    const byNhs = listMessagePage(db, { search: spaced }).messages;
    expect(byNhs.map((m) => m.appointmentId)).toEqual(Array(3).fill(`${TODAY_CLINIC_ID}-appt-3`));
    const accession = sends[1]!.appointment.accessionNumber!;
    const byAccession = listMessagePage(db, { search: accession.toLowerCase() }).messages;
    expect(byAccession.map((m) => m.appointmentId)).toEqual(Array(3).fill(`${TODAY_CLINIC_ID}-appt-2`));
    expect(listMessagePage(db, { search: 'ACC00000000FFFF' }).messages).toEqual([]);
  });

  it('take dates as whole local days', () => {
    const { db } = sentClinic();
    // The test clock sends everything at 2026-11-27T08:30Z.
    const onDay = (from: string, to: string) => listMessagePage(db, { from, to }).messages.length;
    const local = new Date('2026-11-27T08:30:00Z');
    const day = `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')}`;
    expect(onDay(day, day)).toBe(15);
    expect(onDay('2026-11-29', '2026-11-30')).toBe(0);
  });

  it('refuse dates in the wrong order, naming the field', async () => {
    const { ctx, handlers, log } = createTestApp();
    const result = await dispatchCall(ctx, handlers, log, 'messages.page', {
      from: '2026-11-28',
      to: '2026-11-27',
    });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'validation', fields: { to: expect.any(String) } },
    });
  });
});
