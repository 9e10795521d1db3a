import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalRelay } from '../src/index.js';
import {
  ENTITY_KEY,
  LISTEN_KEY,
  SEND_KEY,
  expectDrained,
  startTestRelay,
  tokenFor,
  waitFor,
} from './helpers.js';
import {
  hycoConnect,
  legacyClose,
  legacyMessage,
  legacyOpen,
  startHycoListener,
  type HycoListener,
  type LegacySocket,
} from './hyco-helpers.js';
import { makeTestCert, trustInGlobalAgent, type TestCert } from './tls-helpers.js';

/** Listener behaviour for the tests: greets each sender, answers text with text and binary with binary. */
function greeter(name: string) {
  return (socket: LegacySocket): void => {
    socket.on('error', () => undefined);
    socket.on('open', () => socket.send(`hello from ${name}`));
    socket.on('message', (data, flags) => {
      if (flags.binary) socket.send(Buffer.from(data as Buffer).reverse(), { binary: true });
      else if (String(data).startsWith('close:')) socket.close(Number(String(data).slice(6)), 'listener-bye');
      else socket.send(`${name} got ${String(data)}`);
    });
  };
}

function expectOpen(outcome: Awaited<ReturnType<typeof hycoConnect>>): LegacySocket {
  if (!('open' in outcome)) throw new Error(`refused: ${outcome.status} ${outcome.reason}`);
  return outcome.open;
}

