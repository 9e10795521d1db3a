import type { LocalRelay } from 'modality-link-relay';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gatewayDraftSchema, type GatewayDraft } from '#shared/ipc/gateway-setup';
import { gateways } from '../../db/schema';
import { createLogger } from '../../logger';
import { relayChannelFactory } from '../../relay/channel-factory';
import type { SecretStore } from '../../secrets/secret-store';
import { createDispatchHarness, queueRawMessages } from '../../../../test-support/dispatch-harness';
import {
  SEND_KEY,
  startTestGateway,
  startTestRelay,
  type TestGateway,
} from '../../../../test-support/test-gateway';
import { DomainError } from '../errors';
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
        log: createLogger({ level: 'silent' }),
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

/** The schema's first message per field, as main reports a refused save. */
function fieldErrors(value: unknown): Record<string, string> {
  const result = gatewayDraftSchema.safeParse(value);
  const fields: Record<string, string> = {};
  for (const issue of result.error?.issues ?? []) fields[issue.path.join('.')] ??= issue.message;
  return fields;
}

describe('gateway set-up per protocol (issue 13)', () => {
  const PRODUCTION_REASON =
    'Remove this route or choose another protocol: the production NHS gateway (nhs-gateway/1) takes worklist items only and answers “Unsupported action” to FHIR and HL7 v2 messages';

  it('refuses FHIR and HL7 v2 routes on an nhs-gateway/1 gateway, saying why', () => {
    const routes = [
      { messageType: 'WORKLIST', destination: 'mwl' },
      { messageType: 'FHIR', destination: 'trust-fhir' },
      { messageType: 'HL7v2', destination: 'tie-hl7' },
    ];
    expect(fieldErrors({ ...draft(), profile: 'nhs-gateway/1', routes })).toEqual({
      'routes.1.messageType': PRODUCTION_REASON,
      'routes.2.messageType': PRODUCTION_REASON,
    });
    expect(fieldErrors({ ...draft(), profile: 'modality-link/1', routes })).toEqual({});
  });

  it('takes a web address of up to 300 characters as a destination for poc-five only', () => {
    const url = (length: number) => `https://tie.example.nhs.uk/${'a'.repeat(length - 27)}`;
    const withDestination = (profile: GatewayDraft['profile'], destination: string) =>
      fieldErrors({ ...draft(), profile, routes: [{ messageType: 'FHIR', destination }] });
    expect(url(300)).toHaveLength(300);
    expect(withDestination('poc-five', url(300))).toEqual({});
    expect(withDestination('poc-five', 'mwl')).toEqual({});
    expect(withDestination('poc-five', url(301))).toEqual({
      'routes.0.destination': 'Destination must be 300 characters or fewer',
    });
    expect(withDestination('poc-five', 'tie.example.nhs.uk/fhir')).toEqual({
      'routes.0.destination':
        'Destination must be the destination name in lower case, for example mwl, or a web address starting with https://',
    });
    expect(withDestination('poc-five', 'ftp://tie.example.nhs.uk/fhir')).toHaveProperty(
      'routes.0.destination',
    );
    expect(withDestination('modality-link/1', url(40))).toEqual({
      'routes.0.destination':
        'Destination must be the gateway’s destination name, in lower case, for example mwl',
    });
  });

  it('tests a poc-five draft by a connection alone: echo and health are not available, not passed', async () => {
    await remote.close();
    remote = await startTestGateway({ relay, entity: 'beta-gateway', compatProfiles: ['poc-five'] });
    const result = await setup.testDraft(draft({ profile: 'poc-five', gatewayPublicKey: undefined }));
    expect(result.connection).toMatchObject({
      available: true,
      ok: true,
      message: 'The gateway’s listener took a connection through the relay. Nothing was sent.',
      failingPhase: null,
    });
    expect(result.echo).toEqual({
      available: false,
      ok: false,
      roundTripMs: null,
      message: 'Not available on this protocol: the proof-of-concept listener (poc-five) has no echo.',
      failingPhase: null,
    });
    expect(result.health).toEqual({
      available: false,
      ok: false,
      roundTripMs: null,
      message:
        'Not available on this protocol: the proof-of-concept listener (poc-five) has no health check.',
      failingPhase: null,
      details: null,
    });
    expect(remote.received).toEqual([]);

    const nobody = await setup.testDraft(
      draft({ profile: 'poc-five', gatewayPublicKey: undefined, hybridConnection: 'no-such-gateway' }),
    );
    expect(nobody.connection).toMatchObject({ available: true, ok: false });
    expect(nobody.connection?.failingPhase).not.toBeNull();
  });

  it('runs both checks on an nhs-gateway/1 draft, as production answers both', async () => {
    await remote.close();
    remote = await startTestGateway({ relay, entity: 'beta-gateway', compatProfiles: ['nhs-gateway/1'] });
    const result = await setup.testDraft(draft({ profile: 'nhs-gateway/1', gatewayPublicKey: undefined }));
    expect(result.connection).toBeUndefined();
    expect(result.echo).toMatchObject({ available: true, ok: true });
    expect(result.health).toMatchObject({ available: true, ok: true });
  });

  it('keeps the protocol while messages built for it still wait, and changes it once they are gone', async () => {
    const view = await setup.save(draft());
    const [waiting] = queueRawMessages(harness.db, view.id, 1, 'waiting');
    const change = draft({ id: view.id, sendKey: undefined, profile: 'nhs-gateway/1' });
    const refused = await setup.save(change).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).message).toBe(
      '1 message is still waiting to go through this gateway, built for its current protocol (modality-link/1). Wait until they have gone, or cancel them on the Messages screen, then change the protocol.',
    );
    expect(
      harness.db
        .select()
        .from(gateways)
        .all()
        .find((g) => g.id === view.id)?.profile,
    ).toBe('modality-link/1');
    harness.db.$client.prepare("UPDATE messages SET status = 'cancelled' WHERE id = ?").run(waiting);
    expect((await setup.save(change)).profile).toBe('nhs-gateway/1');
  });
});
