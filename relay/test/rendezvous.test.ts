import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { buildConnectUrl, type LocalRelay } from '../src/index.js';
import {
  ROOT_KEY,
  RawListener,
  base,
  expectDrained,
  expectStatus,
  handshake,
  nextClose,
  nextMessage,
  startTestRelay,
  tokenFor,
  waitFor,
  type AcceptNotice,
  type HandshakeOutcome,
} from './helpers.js';

let relay: LocalRelay;
const cleanup: Array<() => void> = [];

afterEach(async () => {
  for (const c of cleanup.splice(0)) c();
  await expectDrained(relay);
  await relay.stop();
});

async function manualListener(): Promise<{ listener: RawListener; notices: AcceptNotice[] }> {
  const listener = await RawListener.open(relay, 'gateway', tokenFor(relay, 'gateway'));
  const notices: AcceptNotice[] = [];
  listener.onAccept = (n) => notices.push(n);
  cleanup.push(() => listener.close());
  return { listener, notices };
}

function connect(
  opts: Parameters<typeof buildConnectUrl>[2] = {},
  headers: Record<string, string> = {},
  protocols?: string[],
): Promise<HandshakeOutcome> {
  const url = buildConnectUrl(base(relay), 'gateway', opts);
  return handshake(
    url,
    { headers: { ServiceBusAuthorization: tokenFor(relay, 'gateway'), ...headers } },
    protocols,
  );
}

function opened(outcome: HandshakeOutcome): WebSocket {
  if (!('open' in outcome)) throw new Error(`refused: ${outcome.status} ${outcome.reason}`);
  cleanup.push(() => outcome.open.terminate());
  return outcome.open;
}

