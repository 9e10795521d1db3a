import type { LocalRelay } from 'modality-link-relay';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import {
  createDispatchHarness,
  queueRawMessages,
  todayClinicId,
} from '../../../test-support/dispatch-harness';
import {
  generateSigningKeyPair,
  startTestGateway,
  startTestRelay,
  type TestGateway,
  type TestGatewayBehaviour,
} from '../../../test-support/test-gateway';

let relay: LocalRelay | undefined;
let harness: Awaited<ReturnType<typeof createDispatchHarness>> | undefined;
const gateways: TestGateway[] = [];

afterEach(async () => {
  await harness?.close();
  await Promise.all(gateways.splice(0).map((g) => g.close()));
  await relay?.stop();
  harness = undefined;
  relay = undefined;
});

/** Retries far apart: anything delivered quickly afterwards was pulled forward, not waited out. */
const SLOW: BackoffPolicy = { ...DEFAULT_BACKOFF, baseMs: 600_000, capMs: 600_000, afterDayCapMs: 600_000 };
const QUICK: BackoffPolicy = { ...DEFAULT_BACKOFF, baseMs: 5, capMs: 20, afterDayCapMs: 20 };

async function setUp(options: { backoff?: BackoffPolicy; now?: () => Date } = {}) {
  relay = await startTestRelay(['alpha-gateway']);
  harness = await createDispatchHarness({ relay, random: () => 0.99, ...options });
  return { relay, harness };
}

async function gateway(behaviour: TestGatewayBehaviour = {}, keyPair?: { publicKey: string }) {
  const g = await startTestGateway({
    relay: relay!,
    entity: 'alpha-gateway',
    workstationPublicKey: harness!.identity.publicKey,
    behaviour,
    // The production profile is off by default at a gateway (ADR 0012); these tests speak it.
    compatProfiles: ['nhs-gateway/1'],
    ...(keyPair ? { keyPair: keyPair as Awaited<ReturnType<typeof generateSigningKeyPair>> } : {}),
  });
  gateways.push(g);
  return g;
}

describe('delivery never gives up on a transient fault', () => {
  it('keeps retrying an offline gateway far past the old ten attempts, then delivers', async () => {
    const { harness } = await setUp({ backoff: QUICK });
    harness.pointGateway({ profile: 'nhs-gateway/1' });
    harness.dispatcher.start();
    harness.sendAppointments(todayClinicId(), 1);
    await harness.waitFor(() => harness.rows().some((m) => m.attempts >= 25), '25 attempts', 60_000);
    expect(harness.rows().filter((m) => m.status === 'failed' || m.status === 'expired')).toEqual([]);
    expect(harness.rows()[0]).toMatchObject({ type: 'WORKLIST', failingPhase: 'gateway_offline' });

    await gateway();
    await harness.waitFor(() => harness.rows().every((m) => m.status === 'confirmed'), 'all confirmed');
  });

  it('expires a waiting message a day after its clinic day, with the reason, and audits it', async () => {
    let clock = new Date();
    const { harness } = await setUp({ backoff: SLOW, now: () => clock });
    harness.pointGateway({ profile: 'nhs-gateway/1' });
    harness.dispatcher.start();
    harness.sendAppointments(todayClinicId(), 1);
    await harness.waitFor(() => harness.rows()[0]?.status === 'retry_wait', 'a first failure');
    const dayEnd = Date.parse(harness.rows()[0]!.clinicDayEndsAt!);
    expect(dayEnd).toBeGreaterThan(Date.now());

    clock = new Date(dayEnd + DEFAULT_BACKOFF.expiresAfterDayMs + 1_000);
    harness.dispatcher.wake();
    await harness.waitFor(() => harness.rows().every((m) => m.status === 'expired'), 'all expired');
    const [first] = harness.rows();
    expect(first!.lastError).toMatch(
      /^The clinic day is over and it could not be delivered in time: The gateway/,
    );
    expect(first!.expiredAt).toBe(clock.toISOString());
    const audited = harness.db.$client
      .prepare(`SELECT count(*) AS n FROM audit_events WHERE action = 'message.expired'`)
      .get() as { n: number };
    // nhs-gateway/1 carries the worklist item only (ADR 0018): one message, one audit row.
    expect(harness.rows()).toHaveLength(1);
    expect(audited.n).toBe(1);
  });
});

