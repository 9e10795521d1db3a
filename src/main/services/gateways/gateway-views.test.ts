import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayEvent } from 'modality-link-protocol';
import { messages } from '../../db/schema';
import type { ConnectionStatus } from '../../relay/connection-status';
import { createTestApp, FIRST_APPOINTMENT_ID, TODAY_CLINIC_ID } from '../../../../test-support/test-app';
import { transitionAppointment } from '../appointments/appointments';
import { applyGatewayEvents } from './gateway-events';
import { getGatewayView } from './gateway-views';
import { sendToModality } from '../appointments/send-to-modality';

const IDLE: ConnectionStatus = {
  state: 'idle',
  lastContactAt: null,
  lastRoundTripMs: null,
  lastError: null,
  failingPhase: null,
};

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const outcome = (
  actionId: string,
  data: { outcome: 'delivered' | 'failed' | 'rejected'; destination: string; reason?: string },
): GatewayEvent => ({
  event_id: `outcome-${actionId}`,
  event_type: 'delivery.outcome',
  timestamp: '2026-11-27T09:05:00.000Z',
  action_id: actionId,
  data: { ...data, message: 'why', attempts: 1 },
});

describe('the Gateways screen figures', () => {
  it('"Messages failed" counts messages the gateway took but could not deliver, once each', () => {
    dir = mkdtempSync(join(tmpdir(), 'ml-gateway-views-'));
    const { ctx, db } = createTestApp({ file: join(dir, 'app.sqlite') });
    const failed = () => getGatewayView(db, 'gateway-alpha', IDLE)?.failed;
    const sendAppointment = (id: string) => {
      transitionAppointment(ctx, id, 'checkIn');
      return sendToModality(ctx, id, 'sendToModality').messages;
    };
    const sent = sendAppointment(FIRST_APPOINTMENT_ID);
    const ids = sent.map((m) => m.id);
    // The gateway has replied to all three: confirmed, as the dispatcher records it.
    db.update(messages)
      .set({
        status: 'confirmed',
        deliveredAt: '2026-11-27T09:01:00.000Z',
        confirmedAt: '2026-11-27T09:01:00.000Z',
      })
      .where(inArray(messages.id, ids))
      .run();
    expect(failed()).toBe(0);

    const byType = (type: string) => sent.find((m) => m.type === type)!.id;
    const events = [
      outcome(byType('WORKLIST'), { outcome: 'delivered', destination: 'mwl' }),
      outcome(byType('FHIR'), { outcome: 'failed', destination: 'trust-fhir', reason: 'not_allowed' }),
      outcome(byType('HL7v2'), { outcome: 'rejected', destination: 'tie-hl7', reason: 'hl7_refused' }),
    ];
    applyGatewayEvents(ctx, 'gateway-alpha', events);
    applyGatewayEvents(ctx, 'gateway-alpha', events); // the gateway re-sends until acknowledged
    expect(failed()).toBe(2);
    expect(
      db
        .select()
        .from(messages)
        .where(eq(messages.id, byType('FHIR')))
        .get(),
    ).toMatchObject({
      status: 'confirmed',
      outcome: 'failed',
      failingPhase: 'destination_failed',
    });

    // A message that never reached the gateway still counts, beside them.
    const second = sendAppointment(`${TODAY_CLINIC_ID}-appt-2`)[0]!;
    db.update(messages)
      .set({ status: 'failed', failedAt: '2026-11-27T09:06:00.000Z' })
      .where(eq(messages.id, second.id))
      .run();
    expect(failed()).toBe(3);
  });
});
