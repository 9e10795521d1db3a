import { afterEach, expect, it } from 'vitest';
import type { MessageSummary } from '#shared/ipc/views';
import { todayClinicId } from '../../../../test-support/dispatch-harness';
import { harnessWithGateway } from '../../../../test-support/harness-with-gateway';
import type { TestGatewayBehaviour } from '../../../../test-support/test-gateway';
import { transitionAppointment } from './appointments';
import { sendThenAnswer, sendToModality } from './send-to-modality';

// ADR 0035: a click is answered once the screens have been told what became of its messages.
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function connectedHarness(screenHoldMs: number, behaviour: TestGatewayBehaviour = {}) {
  const { harness, gateway } = await harnessWithGateway(cleanup, { screenHoldMs });
  harness.dispatcher.start();
  // A first send opens the session, so the one measured below finds the channel ready.
  harness.sendAppointments(todayClinicId(), 1);
  await harness.waitFor(() => harness.rows().every((m) => m.status === 'confirmed'), 'the first send');
  gateway.behaviour = behaviour;
  const told: string[] = [];
  harness.ctx.events.subscribe((event, payload) => {
    if (event === 'message.changed')
      told.push(`${(payload as MessageSummary).id} ${(payload as MessageSummary).status}`);
  });
  return { harness, gateway, told };
}

const checkedIn = (harness: Awaited<ReturnType<typeof connectedHarness>>['harness']) => {
  const appointmentId = `${todayClinicId()}-appt-2`;
  transitionAppointment(harness.ctx, appointmentId, 'checkIn');
  return appointmentId;
};

it('answers with the confirmation when the gateway replies within the hold, after telling the screens', async () => {
  const { harness, gateway, told } = await connectedHarness(60_000);
  const answer = await sendThenAnswer(harness.ctx, checkedIn(harness), 'sendToModality');

  const ids = answer.messages.map((m) => m.id);
  expect(ids).toHaveLength(3);
  expect(answer.messages.map((m) => m.status)).toEqual(['confirmed', 'confirmed', 'confirmed']);
  expect(answer.appointment.state).toBe('sent_to_modality');
  expect(ids.every((id) => gateway.unique.has(id))).toBe(true);
  // The screens heard of the confirmation first; the answer adds nothing newer.
  for (const id of ids) expect(told).toContain(`${id} confirmed`);
  // ...nor tells them again (its own events go on the turn after the answer).
  await new Promise((resolve) => setImmediate(resolve));
  for (const id of ids) expect(told.filter((t) => t.startsWith(id))).toEqual([`${id} confirmed`]);
});

it('answers once the hold is over when the gateway is silent: the frame written, no reply yet', async () => {
  const { harness, gateway } = await connectedHarness(50, { silent: true });
  const answer = await sendThenAnswer(harness.ctx, checkedIn(harness), 'sendToModality');

  expect(answer.messages.map((m) => m.status)).toEqual(['delivered', 'delivered', 'delivered']);
  expect(answer.messages.every((m) => gateway.unique.has(m.id) && m.confirmedAt === null)).toBe(true);
});

it('answers a call made without a screen (sendToModality) at once, before anything is claimed', async () => {
  const { harness } = await connectedHarness(60_000);
  const answer = sendToModality(harness.ctx, checkedIn(harness), 'sendToModality');
  expect(answer.messages.map((m) => m.status)).toEqual(['queued', 'queued', 'queued']);
});
