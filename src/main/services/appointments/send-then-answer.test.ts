import type { LocalRelay } from 'modality-link-relay';
import { recordPhases } from 'modality-link-protocol';
import { afterEach, expect, it } from 'vitest';
import { createDispatchHarness, todayClinicId } from '../../../../test-support/dispatch-harness';
import { startTestGateway, startTestRelay } from '../../../../test-support/test-gateway';
import { transitionAppointment } from './appointments';
import { sendThenAnswer, sendToModality } from './send-to-modality';

// ADR 0035: a click's frame is claimed, signed and handed to the relay before the click is answered.
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function connectedHarness() {
  const relay: LocalRelay = await startTestRelay(['alpha-gateway']);
  cleanup.push(() => relay.stop());
  const harness = await createDispatchHarness({ relay, screenHoldMs: 60_000 });
  cleanup.push(() => harness.close());
  const gateway = await startTestGateway({
    relay,
    entity: 'alpha-gateway',
    workstationPublicKey: harness.identity.publicKey,
  });
  cleanup.push(() => gateway.close());
  harness.pointGateway({ gatewayPublicKey: gateway.publicKey, ackTimeoutSeconds: 30 });
  harness.dispatcher.start();
  // A first send opens the session, so the one measured below finds the channel ready.
  const first = harness.sendAppointments(todayClinicId(), 1);
  await harness.waitFor(() => harness.rows().every((m) => m.status === 'confirmed'), 'the first send');
  return { harness, first };
}

it('hands the frame to the relay before it answers the screen, whose answer shows the messages claimed', async () => {
  const { harness } = await connectedHarness();
  const marks = recordPhases();
  const appointmentId = `${todayClinicId()}-appt-2`;
  transitionAppointment(harness.ctx, appointmentId, 'checkIn');

  const answer = await sendThenAnswer(harness.ctx, appointmentId, 'sendToModality');

  const ids = answer.messages.map((m) => m.id);
  expect(ids).toHaveLength(3);
  // Signed and handed to the socket (the channel marks `sign` just before its write) before the answer.
  const signed = new Set(marks.filter((m) => m.phase === 'sign').map((m) => m.id));
  expect(ids.filter((id) => !signed.has(id))).toEqual([]);
  expect(answer.messages.map((m) => m.status)).toEqual(['sending', 'sending', 'sending']);
  expect(answer.appointment.state).toBe('sent_to_modality');
  await harness.waitFor(
    () => harness.rows().filter((m) => ids.includes(m.id) && m.status === 'confirmed').length === 3,
    'the send confirmed',
  );
});

it('answers a call made without a screen (sendToModality) before the dispatcher has claimed anything', async () => {
  const { harness } = await connectedHarness();
  const appointmentId = `${todayClinicId()}-appt-2`;
  transitionAppointment(harness.ctx, appointmentId, 'checkIn');
  const answer = sendToModality(harness.ctx, appointmentId, 'sendToModality');
  expect(answer.messages.map((m) => m.status)).toEqual(['queued', 'queued', 'queued']);
});
