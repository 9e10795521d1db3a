import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { buildConnectUrl, type LocalRelay } from '../src/index.js';
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
} from './helpers.js';

let relay: LocalRelay;
const cleanup: Array<() => void> = [];

afterEach(async () => {
  for (const c of cleanup.splice(0)) c();
  await expectDrained(relay);
  await relay.stop();
});

async function setup(): Promise<RawListener> {
  relay = await startTestRelay();
  const listener = await RawListener.open(relay, 'gateway', tokenFor(relay, 'gateway'));
  cleanup.push(() => listener.close());
  return listener;
}

async function sender(): Promise<WebSocket> {
  const outcome = await handshake(buildConnectUrl(base(relay), 'gateway'), {
    headers: { ServiceBusAuthorization: tokenFor(relay, 'gateway') },
  });
  if (!('open' in outcome)) throw new Error(`refused: ${outcome.status} ${outcome.reason}`);
  outcome.open.on('error', () => undefined);
  cleanup.push(() => outcome.open.terminate());
  return outcome.open;
}

describe('relaying frames', () => {
  it('relays text and binary unchanged in both directions', async () => {
    const listener = await setup();
    listener.echo = false;
    const s = await sender();
    await waitFor(() => listener.connections.length === 1);
    const l = listener.connections[0] as WebSocket;

    const atListener = nextMessage(l);
    s.send('héllo ✓');
    expect(await atListener).toEqual({ data: Buffer.from('héllo ✓'), isBinary: false });
    const bin = randomBytes(1000);
    const atListener2 = nextMessage(l);
    s.send(bin);
    expect(await atListener2).toEqual({ data: bin, isBinary: true });

    const atSender = nextMessage(s);
    l.send('{"ack":1}');
    expect(await atSender).toEqual({ data: Buffer.from('{"ack":1}'), isBinary: false });
    const atSender2 = nextMessage(s);
    l.send(Buffer.alloc(0));
    expect(await atSender2).toEqual({ data: Buffer.alloc(0), isBinary: true });
  });

  it('relays a 4 MiB frame both ways intact', async () => {
    await setup();
    const s = await sender();
    const big = randomBytes(4 * 1024 * 1024);
    const back = nextMessage(s);
    s.send(big);
    const got = await back;
    expect(got.isBinary).toBe(true);
    expect(got.data.equals(big)).toBe(true);
  });

  it('bounds what it buffers when the listener stops reading, and loses nothing', async () => {
    const listener = await setup();
    listener.echo = false;
    const s = await sender();
    await waitFor(() => listener.connections.length === 1);
    const slow = listener.connections[0] as WebSocket;
    slow.pause();
    const chunks = Array.from({ length: 48 }, (_, i) => Buffer.alloc(1024 * 1024, i));
    for (const chunk of chunks) s.send(chunk);
    await waitFor(() => relay.queuedBytes() >= 4 * 1024 * 1024, 'the relay to reach its high-water mark');
    await new Promise((r) => setTimeout(r, 200)); // let the sender keep pushing; the relay must not read on
    expect(relay.queuedBytes()).toBeLessThan(6 * 1024 * 1024);

    const received: Buffer[] = [];
    slow.on('message', (data: Buffer) => received.push(data));
    slow.resume();
    await waitFor(() => received.length === chunks.length, 'every message', 15_000);
    expect(received.every((b, i) => b.equals(chunks[i] as Buffer))).toBe(true);
    expect(relay.queuedBytes()).toBe(0);
  });

  it('passes close codes and reasons both ways', async () => {
    const listener = await setup();
    const s1 = await sender();
    await waitFor(() => listener.connections.length === 1);
    const atListener = nextClose(listener.connections[0] as WebSocket);
    s1.close(4100, 'sender done');
    expect(await atListener).toEqual({ code: 4100, reason: 'sender done' });

    const s2 = await sender();
    await waitFor(() => listener.connections.length === 2);
    const atSender = nextClose(s2);
    (listener.connections[1] as WebSocket).close(1000, 'bye');
    expect(await atSender).toEqual({ code: 1000, reason: 'bye' });

    const s3 = await sender();
    await waitFor(() => listener.connections.length === 3);
    const noStatus = nextClose(listener.connections[2] as WebSocket);
    s3.close();
    expect((await noStatus).code).toBe(1005);
  });

  it('propagates abrupt drops of either side as 1006', async () => {
    const listener = await setup();
    const s1 = await sender();
    await waitFor(() => listener.connections.length === 1);
    const atListener = nextClose(listener.connections[0] as WebSocket);
    s1.terminate();
    expect((await atListener).code).toBe(1006);

    const s2 = await sender();
    await waitFor(() => listener.connections.length === 2);
    const atSender = nextClose(s2);
    (listener.connections[1] as WebSocket).terminate();
    expect((await atSender).code).toBe(1006);
    await waitFor(() => relay.counters().bridges === 0);
  });

  it('serves 200 concurrent senders and returns every counter to zero', async () => {
    const listener = await setup();
    const senders = await Promise.all(Array.from({ length: 200 }, () => sender()));
    expect(relay.counters().bridges).toBe(200);
    const replies = await Promise.all(
      senders.map((s, i) => {
        const reply = nextMessage(s);
        s.send(`message ${i}`);
        return reply.then((r) => r.data.toString());
      }),
    );
    expect(replies).toEqual(senders.map((_, i) => `message ${i}`));
    await Promise.all(
      senders.map((s) => {
        const c = nextClose(s);
        s.close(1000);
        return c;
      }),
    );
    expect(listener.accepts).toHaveLength(200);
    await waitFor(() => relay.counters().bridges === 0, 'bridges to close');
  });

  it('tolerates keep-alive frames and ignores unknown control-channel messages', async () => {
    const listener = await setup();
    listener.control.pong(); // unsolicited pong, as hyco-style keep-alives send
    listener.control.ping();
    listener.control.send('not json');
    listener.control.send(Buffer.from([1, 2, 3]));
    listener.control.send('{"somethingElse":{}}');
    const s = await sender();
    s.pong();
    const reply = nextMessage(s);
    s.send('still here');
    expect((await reply).data.toString()).toBe('still here');
    expect(listener.control.readyState).toBe(WebSocket.OPEN);
  });
});