describe('accept and rendezvous', () => {
  it('carries suffix, query, sb-hc-id and the sender headers to the listener, but not the token', async () => {
    relay = await startTestRelay();
    const { listener, notices } = await manualListener();
    const pending = connect(
      { suffix: 'site-a/room 1', query: { clinic: 'North & South' }, id: 'corr-42' },
      { 'X-Clinic': 'n1' },
    );
    await waitFor(() => notices.length === 1, 'accept notice');
    const notice = notices[0] as AcceptNotice;
    expect(notice.id).toBe('corr-42');
    const address = new URL(notice.address);
    expect(address.origin).toBe(relay.url.replace('ws:', 'ws:'));
    expect(address.pathname).toBe('/$hc/gateway/site-a/room%201');
    expect(address.searchParams.get('clinic')).toBe('North & South');
    expect(address.searchParams.get('sb-hc-action')).toBe('accept');
    expect(address.searchParams.get('sb-hc-id')).toBe('corr-42');
    expect(address.searchParams.has('sb-hc-token')).toBe(false);
    expect(notice.connectHeaders['X-Clinic']).toBe('n1');
    expect(notice.connectHeaders['Sec-WebSocket-Key']).toMatch(/==$/);
    expect(Object.keys(notice.connectHeaders).map((h) => h.toLowerCase())).not.toContain(
      'servicebusauthorization',
    );
    expect(relay.counters().pendingAccepts).toBe(1);

    await listener.accept(notice);
    const sender = opened(await pending);
    const echoed = nextMessage(sender);
    sender.send('hi');
    expect((await echoed).data.toString()).toBe('hi');
  });

  it('builds the address on the host the listener used, and accepts tokens signed for that host', async () => {
    relay = await startTestRelay();
    const host = `relay.test:${relay.port}`;
    const { createSasToken } = await import('../src/index.js');
    const token = createSasToken('http://relay.test/gateway', 'RootManageSharedAccessKey', ROOT_KEY, 60);
    const control = await handshake(`${relay.url}/$hc/gateway?sb-hc-action=listen`, {
      headers: { Host: host, ServiceBusAuthorization: token },
    });
    if (!('open' in control)) throw new Error(`listener refused: ${control.status}`);
    cleanup.push(() => control.open.terminate());
    const notice = new Promise<AcceptNotice>((resolve) =>
      control.open.once('message', (data: Buffer) =>
        resolve((JSON.parse(data.toString()) as { accept: AcceptNotice }).accept),
      ),
    );
    const pending = connect();
    const address = new URL((await notice).address);
    expect(address.host).toBe(host);
    expect(
      await expectStatus(buildConnectUrl(base(relay), 'gateway'), {
        headers: { ServiceBusAuthorization: token },
      }),
    ).toMatchObject({ status: 403 }); // reached as 127.0.0.1: a token for relay.test names another host
    // Reject through the relay's real address so the waiting sender is answered at once.
    const reject = `${relay.url}${address.pathname}${address.search}&sb-hc-statusCode=404&sb-hc-statusDescription=no`;
    expect(await expectStatus(reject)).toMatchObject({ status: 410 });
    expect(await pending).toMatchObject({ status: 404 });
  });

  it('uses a rendezvous address once only', async () => {
    relay = await startTestRelay();
    const { listener, notices } = await manualListener();
    const pending = connect();
    await waitFor(() => notices.length === 1);
    const notice = notices[0] as AcceptNotice;
    await listener.accept(notice);
    opened(await pending);
    expect(await expectStatus(notice.address)).toMatchObject({ status: 403 });
    const tampered = notice.address.replace(/sb-hc-rendezvous=\w+/, 'sb-hc-rendezvous=0000');
    expect(await expectStatus(tampered)).toMatchObject({ status: 403 });
  });

  it('expires an unaccepted rendezvous: the sender gets 404 and the address 403', async () => {
    relay = await startTestRelay({ acceptTimeoutMs: 300 });
    const { notices } = await manualListener();
    const outcome = connect();
    await waitFor(() => notices.length === 1);
    expect(await outcome).toMatchObject({
      status: 404,
      reason: expect.stringMatching(/did not accept.*TrackingId:/),
    });
    expect(relay.counters().pendingAccepts).toBe(0);
    expect(await expectStatus((notices[0] as AcceptNotice).address)).toMatchObject({ status: 403 });
  });

  it('rejects: the listener gets 410 and the sender the chosen status and description', async () => {
    relay = await startTestRelay();
    const { notices } = await manualListener();
    const outcome = connect();
    await waitFor(() => notices.length === 1);
    const address = (notices[0] as AcceptNotice).address;
    const bad = await expectStatus(`${address}&sb-hc-statusCode=200&sb-hc-statusDescription=ok`);
    expect(bad.status).toBe(400);
    const reject = `${address}&sb-hc-statusCode=409&sb-hc-statusDescription=${encodeURIComponent('Clinic closed')}`;
    expect(await expectStatus(reject)).toMatchObject({ status: 410 });
    expect(await outcome).toMatchObject({
      status: 409,
      reason: expect.stringMatching(/^Clinic closed TrackingId:/),
    });
    expect(await expectStatus(reject)).toMatchObject({ status: 403 });
  });

  it('negotiates the subprotocol the listener picks from the sender offer', async () => {
    relay = await startTestRelay();
    const { listener, notices } = await manualListener();
    const pending = connect({}, {}, ['modality.v2', 'modality.v1']);
    await waitFor(() => notices.length === 1);
    const notice = notices[0] as AcceptNotice;
    expect(notice.connectHeaders['Sec-WebSocket-Protocol']).toMatch(/^modality\.v2, ?modality\.v1$/);
    const listenerSide = await listener.accept(notice, ['modality.v1']);
    expect(listenerSide.protocol).toBe('modality.v1');
    expect(opened(await pending).protocol).toBe('modality.v1');
  });

  it('forgets a sender that leaves before the accept', async () => {
    relay = await startTestRelay();
    const { notices } = await manualListener();
    const ws = new WebSocket(buildConnectUrl(base(relay), 'gateway'), {
      headers: { ServiceBusAuthorization: tokenFor(relay, 'gateway') },
    });
    ws.on('error', () => undefined);
    await waitFor(() => notices.length === 1 && relay.counters().pendingAccepts === 1);
    ws.terminate();
    await waitFor(() => relay.counters().pendingAccepts === 0, 'pending to clear');
    expect(await expectStatus((notices[0] as AcceptNotice).address)).toMatchObject({ status: 403 });
  });

  it('closes listeners and bridges with 1001 and answers waiting senders 404 when the entity is removed', async () => {
    relay = await startTestRelay();
    const listener = await RawListener.open(relay, 'gateway', tokenFor(relay, 'gateway'));
    cleanup.push(() => listener.close());
    const sender = opened(await connect());
    const senderClosed = nextClose(sender);
    const controlClosed = nextClose(listener.control);
    listener.onAccept = () => undefined; // leave the next sender waiting
    const waiting = connect();
    await waitFor(() => relay.counters().pendingAccepts === 1);
    relay.removeEntity('GATEWAY');
    expect((await controlClosed).code).toBe(1001);
    expect((await senderClosed).code).toBe(1001);
    expect(await waiting).toMatchObject({ status: 404 });
    expect(await connect()).toMatchObject({ status: 404 });
    expect(relay.entities()).toEqual(['other']);
  });
});
