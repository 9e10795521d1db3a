import type { LocalRelay } from 'modality-link-relay';
import { recordPhases } from 'modality-link-protocol';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createDispatchHarness, todayClinicId } from '../../../test-support/dispatch-harness';
import { startTestGateway, startTestRelay, type TestGateway } from '../../../test-support/test-gateway';
import { transitionAppointment } from '../services/appointments/appointments';
import { sendToModality } from '../services/appointments/send-to-modality';
import type { MessageSummary } from '#shared/ipc/views';

let relay: LocalRelay;
let harness: Awaited<ReturnType<typeof createDispatchHarness>>;
let gateway: TestGateway;

beforeEach(async () => {
  relay = await startTestRelay(['alpha-gateway']);
  harness = await createDispatchHarness({ relay });
  gateway = await startTestGateway({
    relay,
    entity: 'alpha-gateway',
    workstationPublicKey: harness.identity.publicKey,
  });
  harness.pointGateway({ gatewayPublicKey: gateway.publicKey });
  harness.dispatcher.start();
  // The first send opens the session; the click measured below finds it open, as a clinic's second one does.
  harness.sendAppointments(todayClinicId(), 1);
  await harness.waitFor(() => harness.rows().every((m) => m.status === 'confirmed'), 'session open');
});
afterEach(async () => {
  await harness.close();
  await gateway.close();
  await relay.stop();
});

const LIFECYCLE = ['queued', 'sending', 'delivered', 'confirmed'];

it("writes a click's frame before the click returns, answers with the committed view and leaves screens on the latest state", async () => {
  const marks = recordPhases();
  const seen = new Map<string, string[]>();
  harness.ctx.events.subscribe((event, payload) => {
    if (event !== 'message.changed') return;
    const { id, status } = payload as MessageSummary;
    seen.set(id, [...(seen.get(id) ?? []), status]);
  });
  const appointmentId = `${todayClinicId()}-appt-2`;
  transitionAppointment(harness.ctx, appointmentId, 'checkIn');

  const answer = sendToModality(harness.ctx, appointmentId, 'sendToModality');

  // Nothing below has yielded to the event loop: all of it happened inside the click's own turn.
  const ids = answer.messages.map((m) => m.id);
  expect(ids).toHaveLength(3);
  expect(answer.messages.map((m) => m.status)).toEqual(['queued', 'queued', 'queued']);
  const stored = harness.rows().filter((m) => ids.includes(m.id));
  expect(stored.map((m) => [m.status, m.attempts])).toEqual(ids.map(() => ['sending', 1]));
  const signed = marks.filter((m) => m.phase === 'sign').map((m) => m.id);
  expect(signed.sort()).toEqual([...ids].sort());

  await harness.waitFor(
    () => harness.rows().every((m) => m.status === 'confirmed'),
    "the click's messages confirmed",
  );
  await harness.waitFor(() => ids.every((id) => seen.get(id)?.at(-1) === 'confirmed'), 'screens told');
  for (const id of ids) {
    const order = seen.get(id)!.map((status) => LIFECYCLE.indexOf(status));
    // Screens are told in the order things happened: never a state older than one already shown.
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(seen.get(id)![0]).toBe('queued');
  }
  expect(gateway.unique.size).toBe(6);
});
