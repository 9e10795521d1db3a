import type { LocalRelay } from 'modality-link-relay';
import { createDispatchHarness } from './dispatch-harness';
import { startTestGateway, startTestRelay, type TestGatewayBehaviour } from './test-gateway';

/**
 * The app's dispatcher harness and an in-process test gateway, joined through a local relay, with a
 * 30 s ack timeout. What it starts is pushed onto `cleanup`, to be stopped in reverse order.
 */
export async function harnessWithGateway(
  cleanup: Array<() => Promise<void>>,
  options: { screenHoldMs?: number; behaviour?: TestGatewayBehaviour } = {},
) {
  const relay: LocalRelay = await startTestRelay(['alpha-gateway']);
  cleanup.push(() => relay.stop());
  const harness = await createDispatchHarness({
    relay,
    ...(options.screenHoldMs !== undefined ? { screenHoldMs: options.screenHoldMs } : {}),
  });
  cleanup.push(() => harness.close());
  const gateway = await startTestGateway({
    relay,
    entity: 'alpha-gateway',
    workstationPublicKey: harness.identity.publicKey,
    behaviour: options.behaviour ?? {},
  });
  cleanup.push(() => gateway.close());
  harness.pointGateway({ gatewayPublicKey: gateway.publicKey, ackTimeoutSeconds: 30 });
  return { relay, harness, gateway };
}
