import hyco from 'hyco-ws';
import type { LegacySocket, RelayedServer } from 'hyco-ws';
import { buildConnectUrl, buildListenUrl, type ConnectUrlOptions, type LocalRelay } from '../src/index.js';
import { base } from './helpers.js';

export type { LegacySocket, RelayedServer };

export interface HycoListener {
  server: RelayedServer;
  errors: string[];
  close(): void;
}

/** Starts an unmodified hyco-ws listener and resolves once its control channel is open. */
export function startHycoListener(
  relay: LocalRelay,
  entity: string,
  token: () => string,
  onConnection: (socket: LegacySocket) => void,
): Promise<HycoListener> {
  return new Promise((resolve, reject) => {
    const errors: string[] = [];
    const server = hyco.createRelayedServer(
      { server: buildListenUrl(base(relay), entity), token },
      onConnection,
    );
    const listener: HycoListener = { server, errors, close: () => server.close() };
    server.on('error', (event) => {
      errors.push(String(event.message));
      // hyco-ws retries at once, twice per failure; a test stops it at the first refusal.
      server.close();
      reject(new Error(`hyco listener failed: ${String(event.message)}`));
    });
    server.once('listening', () => resolve(listener));
  });
}

export type HycoOutcome = { open: LegacySocket } | { status: number; reason: string };

/** Connects with hyco-ws's `relayedConnect` (token in the ServiceBusAuthorization header). */
export function hycoConnect(
  relay: LocalRelay,
  entity: string,
  token: string,
  opts?: ConnectUrlOptions,
): Promise<HycoOutcome> {
  return new Promise((resolve, reject) => {
    const socket = hyco.relayedConnect(buildConnectUrl(base(relay), entity, opts), token);
    socket.on('open', () => resolve({ open: socket }));
    socket.on('unexpected-response', (req, res) => {
      resolve({ status: res.statusCode ?? 0, reason: res.statusMessage ?? '' });
      res.resume();
      req.destroy();
    });
    socket.on('error', (err) => reject(err instanceof Error ? err : new Error(err)));
  });
}

export function legacyMessage(socket: LegacySocket): Promise<{ data: string | Buffer; binary: boolean }> {
  return new Promise((resolve) => {
    socket.once('message', (data: string | Buffer, flags: { binary?: boolean }) =>
      resolve({ data, binary: !!flags.binary }),
    );
  });
}

export function legacyClose(socket: LegacySocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    socket.once('close', (code: number, reason: string) => resolve({ code, reason })),
  );
}

export function legacyOpen(socket: LegacySocket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.readyState === hyco.OPEN) resolve();
    else socket.once('open', () => resolve());
  });
}

export { buildListenUrl };
