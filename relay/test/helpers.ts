import { randomBytes } from 'node:crypto';
import { WebSocket, type ClientOptions, type RawData } from 'ws';
import {
  buildListenUrl,
  createSasToken,
  parseRelayBase,
  resourceUriFor,
  startRelay,
  type LocalRelay,
  type RelayOptions,
} from '../src/index.js';

export const ROOT_KEY = randomBytes(32).toString('base64');
export const LISTEN_KEY = randomBytes(32).toString('base64');
export const SEND_KEY = randomBytes(32).toString('base64');
export const ENTITY_KEY = randomBytes(32).toString('base64');

/** A relay with two entities and rules for every case the tests need; bound to 127.0.0.1 on a free port. */
export async function startTestRelay(overrides: Partial<RelayOptions> = {}): Promise<LocalRelay> {
  return startRelay({
    host: '127.0.0.1',
    port: 0,
    namespace: 'test-ns.servicebus.windows.net',
    entities: ['gateway', 'other'],
    rules: [
      { name: 'RootManageSharedAccessKey', key: ROOT_KEY, rights: ['manage', 'listen', 'send'] },
      { name: 'listen-only', key: LISTEN_KEY, rights: ['listen'] },
      { name: 'send-only', key: SEND_KEY, rights: ['send'] },
      { name: 'gateway-listen', key: ENTITY_KEY, rights: ['listen'], entity: 'gateway' },
    ],
    acceptTimeoutMs: 5000,
    ...overrides,
  });
}

/** A token for `entity` (or the namespace) signed for the host the relay is reached at. */
export function tokenFor(
  relay: LocalRelay,
  entity: string | undefined,
  rule = 'RootManageSharedAccessKey',
  key = ROOT_KEY,
  seconds = 3600,
): string {
  return createSasToken(resourceUriFor(parseRelayBase(relay.url), entity), rule, key, seconds);
}

export function base(relay: LocalRelay): ReturnType<typeof parseRelayBase> {
  return parseRelayBase(relay.url);
}

export type HandshakeOutcome = { open: WebSocket } | { status: number; reason: string };

/**
 * Starts a WebSocket handshake. The socket is returned at once so that handlers can be attached before it
 * opens: a message that arrives together with the 101 is emitted before an awaiting caller resumes.
 */
export function dial(
  url: string,
  options: ClientOptions = {},
  protocols?: string[],
): { ws: WebSocket; outcome: Promise<HandshakeOutcome> } {
  const ws = new WebSocket(url, protocols, options);
  const outcome = new Promise<HandshakeOutcome>((resolve, reject) => {
    ws.once('open', () => resolve({ open: ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, reason: res.statusMessage ?? '' });
      res.resume();
      ws.terminate();
    });
    ws.once('error', (err) => reject(err));
  });
  return { ws, outcome };
}

/** Opens a WebSocket and reports either the open socket or the HTTP status that refused it. */
export function handshake(
  url: string,
  options: ClientOptions = {},
  protocols?: string[],
): Promise<HandshakeOutcome> {
  return dial(url, options, protocols).outcome;
}

export async function expectStatus(
  url: string,
  options: ClientOptions = {},
): Promise<{ status: number; reason: string }> {
  const outcome = await handshake(url, options);
  if ('open' in outcome) {
    outcome.open.terminate();
    throw new Error(
      `expected the handshake to be refused, but it opened: ${url.replace(/sb-hc-token=[^&]*/, 'sb-hc-token=...')}`,
    );
  }
  return outcome;
}

export interface AcceptNotice {
  address: string;
  id: string;
  connectHeaders: Record<string, string>;
}

/**
 * A listener written straight from the protocol guide with `ws` 8: control channel, accept by connecting
 * to the address, echo what arrives. `onAccept` can take over (to reject, delay or ignore).
 */
export class RawListener {
  readonly accepts: AcceptNotice[] = [];
  readonly connections: WebSocket[] = [];
  onAccept: ((notice: AcceptNotice) => void) | undefined;
  echo = true;

  private constructor(
    readonly control: WebSocket,
    private readonly clientOptions: ClientOptions,
  ) {
    control.on('message', (data: RawData) => {
      const message = JSON.parse(data.toString()) as { accept?: AcceptNotice };
      if (!message.accept) return;
      this.accepts.push(message.accept);
      if (this.onAccept) this.onAccept(message.accept);
      else void this.accept(message.accept);
    });
  }

  static async open(
    relay: LocalRelay,
    entity: string,
    token: string,
    options: ClientOptions = {},
  ): Promise<RawListener> {
    const url = buildListenUrl(base(relay), entity);
    const outcome = await handshake(url, { ...options, headers: { ServiceBusAuthorization: token } });
    if (!('open' in outcome)) throw new Error(`listener refused: ${outcome.status} ${outcome.reason}`);
    return new RawListener(outcome.open, options);
  }

  async accept(notice: AcceptNotice, protocols?: string[]): Promise<WebSocket> {
    const { ws, outcome } = dial(notice.address, this.clientOptions, protocols);
    ws.on('error', () => undefined);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (this.echo) ws.send(data as Buffer, { binary: isBinary });
    });
    const result = await outcome;
    if (!('open' in result)) throw new Error(`accept refused: ${result.status} ${result.reason}`);
    this.connections.push(ws);
    return ws;
  }

  close(): void {
    this.control.close();
    for (const c of this.connections) c.terminate();
  }
}

export async function waitFor(check: () => boolean, what = 'condition', timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Waits until the relay holds nothing: the proof that nothing leaked. */
export async function expectDrained(relay: LocalRelay): Promise<void> {
  await waitFor(
    () => {
      const c = relay.counters();
      return c.listeners === 0 && c.pendingAccepts === 0 && c.bridges === 0 && c.sockets === 0;
    },
    `relay to drain (${JSON.stringify(relay.counters())})`,
  );
}

export function nextMessage(ws: WebSocket): Promise<{ data: Buffer; isBinary: boolean }> {
  return new Promise((resolve) =>
    ws.once('message', (data: RawData, isBinary: boolean) => resolve({ data: data as Buffer, isBinary })),
  );
}

export function nextClose(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    ws.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })),
  );
}
