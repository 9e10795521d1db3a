import type { LocalRelay } from 'modality-link-relay';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addGateway,
  createDispatchHarness,
  queueRawMessages,
  todayClinicId,
} from '../../../test-support/dispatch-harness';
import { startTestGateway, startTestRelay, type TestGateway } from '../../../test-support/test-gateway';

let relay: LocalRelay | undefined;
let harness: Awaited<ReturnType<typeof createDispatchHarness>> | undefined;
const gateways: TestGateway[] = [];

afterEach(async () => {
  await harness?.close();
  await Promise.all(gateways.splice(0).map((g) => g.close()));
  await relay?.stop();
});

async function setUp(entities: string[]) {
  relay = await startTestRelay(entities);
  harness = await createDispatchHarness({ relay });
  return { relay, harness };
}

describe('dispatcher profiles and load', () => {
  it.each(['nhs-gateway/1', 'poc-five'] as const)(
    'delivers one action per connection to a %s gateway',
    async (profile) => {
      const { relay, harness } = await setUp(['alpha-gateway']);
      const g = await startTestGateway({ relay, entity: 'alpha-gateway', compatProfiles: [profile] });
      gateways.push(g);
      harness.pointGateway({ profile });
      harness.dispatcher.start();
      const ids = harness.sendAppointments(todayClinicId(), 2);
      await harness.waitFor(() => harness.rows().every((m) => m.status === 'confirmed'), 'all confirmed');
      expect([...g.unique].sort()).toEqual([...ids].sort());
      // Each action took its own connection and got its own reply.
      expect(g.received).toHaveLength(ids.length);
    },
  );

  it('fails a message at once, saying why, when the gateway has that unsigned profile turned off', async () => {
    const { relay, harness } = await setUp(['alpha-gateway']);
    gateways.push(await startTestGateway({ relay, entity: 'alpha-gateway' }));
    harness.pointGateway({ profile: 'nhs-gateway/1' });
    harness.dispatcher.start();
    harness.sendAppointments(todayClinicId(), 1);
    await harness.waitFor(() => harness.rows().some((m) => m.status === 'failed'), 'a failure');
    const failed = harness.rows().find((m) => m.status === 'failed')!;
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toBe(
      'The gateway rejected it: Profile nhs-gateway/1 is turned off on this gateway.',
    );
  });

  it('marks a message failed at once when the gateway says retrying cannot help', async () => {
    const { relay, harness } = await setUp(['alpha-gateway']);
    const g = await startTestGateway({
      relay,
      entity: 'alpha-gateway',
      workstationPublicKey: harness.identity.publicKey,
    });
    gateways.push(g);
    harness.pointGateway({ gatewayPublicKey: g.publicKey });
    harness.dispatcher.start();
    const [first] = harness.sendAppointments(todayClinicId(), 1);
    g.behaviour = { rejectIds: new Set(harness.rows().map((m) => m.id)) };
    await harness.waitFor(() => harness.rows().some((m) => m.status === 'failed'), 'a failure');
    const failed = harness.rows().find((m) => m.status === 'failed')!;
    expect(failed.attempts).toBe(1);
    expect(failed.failingPhase).toBe('rejected');
    expect(failed.lastError).toBe('The gateway rejected it: Destination not allowed');
    expect(first).toBeDefined();
  });

  it('applies a gateway event once, however often it is sent, and acknowledges every copy', async () => {
    const { relay, harness } = await setUp(['alpha-gateway']);
    const g = await startTestGateway({
      relay,
      entity: 'alpha-gateway',
      workstationPublicKey: harness.identity.publicKey,
    });
    gateways.push(g);
    harness.pointGateway({ gatewayPublicKey: g.publicKey });
    harness.dispatcher.start();
    harness.sendAppointments(todayClinicId(), 1);
    await harness.waitFor(() => harness.rows().every((m) => m.status === 'confirmed'), 'confirmed');
    const fhir = harness.rows().find((m) => m.type === 'FHIR')!;
    const event = {
      event_id: 'evt-1',
      event_type: 'delivery.outcome' as const,
      timestamp: new Date().toISOString(),
      action_id: fhir.id,
      data: { outcome: 'rejected', destination: 'trust-fhir', message: 'HTTP 422 Unprocessable' },
    };
    g.pushEvents([event]);
    g.pushEvents([event]);
    await harness.waitFor(() => g.ackedEvents.length === 2, 'both copies acknowledged');
    const after = harness.rows().find((m) => m.id === fhir.id)!;
    expect(after.outcome).toBe('rejected');
    expect(after.failingPhase).toBe('destination_failed');
    expect(after.lastError).toBe('The destination trust-fhir rejected it: HTTP 422 Unprocessable');
    expect(harness.db.$client.prepare('SELECT count(*) AS n FROM gateway_events').get()).toEqual({ n: 1 });
  });

  it('reopens a dropped session on its own while an appointment is at the modality, so events still arrive', async () => {
    const { relay, harness } = await setUp(['alpha-gateway']);
    const g = await startTestGateway({
      relay,
      entity: 'alpha-gateway',
      workstationPublicKey: harness.identity.publicKey,
    });
    gateways.push(g);
    harness.pointGateway({ gatewayPublicKey: g.publicKey });
    harness.dispatcher.start();
    harness.sendAppointments(todayClinicId(), 1);
    await harness.waitFor(() => harness.rows().every((m) => m.status === 'confirmed'), 'confirmed');
    expect(g.hellos).toBe(1);
    expect(relay.faults.killBridges()).toBe(1);
    await harness.waitFor(() => g.hellos === 2 && g.openSessions() === 1, 'the session to be reopened');

    const accession = harness.db.$client
      .prepare('SELECT accession_number AS a FROM appointments WHERE accession_number IS NOT NULL')
      .get() as { a: string };
    g.pushEvents([
      {
        event_id: 'proc-1',
        event_type: 'procedure.in_progress',
        timestamp: new Date().toISOString(),
        accession_number: accession.a,
        data: {},
      },
    ]);
    await harness.waitFor(() => g.ackedEvents.includes('proc-1'), 'the event to be acknowledged');
    const state = harness.db.$client
      .prepare('SELECT state FROM appointments WHERE accession_number = ?')
      .get(accession.a);
    expect(state).toEqual({ state: 'in_progress' });
  });

  it('confirms 1,000 messages across three gateways', async () => {
    const { relay, harness } = await setUp(['alpha-gateway', 'beta', 'gamma']);
    const started = await Promise.all(
      ['alpha-gateway', 'beta', 'gamma'].map((entity) =>
        startTestGateway({ relay, entity, workstationPublicKey: harness.identity.publicKey }),
      ),
    );
    gateways.push(...started);
    harness.pointGateway({ gatewayPublicKey: started[0]!.publicKey });
    addGateway(harness.db, {
      id: 'gateway-beta',
      entity: 'beta',
      port: relay.port,
      profile: 'modality-link/1',
      publicKey: started[1]!.publicKey,
    });
    addGateway(harness.db, {
      id: 'gateway-gamma',
      entity: 'gamma',
      port: relay.port,
      profile: 'modality-link/1',
      publicKey: started[2]!.publicKey,
    });
    const ids = [
      ...queueRawMessages(harness.db, 'gateway-alpha', 334, 'a'),
      ...queueRawMessages(harness.db, 'gateway-beta', 333, 'b'),
      ...queueRawMessages(harness.db, 'gateway-gamma', 333, 'c'),
    ];
    harness.dispatcher.start();
    await harness.waitFor(() => harness.statusCounts().confirmed === 1000, '1,000 confirmed', 30_000);
    expect(started.map((g) => g.unique.size)).toEqual([334, 333, 333]);
    expect(new Set(started.flatMap((g) => [...g.unique]))).toEqual(new Set(ids));
  });
});