describe.each([
  { scheme: 'ws', tls: false },
  { scheme: 'wss', tls: true },
])('unmodified hyco-ws 1.0.5 over $scheme://', ({ tls }) => {
  let cert: TestCert | undefined;
  let untrust: (() => void) | undefined;
  let relay: LocalRelay;
  const listeners: HycoListener[] = [];
  const senders: LegacySocket[] = [];

  beforeAll(() => {
    if (tls) {
      cert = makeTestCert();
      untrust = trustInGlobalAgent(cert.cert);
    }
  });
  afterAll(() => {
    untrust?.();
    cert?.dispose();
  });
  afterEach(async () => {
    vi.useRealTimers();
    for (const s of senders.splice(0)) s.terminate();
    for (const l of listeners.splice(0)) l.close();
    await expectDrained(relay);
    await relay.stop();
  });

  async function start(overrides = {}): Promise<void> {
    relay = await startTestRelay({
      ...(cert ? { tls: { cert: cert.certPath, key: cert.keyPath } } : {}),
      ...overrides,
    });
    expect(relay.url.startsWith(tls ? 'wss://' : 'ws://')).toBe(true);
  }

  async function listen(
    name = 'gw',
    entity = 'gateway',
    token = () => tokenFor(relay, entity),
  ): Promise<HycoListener> {
    const l = await startHycoListener(relay, entity, token, greeter(name));
    listeners.push(l);
    return l;
  }

  async function connect(entity = 'gateway', token = tokenFor(relay, entity)): Promise<LegacySocket> {
    const s = expectOpen(await hycoConnect(relay, entity, token));
    senders.push(s);
    return s;
  }

  it('relays text and binary both ways', async () => {
    await start();
    await listen();
    const sender = await connect();
    const greeting = legacyMessage(sender);
    expect(await greeting).toEqual({ data: 'hello from gw', binary: false });

    const textReply = legacyMessage(sender);
    sender.send('ping');
    expect(await textReply).toEqual({ data: 'gw got ping', binary: false });

    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const binaryReply = legacyMessage(sender);
    sender.send(bytes, { binary: true });
    const got = await binaryReply;
    expect(got.binary).toBe(true);
    expect(Buffer.from(got.data as Buffer)).toEqual(Buffer.from([255, 250, 2, 1, 0]));
  });

  it('passes close codes from listener to sender and from sender to listener', async () => {
    await start();
    let listenerSide: LegacySocket | undefined;
    const l = await startHycoListener(
      relay,
      'gateway',
      () => tokenFor(relay, 'gateway'),
      (socket) => {
        listenerSide = socket;
        greeter('gw')(socket);
      },
    );
    listeners.push(l);

    const first = await connect();
    const closed = legacyClose(first);
    first.send('close:4002');
    expect(await closed).toEqual({ code: 4002, reason: 'listener-bye' });

    const second = await connect();
    await legacyMessage(second); // the greeting: the listener's side of this connection is open
    if (!listenerSide) throw new Error('listener saw no connection');
    const atListener = legacyClose(listenerSide);
    second.close(4001, 'sender-bye');
    expect(await atListener).toEqual({ code: 4001, reason: 'sender-bye' });
  });

  it('refuses a bad signature with 401, for sender and listener', async () => {
    await start();
    await listen();
    const forged = tokenFor(relay, 'gateway', 'RootManageSharedAccessKey', SEND_KEY);
    const refused = await hycoConnect(relay, 'gateway', forged);
    expect(refused).toMatchObject({ status: 401 });
    expect((refused as { reason: string }).reason).toMatch(/InvalidSignature.*TrackingId:/);

    await expect(startHycoListener(relay, 'gateway', () => forged, greeter('x'))).rejects.toThrow(/401/);
  });

  it('refuses tokens without the needed right with 403', async () => {
    await start();
    await listen();
    const listenOnly = tokenFor(relay, 'gateway', 'listen-only', LISTEN_KEY);
    expect(await hycoConnect(relay, 'gateway', listenOnly)).toMatchObject({ status: 403 });
    const sendOnly = () => tokenFor(relay, 'gateway', 'send-only', SEND_KEY);
    await expect(startHycoListener(relay, 'gateway', sendOnly, greeter('x'))).rejects.toThrow(/403/);
  });

  it('answers 404 when no listener is connected', async () => {
    await start();
    const outcome = await hycoConnect(relay, 'other', tokenFor(relay, 'other'));
    expect(outcome).toMatchObject({ status: 404 });
    expect((outcome as { reason: string }).reason).toMatch(/no listeners connected.*TrackingId:/);
  });

  it('keeps the control channel past the first token expiry when the token function renews it', async () => {
    await start();
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let issued = 0;
    // First token lives 2 s (an entity-scoped rule); hyco-ws renews every hour, with tokens of an hour.
    const tokenFn = () =>
      issued++ === 0
        ? tokenFor(relay, 'gateway', 'gateway-listen', ENTITY_KEY, 2)
        : tokenFor(relay, 'gateway', 'gateway-listen', ENTITY_KEY, 3600);
    await listen('gw', 'gateway', tokenFn);
    const firstExpiry = relay.listeners()[0]?.tokenExpiresAt ?? 0;

    vi.advanceTimersByTime(60 * 60 * 1000); // hyco-ws's hourly renewal fires and sends renewToken
    await waitFor(() => (relay.listeners()[0]?.tokenExpiresAt ?? 0) > firstExpiry, 'renewal');
    expect(issued).toBe(2);

    await waitFor(() => Date.now() > firstExpiry * 1000 + 300, 'first token to lapse');
    expect(relay.counters().listeners).toBe(1);
    expect(listeners[0]?.errors).toEqual([]);
    const sender = await connect();
    expect(await legacyMessage(sender)).toEqual({ data: 'hello from gw', binary: false });
  });

  it('spreads senders across three listeners', async () => {
    await start();
    for (const name of ['a', 'b', 'c']) await listen(name);
    const seen = new Map<string, number>();
    for (let i = 0; i < 12; i++) {
      const sender = await connect();
      const greeting = String((await legacyMessage(sender)).data);
      seen.set(greeting, (seen.get(greeting) ?? 0) + 1);
      sender.close();
    }
    expect([...seen.keys()].sort()).toEqual(['hello from a', 'hello from b', 'hello from c']);
    expect([...seen.values()].reduce((a, b) => a + b)).toBe(12);
  });

  it('lets the listener reconnect after its control channel is dropped', async () => {
    await start();
    const l = await listen();
    let relistened = 0;
    l.server.on('listening', () => relistened++);
    expect(relay.faults.dropControlChannels({ code: 1011 })).toBe(1);
    await waitFor(() => relistened === 1, 'hyco-ws to reconnect');
    expect(relay.counters().listeners).toBe(1);
    const sender = await connect();
    expect(await legacyMessage(sender)).toEqual({ data: 'hello from gw', binary: false });
  });

  it('accepts a token made by hyco-ws createRelayToken from the connect URL (port kept in sr)', async () => {
    await start();
    await listen();
    const { default: hyco } = await import('hyco-ws');
    const { buildConnectUrl, parseRelayBase } = await import('../src/index.js');
    const url = buildConnectUrl(parseRelayBase(relay.url), 'gateway');
    const token = hyco.createRelayToken(url, 'send-only', SEND_KEY, 60);
    expect(decodeURIComponent(token)).toContain(`:${relay.port}/gateway`);
    const sender = await connect('gateway', token);
    await legacyOpen(sender);
    expect(await legacyMessage(sender)).toEqual({ data: 'hello from gw', binary: false });
  });
});
