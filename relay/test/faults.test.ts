import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { buildConnectUrl, startRelay, type LocalRelay } from '../src/index.js';
import {
  RawListener,
  base,
  expectDrained,
  handshake,
  nextClose,
  nextMessage,
  startTestRelay,
  tokenFor,
  waitFor,
  type HandshakeOutcome,
} from './helpers.js';

let relay: LocalRelay;
const cleanup: Array<() => void> = [];

afterEach(async () => {
  for (const c of cleanup.splice(0)) c();
  await expectDrained(relay);
  await relay.stop();
});

async function listen(entity = 'gateway'): Promise<RawListener> {
  const l = await RawListener.open(relay, entity, tokenFor(relay, entity));
  cleanup.push(() => l.close());
  return l;
}

function connect(entity = 'gateway'): Promise<HandshakeOutcome> {
  return handshake(buildConnectUrl(base(relay), entity), {
    headers: { ServiceBusAuthorization: tokenFor(relay, entity) },
  });
}

function opened(outcome: HandshakeOutcome): WebSocket {
  if (!('open' in outcome)) throw new Error(`refused: ${outcome.status} ${outcome.reason}`);
  outcome.open.on('error', () => undefined);
  cleanup.push(() => outcome.open.terminate());
  return outcome.open;
}

describe('fault hooks', () => {
  it('fails the next connect with the chosen status, then recovers', async () => {
    relay = await startTestRelay();
    await listen();
    relay.faults.failNextConnect(503, 'Rehearsed outage');
    expect(await connect()).toMatchObject({
      status: 503,
      reason: expect.stringMatching(/^Rehearsed outage TrackingId:/),
    });
    opened(await connect());
    expect(() => relay.faults.failNextConnect(200)).toThrow(RangeError);
  });

  it('delays accepts without losing the connection', async () => {
    relay = await startTestRelay();
    const l = await listen();
    relay.faults.delayAccepts(100);
    const pending = connect();
    await waitFor(() => relay.counters().pendingAccepts === 1);
    expect(l.accepts).toHaveLength(0);
    const s = opened(await pending);
    expect(l.accepts).toHaveLength(1);
    const reply = nextMessage(s);
    s.send('late but fine');
    expect((await reply).data.toString()).toBe('late but fine');
  });

  it('swallows accepts so the sender times out with 404, then reset restores them', async () => {
    relay = await startTestRelay({ acceptTimeoutMs: 500 });
    const l = await listen();
    relay.faults.swallowAccepts(1);
    expect(await connect()).toMatchObject({ status: 404 });
    expect(l.accepts).toHaveLength(0);
    opened(await connect());
    relay.faults.swallowAccepts();
    relay.faults.reset();
    opened(await connect());
  });

  it('kills bridged pairs abruptly', async () => {
    relay = await startTestRelay();
    const l = await listen();
    const s = opened(await connect());
    await waitFor(() => l.connections.length === 1);
    const atSender = nextClose(s);
    const atListener = nextClose(l.connections[0] as WebSocket);
    expect(relay.faults.killBridges({ entity: 'gateway' })).toBe(1);
    expect((await atSender).code).toBe(1006);
    expect((await atListener).code).toBe(1006);
    expect(l.control.readyState).toBe(WebSocket.OPEN);
  });

  it('drops control channels with a chosen code or abruptly', async () => {
    relay = await startTestRelay();
    const a = await listen('gateway');
    const b = await listen('other');
    const aClosed = nextClose(a.control);
    expect(relay.faults.dropControlChannels({ entity: 'gateway', code: 1012, reason: 'restarting' })).toBe(1);
    expect(await aClosed).toMatchObject({ code: 1012, reason: expect.stringMatching(/^restarting/) });
    const bClosed = nextClose(b.control);
    expect(relay.faults.dropControlChannels({ abrupt: true })).toBe(1);
    expect((await bClosed).code).toBe(1006);
    await waitFor(() => relay.counters().listeners === 0);
  });

  it('stops and restarts on the same port; listeners see 1001 and can come back', async () => {
    relay = await startTestRelay();
    const port = relay.port;
    const l = await listen();
    const s = opened(await connect());
    const controlClosed = nextClose(l.control);
    const senderClosed = nextClose(s);
    await relay.stop();
    expect((await controlClosed).code).toBe(1001);
    expect((await senderClosed).code).toBe(1001);
    expect(relay.counters()).toEqual({ listeners: 0, pendingAccepts: 0, bridges: 0, sockets: 0 });
    await expect(connect()).rejects.toThrow(/ECONNREFUSED/);

    await relay.restart();
    expect(relay.port).toBe(port);
    await listen();
    const s2 = opened(await connect());
    const reply = nextMessage(s2);
    s2.send('after restart');
    expect((await reply).data.toString()).toBe('after restart');
    expect(relay.counters()).toMatchObject({ listeners: 1, bridges: 1, pendingAccepts: 0 });
  });

  it('adds and removes entities and rules at run time', async () => {
    relay = await startTestRelay();
    relay.addEntity('site/room-2');
    expect(() => relay.addEntity('bad name')).toThrow(/Invalid hybrid connection name/);
    await listen('site/room-2');
    opened(await connect('site/room-2'));
    expect(relay.removeRule('RootManageSharedAccessKey')).toBe(true);
    expect(await connect('site/room-2')).toMatchObject({ status: 401 });
    relay.addRule({ name: 'RootManageSharedAccessKey', key: 'k', rights: ['send'] });
    expect(await connect('site/room-2')).toMatchObject({ status: 401 }); // same name, different key
  });
});

describe('startRelay options', () => {
  it('rejects bad options with a clear error', async () => {
    relay = await startTestRelay();
    await expect(
      startRelay({ entities: ['ok'], rules: [{ name: 'r', key: '', rights: ['send'] }] }),
    ).rejects.toThrow(/Invalid key for rule 'r'/);
    await expect(
      startRelay({ entities: ['ok'], rules: [{ name: 'r', key: 'k', rights: [] }] }),
    ).rejects.toThrow(/Invalid rights/);
    await expect(startRelay({ entities: ['/x'], rules: [] })).rejects.toThrow(
      /Invalid hybrid connection name/,
    );
    await expect(startRelay({ entities: [], rules: [], port: 70000 })).rejects.toThrow(/Invalid port/);
    await expect(
      startRelay({ entities: [], rules: [], tls: { cert: '/nonexistent.pem', key: '/nonexistent.pem' } }),
    ).rejects.toThrow(/Cannot read TLS certificate file/);
    await expect(startRelay({ entities: [], rules: [], port: relay.port })).rejects.toThrow(/EADDRINUSE/);
  });

  it('logs structured lines without keys or tokens', async () => {
    const lines: Record<string, unknown>[] = [];
    relay = await startTestRelay({ logger: (line) => lines.push(line) });
    const token = tokenFor(relay, 'gateway');
    const l = await listen();
    const s = opened(await connect());
    const reply = nextMessage(s);
    s.send('x');
    await reply;
    s.close();
    l.close();
    await waitFor(() => lines.some((line) => line.event === 'listener.closed'));
    const text = JSON.stringify(lines);
    expect(lines.map((line) => line.event)).toEqual(
      expect.arrayContaining([
        'relay.listening',
        'listener.connected',
        'sender.pending',
        'connection.accepted',
      ]),
    );
    expect(text).not.toContain(token.slice(25, 60));
    expect(text).not.toMatch(/sig=|SharedAccessSignature|sb-hc-token/);
  });
});