describe('a waiting message goes as soon as its gateway is back', () => {
  it('when the modality-link/1 session reopens, not after its ten-minute backoff', async () => {
    const keyPair = await generateSigningKeyPair();
    const { harness } = await setUp({ backoff: SLOW });
    harness.pointGateway({ gatewayPublicKey: keyPair.publicKey });
    harness.dispatcher.start();
    harness.sendAppointments(todayClinicId(), 1);
    await harness.waitFor(() => harness.rows()[0]?.status === 'retry_wait', 'a first failure');
    expect(Date.parse(harness.rows()[0]!.nextAttemptAt!) - Date.now()).toBeGreaterThan(60_000);

    await gateway({}, keyPair);
    await harness.waitFor(() => harness.rows().every((m) => m.status === 'confirmed'), 'confirmed', 30_000);
  });

  it('when a one-shot gateway answers a connection test after failures', async () => {
    const { harness } = await setUp({ backoff: SLOW });
    harness.pointGateway({ profile: 'nhs-gateway/1' });
    harness.dispatcher.start();
    harness.sendAppointments(todayClinicId(), 1);
    await harness.waitFor(() => harness.rows()[0]?.status === 'retry_wait', 'a first failure');

    await gateway();
    expect((await harness.dispatcher.probe('gateway-alpha', 'echo')).failure).toBeNull();
    await harness.waitFor(() => harness.rows().every((m) => m.status === 'confirmed'), 'confirmed');
  });
});

describe('replies prove what they claim', () => {
  it("fails production's unsupported action at once and still confirms the worklist item", async () => {
    const { harness } = await setUp({ backoff: QUICK });
    await gateway({
      replyWith: (action) =>
        action.action_type === 'message.deliver'
          ? { status: 'error', message: 'Unsupported action: message.deliver' }
          : undefined,
    });
    harness.pointGateway({ profile: 'nhs-gateway/1' });
    // A delivery queued before its gateway became nhs-gateway/1: the app no longer creates them (ADR 0018).
    queueRawMessages(harness.db, 'gateway-alpha', 1, 'queued-before');
    harness.dispatcher.start();
    harness.sendAppointments(todayClinicId(), 1);
    await harness.waitFor(
      () => harness.rows().every((m) => m.status === 'confirmed' || m.status === 'failed'),
      'every message settled',
    );
    const byType = Object.fromEntries(harness.rows().map((m) => [m.type, m]));
    expect(harness.rows().map((m) => m.type)).toEqual(['FHIR', 'WORKLIST']);
    expect(byType.WORKLIST).toMatchObject({ status: 'confirmed', attempts: 1 });
    expect(byType.FHIR).toMatchObject({
      status: 'failed',
      attempts: 1,
      failingPhase: 'rejected',
      lastError: 'The gateway rejected it: Unsupported action: message.deliver',
    });
  });

  it.each([
    [
      'a reply for another action',
      (id: string) => ({ status: 'created' as const, action_id: `not-${id}` }),
      /^The gateway's reply is for another action \(not-/,
    ],
    [
      'a status that does not fit the action',
      (id: string) => ({ status: 'accepted' as const, action_id: id }),
      /^The gateway answered "accepted" to worklist.create_item, which expects "created" or "exists"\.$/,
    ],
    [
      'a reply outside the contract (a create answered without its action id)',
      () => ({ status: 'created' as const }) as never,
      /^The gateway's reply is not one the production protocol defines\.$/,
    ],
  ])(
    'leaves the worklist message unconfirmed on %s, then confirms a proper reply',
    async (_, wrong, error) => {
      const { harness } = await setUp({ backoff: QUICK });
      const g = await gateway({
        replyWith: (action) =>
          action.action_type === 'worklist.create_item' ? wrong(action.action_id) : undefined,
      });
      harness.pointGateway({ profile: 'nhs-gateway/1' });
      harness.dispatcher.start();
      harness.sendAppointments(todayClinicId(), 1);
      await harness.waitFor(() => (harness.rows()[0]?.attempts ?? 0) >= 2, 'a second attempt');
      const worklist = harness.rows()[0]!;
      expect(worklist.confirmedAt).toBeNull();
      expect(worklist.failingPhase).toBe('rejected');
      expect(worklist.lastError).toMatch(error);

      g.behaviour = {};
      await harness.waitFor(() => harness.rows().every((m) => m.status === 'confirmed'), 'all confirmed');
    },
  );
});
