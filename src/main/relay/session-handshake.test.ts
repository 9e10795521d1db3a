import { createRelayedServer, type RelayedServer } from 'hyco-ws';
import {
  buildConnectUrl,
  buildListenUrl,
  createSasToken,
  parseRelayBase,
  resourceUriFor,
} from 'modality-link-relay';
import type { LocalRelay } from 'modality-link-relay';
import { afterEach, describe, expect, it } from 'vitest';
import { generateSigningKeyPair, importSigningKey } from 'modality-link-protocol';
import { createLogger } from '../logger';
import { LISTEN_KEY, SEND_KEY, startTestRelay } from '../../../test-support/test-gateway';
import { ModalityLinkChannel } from './modality-link-channel';
import { probeChannel } from './probe';

/**
 * The app's side of the challenge (ADR 0012) against gateways that do not speak it: one older than the
 * app (no challenge) and one newer whose hello rules the app does not meet. Real relay, real hyco-ws.
 */
const ENTITY = 'old-gateway';
let relay: LocalRelay | undefined;
let server: RelayedServer | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await relay?.stop();
});

async function gatewayThat(onOpen: (send: (text: string) => void) => void) {
  relay = await startTestRelay([ENTITY]);
  const base = parseRelayBase(relay.url);
  server = createRelayedServer({
    server: buildListenUrl(base, ENTITY),
    token: () => createSasToken(resourceUriFor(base, ENTITY), 'listen', LISTEN_KEY, 7200),
  });
  server.on('error', () => undefined);
  server.on('connection', (socket) => {
    socket.on('error', () => undefined);
    socket.once('open', () => onOpen((text) => socket.send(text, () => undefined)));
  });
  await new Promise<void>((resolve) => server!.once('listening', resolve));
  const pair = await generateSigningKeyPair();
  return new ModalityLinkChannel({
    gatewayName: 'Old',
    endpoint: {
      url: buildConnectUrl(base, ENTITY, { query: { profile: 'modality-link/1' } }),
      token: () => createSasToken(resourceUriFor(base, ENTITY), 'send', SEND_KEY, 3600),
    },
    identity: { workstationId: 'ws-1', publicKey: pair.publicKey, signingKey: await importSigningKey(pair) },
    gatewayPublicKey: (await generateSigningKeyPair()).publicKey,
    ackTimeoutMs: 500,
    connectTimeoutMs: 3000,
    log: createLogger({ level: 'silent' }),
    onEvents: () => [],
  });
}

describe('handshake with a gateway that does not speak the challenge', () => {
  it('says the gateway sent no challenge, when it never does', async () => {
    const channel = await gatewayThat(() => undefined);
    const result = await probeChannel(channel, 'echo', new Date());
    expect(result.failure).toMatchObject({
      phase: 'ack_timeout',
      message: 'The gateway "Old" did not send its challenge in time.',
    });
    await channel.close();
  });

  it('fails without retrying when the gateway refuses the handshake with challenge_required', async () => {
    const channel = await gatewayThat((send) =>
      send(JSON.stringify({ kind: 'error', code: 'challenge_required', message: 'Update the app.' })),
    );
    const result = await probeChannel(channel, 'echo', new Date());
    expect(result.failure).toMatchObject({
      phase: 'rejected',
      retryable: false,
      message: 'The gateway refused it: Update the app.',
    });
    await channel.close();
  });
});
