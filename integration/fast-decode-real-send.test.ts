import fs from 'node:fs';
import { fastDecodeCounts, safeParseParameters, type ActionEnvelope } from 'modality-link-protocol';
import type { LocalRelay } from 'modality-link-relay';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnGateway } from '../gateway/test/helpers/cli';
import { createDispatchHarness, todayClinicId } from '../test-support/dispatch-harness';
import { startTestGateway, startTestRelay } from '../test-support/test-gateway';
import { startFhirServer, startMllpServer, stopGateway, writeGatewayConfig } from './support';

// ADR 0034: the frames and parameters of one real send take the fast path, not zod. The app's own
// dispatcher, channel and signing build them; nothing is built by hand. The tally is per process, so
// each side is shown where it decodes in this one: the app's decoding against the real gateway
// process, and the gateway's decoding (the same decodeSessionFrame, the same parameter checks) in the
// test gateway that receives the app's real frames.
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function clearTallies(): void {
  for (const side of [fastDecodeCounts.frames, fastDecodeCounts.parameters])
    for (const tally of [side.fast, side.schema]) for (const key of Object.keys(tally)) delete tally[key];
}

async function appAndRelay(): Promise<{
  relay: LocalRelay;
  harness: Awaited<ReturnType<typeof createDispatchHarness>>;
}> {
  const relay = await startTestRelay(['alpha-gateway']);
  cleanups.push(() => relay.stop());
  const harness = await createDispatchHarness({ relay });
  cleanups.push(() => harness.close());
  return { relay, harness };
}

describe('one send decodes on the fast path', () => {
  it('in the app: the real gateway’s replies and outcome events', async () => {
    const { relay, harness } = await appAndRelay();
    const fhir = await startFhirServer(0);
    const mllp = await startMllpServer(['AA']);
    cleanups.push(fhir.close, mllp.close);
    const setup = await writeGatewayConfig({
      relay,
      workstation: { id: harness.identity.workstationId, publicKey: harness.identity.publicKey },
      fhirUrl: fhir.url,
      mllpPort: mllp.port,
    });
    cleanups.push(() => fs.rmSync(setup.dir, { recursive: true, force: true }));
    harness.pointGateway({ gatewayPublicKey: setup.gatewayKey.publicKey, ackTimeoutSeconds: 10 });
    const gateway = (await spawnGateway(setup.configFile)).child;
    cleanups.push(() => stopGateway(gateway));
    clearTallies();

    harness.dispatcher.start();
    expect(harness.sendAppointments(todayClinicId(), 1)).toHaveLength(3);
    await harness.waitFor(
      () =>
        harness
          .rows()
          .every((m) => m.status === 'confirmed' && (m.type === 'WORKLIST' || m.outcome !== null)),
      'all three confirmed with their destination outcomes',
      15_000,
    );
    const { frames } = fastDecodeCounts;
    expect(frames.fast.replies).toBeGreaterThanOrEqual(1);
    expect(frames.fast.events).toBeGreaterThanOrEqual(1);
    // Only the handshake's frames are left to zod here: the challenge and the hello_ok.
    expect(Object.keys(frames.schema).sort()).toEqual(['challenge', 'hello_ok']);
  });

  it('in the gateway: the app’s actions frame, each action’s parameters, and its event acknowledgement', async () => {
    const { relay, harness } = await appAndRelay();
    const received: ActionEnvelope[] = [];
    const gateway = await startTestGateway({
      relay,
      entity: 'alpha-gateway',
      workstationPublicKey: harness.identity.publicKey,
      store: (actions) => received.push(...actions),
    });
    cleanups.push(() => gateway.close());
    harness.pointGateway({ gatewayPublicKey: gateway.publicKey, ackTimeoutSeconds: 10 });
    clearTallies();

    harness.dispatcher.start();
    harness.sendAppointments(todayClinicId(), 1);
    await harness.waitFor(() => harness.rows().every((m) => m.status === 'confirmed'), 'all three confirmed');
    const deliver = received.find((a) => a.action_type === 'message.deliver')!;
    gateway.pushEvents([
      {
        event_id: 'outcome-1',
        event_type: 'delivery.outcome',
        timestamp: new Date().toISOString(),
        action_id: deliver.action_id,
        data: { outcome: 'delivered', destination: String(deliver.parameters.destination) },
      },
    ]);
    await harness.waitFor(() => gateway.ackedEvents.includes('outcome-1'), 'the acknowledgement');

    const { frames, parameters } = fastDecodeCounts;
    expect(frames.fast.actions).toBeGreaterThanOrEqual(1);
    expect(frames.fast.event_acks).toBeGreaterThanOrEqual(1);
    // Only the handshake is left to zod: the hello here, the challenge and hello_ok in the app (this process too).
    expect(Object.keys(frames.schema).sort()).toEqual(['challenge', 'hello', 'hello_ok']);
    // The checks the gateway's applier makes of each action, on the actions exactly as decoded.
    for (const action of received) {
      const type = action.action_type as 'worklist.create_item' | 'message.deliver';
      expect(safeParseParameters(type, action.parameters).success).toBe(true);
    }
    expect(parameters.fast).toEqual({ 'worklist.create_item': 1, 'message.deliver': 2 });
    expect(parameters.schema).toEqual({});
  });
});
