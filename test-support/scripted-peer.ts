import { createRelayedServer, type RelayedServer } from 'hyco-ws';
import {
  buildConnectUrl,
  buildListenUrl,
  createSasToken,
  parseRelayBase,
  resourceUriFor,
  type LocalRelay,
} from 'modality-link-relay';
import type { RelayEndpoint } from '../src/main/relay/relay-endpoint';
import { LISTEN_KEY, SEND_KEY } from './test-gateway';

/**
 * A peer we do not control, stood in for by a bare hyco-ws listener on the local relay: it keeps the
 * exact text of every request and answers with the text the test scripts, as the production gateway
 * or the seed's listener would. Golden-frame tests read what really crossed the relay.
 */
export interface ScriptedPeer {
  /** Each request's text, in arrival order. */
  readonly received: string[];
  /** The sender endpoint for this peer under `profile`, as the app's channels take it. */
  endpoint(profile: string): RelayEndpoint;
  close(): Promise<void>;
}

export async function startScriptedPeer(
  relay: LocalRelay,
  entity: string,
  answer: (request: string) => string,
): Promise<ScriptedPeer> {
  const base = parseRelayBase(relay.url);
  const server: RelayedServer = createRelayedServer({
    server: buildListenUrl(base, entity),
    token: () => createSasToken(resourceUriFor(base, entity), 'listen', LISTEN_KEY, 7200),
  });
  server.on('error', () => undefined);
  const received: string[] = [];
  server.on('connection', (socket) => {
    socket.on('error', () => undefined);
    socket.on('message', (data) => {
      const text = typeof data === 'string' ? data : data.toString('utf8');
      received.push(text);
      socket.send(answer(text), () => undefined);
    });
  });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return {
    received,
    endpoint: (profile) => ({
      url: buildConnectUrl(base, entity, { query: { profile } }),
      token: () => createSasToken(resourceUriFor(base, entity), 'send', SEND_KEY, 3600),
    }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
