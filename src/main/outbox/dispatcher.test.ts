import type { LocalRelay } from 'modality-link-relay';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatchHarness, todayClinicId } from '../../../test-support/dispatch-harness';
import {
  generateSigningKeyPair,
  LISTEN_KEY,
  startTestGateway,
  startTestRelay,
  type TestGateway,
} from '../../../test-support/test-gateway';

let relay: LocalRelay;
let harness: Awaited<ReturnType<typeof createDispatchHarness>>;
const gateways: TestGateway[] = [];

beforeEach(async () => {
  relay = await startTestRelay(['alpha-gateway']);
  harness = await createDispatchHarness({ relay });
});
afterEach(async () => {
  await harness.close();
  await Promise.all(gateways.splice(0).map((g) => g.close()));
  await relay.stop();
});

async function gateway(behaviour = {}, keyPair?: Awaited<ReturnType<typeof generateSigningKeyPair>>) {
  const g = await startTestGateway({
    relay,
    entity: 'alpha-gateway',
    workstationPublicKey: harness.identity.publicKey,
    behaviour,
    ...(keyPair ? { keyPair } : {}),
  });
  gateways.push(g);
  return g;
}

describe('dispatcher over modality-link/1', () => {
  it('delivers and confirms each message, delivery before confirmation', async () => {
    const g = await gateway();
    harness.pointGateway({ gatewayPublicKey: g.publicKey });
    harness.dispatcher.start();
    const ids = harness.sendAppointments(todayClinicId(), 2);
    await harness.waitFor(() => harness.rows().every((m) => m.status === 'confirmed'), 'all confirmed');
    for (const m of harness.rows()) {
      expect(m.deliveredAt).not.toBeNull();
      expect(m.confirmedAt! >= m.deliveredAt!).toBe(true);
      expect(m.attempts).toBe(1);
      expect(JSON.parse(m.gatewayReply!).status).toMatch(/^(created|accepted)$/);
    }
    expect([...g.unique].sort()).toEqual([...ids].sort());
  });

  it('retries while no gateway listens, then delivers when it appears', async () => {
    const keyPair = await generateSigningKeyPair();
    harness.pointGateway({ gatewayPublicKey: keyPair.publicKey });
    harness.dispatcher.start();
    harness.sendAppointments(todayClinicId(), 1);
    await harness.waitFor(
      () => harness.rows().some((m) => m.attempts >= 3 && m.status === 'retry_wait'),
      'three failed attempts',
    );
    const [waiting, ...later] = harness.rows();
    // Only the appointment's first message is tried; the others wait their turn, in creation order.
    expect(waiting!.type).toBe('WORKLIST');
    expect(later.map((m) => [m.status, m.attempts])).toEqual([
      ['queued', 0],
      ['queued', 0],
    ]);
    expect(waiting!.failingPhase).toBe('gateway_offline');
    expect(waiting!.lastError).toMatch(/offline: no listener is connected to the relay \(404\)/);
    expect(waiting!.deliveredAt).toBeNull();

    const g = await gateway({}, keyPair);
    await harness.waitFor(
      () => harness.rows().every((m) => m.status === 'confirmed'),
      'confirmed after the gateway appeared',
    );
    expect(g.unique.size).toBe(3);
  });

  it('re-sends what was outstanding when the gateway drops mid-window, losing nothing', async () => {
    const g = await gateway({ dropAfterActions: 10 });
    harness.pointGateway({ gatewayPublicKey: g.publicKey });
    harness.dispatcher.start();
    const ids = harness.sendAppointments(todayClinicId(), 10);
    await harness.waitFor(() => g.received.length >= 10, 'the gateway to drop');
    g.behaviour = {};
    await harness.waitFor(
      () => harness.rows().every((m) => m.status === 'confirmed'),
      'all confirmed after the drop',
    );
    expect([...g.unique].sort()).toEqual([...ids].sort());
    expect(harness.rows().some((m) => m.attempts > 1)).toBe(true);
  });

  it('names the phase: ack timeout when the gateway never answers', async () => {
    const g = await gateway({ silent: true });
    harness.pointGateway({ gatewayPublicKey: g.publicKey, ackTimeoutSeconds: 1 });
    harness.dispatcher.start();
    harness.sendAppointments(todayClinicId(), 1);
    await harness.waitFor(
      () => harness.rows().some((m) => m.failingPhase === 'ack_timeout'),
      'an ack timeout',
    );
  });

  it('names the phase: credentials rejected for a wrong key (401) and for a rule without send rights (403)', async () => {
    const g = await gateway();
    harness.pointGateway({ gatewayPublicKey: g.publicKey });
    harness.secrets.set('relay-send-key:gateway-alpha', 'd3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktMDA=');
    harness.dispatcher.start();
    harness.sendAppointments(todayClinicId(), 1);
    await harness.waitFor(() => harness.rows().some((m) => m.failingPhase === 'credentials_rejected'), '401');
    expect(harness.rows()[0]!.lastError).toMatch(/\(401\)/);

    const other = await createDispatchHarness({ relay });
    try {
      other.pointGateway({ gatewayPublicKey: g.publicKey, sendRuleName: 'listen' });
      other.secrets.set('relay-send-key:gateway-alpha', LISTEN_KEY);
      other.dispatcher.start();
      other.sendAppointments(todayClinicId(), 1);
      await other.waitFor(() => other.rows().some((m) => m.failingPhase === 'credentials_rejected'), '403');
      expect(other.rows()[0]!.lastError).toMatch(/\(403\)/);
    } finally {
      await other.close();
    }
  });

  it('refuses a gateway whose signature does not match the enrolled key', async () => {
    const g = await gateway();
    const impostor = await startTestGateway({ relay, entity: 'alpha-gateway' });
    await impostor.close();
    harness.pointGateway({ gatewayPublicKey: impostor.publicKey });
    harness.dispatcher.start();
    harness.sendAppointments(todayClinicId(), 1);
    await harness.waitFor(
      () => harness.rows().some((m) => m.failingPhase === 'credentials_rejected'),
      'gateway refused',
    );
    expect(harness.rows()[0]!.lastError).toMatch(/could not be authenticated/);
    expect(g.unique.size).toBe(0);
  });

  it('is refused by a gateway that has not enrolled this workstation, and by one that finds its clock off', async () => {
    const stranger = await startTestGateway({ relay, entity: 'alpha-gateway' });
    gateways.push(stranger);
    harness.pointGateway({ gatewayPublicKey: stranger.publicKey });
    harness.dispatcher.start();
    harness.sendAppointments(todayClinicId(), 1);
    await harness.waitFor(
      () => harness.rows().some((m) => /not enrolled/.test(m.lastError ?? '')),
      'unknown workstation key',
    );
    expect(stranger.unique.size).toBe(0);

    await stranger.close();
    const skewed = await createDispatchHarness({ relay, now: () => new Date(Date.now() - 10 * 60_000) });
    try {
      const fresh = await startTestGateway({
        relay,
        entity: 'alpha-gateway',
        workstationPublicKey: skewed.identity.publicKey,
      });
      gateways.push(fresh);
      skewed.pointGateway({ gatewayPublicKey: fresh.publicKey });
      skewed.dispatcher.start();
      skewed.sendAppointments(todayClinicId(), 1);
      await skewed.waitFor(
        () => skewed.rows().some((m) => /timestamp is -?\d+ s from this clock/.test(m.lastError ?? '')),
        'stale',
      );
    } finally {
      await skewed.close();
    }
  });
});