describe('listener tokens', () => {
  it('closes the control channel with 1008 when the token expires unrenewed', async () => {
    relay = await startTestRelay();
    // `se` has whole-second granularity: 2 s guarantees at least 1 s of validity for the handshake.
    const token = tokenFor(relay, 'gateway', undefined, undefined, 2);
    const listener = await RawListener.open(relay, 'gateway', token);
    cleanup.push(() => listener.close());
    const closed = await nextClose(listener.control);
    expect(closed.code).toBe(1008);
    expect(closed.reason).toMatch(/expired.*TrackingId/);
  });

  it('renews with renewToken and closes with 1008 on an invalid renewal', async () => {
    relay = await startTestRelay();
    const listener = await RawListener.open(
      relay,
      'gateway',
      tokenFor(relay, 'gateway', undefined, undefined, 60),
    );
    cleanup.push(() => listener.close());
    const before = relay.listeners()[0]?.tokenExpiresAt ?? 0;
    listener.control.send(
      JSON.stringify({ renewToken: { token: tokenFor(relay, 'gateway', undefined, undefined, 7200) } }),
    );
    await waitFor(() => (relay.listeners()[0]?.tokenExpiresAt ?? 0) > before, 'renewal');

    const closed = nextClose(listener.control);
    listener.control.send(JSON.stringify({ renewToken: { token: tokenFor(relay, 'other') } }));
    expect((await closed).code).toBe(1008);
  });

  it('expires tokens on demand (fault hook) with 1008', async () => {
    relay = await startTestRelay();
    const a = await RawListener.open(relay, 'gateway', tokenFor(relay, 'gateway'));
    const b = await RawListener.open(relay, 'other', tokenFor(relay, 'other'));
    cleanup.push(
      () => a.close(),
      () => b.close(),
    );
    const closed = nextClose(a.control);
    expect(relay.faults.expireTokensNow('gateway')).toBe(1);
    expect((await closed).code).toBe(1008);
    await waitFor(() => relay.listeners().length === 1, 'the expired channel to go');
    expect(relay.listeners().map((l) => l.entity)).toEqual(['other']);
  });
});
