import type { LocalRelay } from 'modality-link-relay';
import { afterEach, expect, it } from 'vitest';
import { createDispatchHarness, queueRawMessages } from '../../../test-support/dispatch-harness';
import { startTestGateway, startTestRelay, type TestGateway } from '../../../test-support/test-gateway';

let relay: LocalRelay | undefined;
let harness: Awaited<ReturnType<typeof createDispatchHarness>> | undefined;
let gateway: TestGateway | undefined;

afterEach(async () => {
  await harness?.close();
  await gateway?.close();
  await relay?.stop();
});

/**
 * A worklist item is stored as the builder's JSON text and parsed once, when a `modality-link/1` channel
 * takes it (ADR 0030). A stored text that is not JSON fails that message with words naming it, before
 * it joins a batch, and the messages beside it are signed and confirmed as usual.
 */
it('fails only the message whose stored worklist text is not JSON; its batch still goes out', async () => {
  relay = await startTestRelay(['alpha-gateway']);
  harness = await createDispatchHarness({ relay });
  gateway = await startTestGateway({
    relay,
    entity: 'alpha-gateway',
    workstationPublicKey: harness.identity.publicKey,
  });
  harness.pointGateway({ gatewayPublicKey: gateway.publicKey });
  const sound = queueRawMessages(harness.db, 'gateway-alpha', 3, 'sound');
  const now = new Date().toISOString();
  harness.db.$client
    .prepare(
      `INSERT INTO messages (id, gateway_id, type, action_type, payload, destination, status, attempts, next_attempt_at, created_at, updated_at)
       VALUES ('damaged', 'gateway-alpha', 'WORKLIST', 'worklist.create_item', '{"worklist_item":', 'mwl', 'queued', 0, ?, ?, ?)`,
    )
    .run(now, now, now);
  harness.dispatcher.start();
  await harness.waitFor(
    () => harness!.rows().filter((m) => m.status === 'confirmed').length === 3,
    'the sound messages confirmed',
  );
  await harness.waitFor(() => harness!.rows().some((m) => m.lastError !== null), 'the damaged one to fail');
  const damaged = harness.rows().find((m) => m.id === 'damaged')!;
  expect(damaged.status).not.toBe('confirmed');
  expect(damaged.failingPhase).toBe('send_failed');
  expect(damaged.lastError).toBe(
    'The stored WORKLIST payload of message damaged (worklist.create_item) is not JSON.',
  );
  expect([...gateway.unique].sort()).toEqual(sound);
});
