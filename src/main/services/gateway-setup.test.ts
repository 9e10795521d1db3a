import type { LocalRelay } from 'modality-link-relay';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gatewayDraftSchema, type GatewayDraft } from '../../shared/ipc/gateway-setup';
import { gateways } from '../db/schema';
import { relayChannelFactory } from '../relay/channel-factory';
import type { SecretStore } from '../secrets/secret-store';
import { createDispatchHarness } from '../test-support/dispatch-harness';
import { SEND_KEY, startTestGateway, startTestRelay, type TestGateway } from '../test-support/test-gateway';
import { GatewaySetup } from './gateway-setup';

let relay: LocalRelay;
let harness: Awaited<ReturnType<typeof createDispatchHarness>>;
let remote: TestGateway;
let setup: GatewaySetup;
const forgotten: string[] = [];

beforeEach(async () => {
  relay = await startTestRelay(['beta-gateway']);
  harness = await createDispatchHarness({ relay });
  remote = await startTestGateway({
    relay,
    entity: 'beta-gateway',
    workstationPublicKey: harness.identity.publicKey,
  });
  const idle = {
    state: 'idle' as const,
    lastContactAt: null,
    lastRoundTripMs: null,
    lastError: null,
    failingPhase: null,
  };
  setup = new GatewaySetup(
    harness.ctx,
    harness.secrets,
    (secrets: SecretStore) =>
      relayChannelFactory({
        secrets,
        identity: harness.identity,
        log: pino({ level: 'silent' }),
        connectTimeoutMs: 3000,
        applyEvents: () => [],
      }),
    () => idle,
    async (id) => void forgotten.push(id),
  );
});
afterEach(async () => {
  await remote.close();
  await harness.close();
  await relay.stop();
  forgotten.length = 0;
});

const draft = (overrides: Partial<GatewayDraft> = {}): GatewayDraft => ({
  providerId: 'provider-alpha',
  name: 'Beta site gateway',
  relayAddress: relay.url,
  hybridConnection: 'beta-gateway',
  sendRuleName: 'send',
  sendKey: SEND_KEY,
  profile: 'modality-link/1',
  routes: [{ messageType: 'WORKLIST', destination: 'mwl' }],
  gatewayPublicKey: remote.publicKey,
  ...overrides,
});

describe('gateway set-up', () => {
  it('explains every invalid field in plain words', () => {
    const result = gatewayDraftSchema.safeParse({
      providerId: '',
      name: ' ',
      relayAddress: 'https://portal.azure.com/namespace',
      hybridConnection: 'bad name!',
      sendRuleName: 'send',
      profile: 'modality-link/1',
      routes: [],
      gatewayPublicKey: 'not-a-key',
    });
    expect(result.success).toBe(false);
    const byField = Object.fromEntries(result.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(byField).toMatchObject({
      providerId: 'Choose the provider this gateway serves',
      name: 'Enter a name for the gateway',
      relayAddress: expect.stringMatching(/^Relay namespace must look like sb:\/\//),
      hybridConnection: expect.stringMatching(/^Hybrid connection name can only contain/),
      routes: 'Add at least one route: which messages go to which destination',
      gatewayPublicKey: expect.stringMatching(/^Gateway public key must be the 44-character key/),
      sendKey: 'Enter the send key',
    });
  });

  it('tests a draft through the relay before anything is saved', async () => {
    const before = harness.db.select().from(gateways).all().length;
    const ok = await setup.testDraft(draft());
    expect(ok.echo).toMatchObject({ ok: true, failingPhase: null });
    expect(ok.health).toMatchObject({ ok: true, details: { healthy: true } });

    const wrongKey = await setup.testDraft(
      draft({ sendKey: 'd3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktMDA=' }),
    );
    expect(wrongKey.echo).toMatchObject({ ok: false, failingPhase: 'credentials_rejected' });
    const nobody = await setup.testDraft(draft({ hybridConnection: 'no-such-gateway' }));
    expect(nobody.echo.ok).toBe(false);
    expect(harness.db.select().from(gateways).all()).toHaveLength(before);
  });

  it('saves the gateway, keeps the key only in the secret store, and audits without values', async () => {
    const view = await setup.save(draft({ makeDefault: true }));
    expect(view).toMatchObject({
      name: 'Beta site gateway',
      profile: 'modality-link/1',
      keyEnrolled: true,
      hybridConnection: 'beta-gateway',
    });
    expect(JSON.stringify(view)).not.toContain(SEND_KEY);
    const row = harness.db
      .select()
      .from(gateways)
      .all()
      .find((g) => g.id === view.id)!;
    expect(JSON.stringify(row)).not.toContain(SEND_KEY);
    expect(harness.secrets.get(row.sendKeyRef)).toBe(SEND_KEY);
    expect(row.isDefault).toBe(true);
    expect(
      harness.db
        .select()
        .from(gateways)
        .all()
        .filter((g) => g.isDefault),
    ).toHaveLength(1);
    const audit = harness.db.$client
      .prepare("SELECT details FROM audit_events WHERE action = 'gateway.created'")
      .get() as { details: string };
    expect(audit.details).not.toContain(SEND_KEY);
    expect(JSON.parse(audit.details)).toMatchObject({ keyChanged: true });
    expect(forgotten).toEqual([view.id]);

    // An edit without a key keeps the stored one and can still be tested.
    const edited = await setup.save(
      draft({ id: view.id, name: 'Beta site gateway (renamed)', sendKey: undefined }),
    );
    expect(edited.name).toBe('Beta site gateway (renamed)');
    expect(harness.secrets.get(row.sendKeyRef)).toBe(SEND_KEY);
    expect((await setup.testDraft(draft({ id: view.id, sendKey: undefined }))).echo.ok).toBe(true);
  });
});
