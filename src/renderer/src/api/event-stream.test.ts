import { describe, expect, it } from 'vitest';
import { openEventStream, parseEventFrame, reconnectDelay, type SocketLike } from './event-stream';

const message = {
  id: 'm1',
  appointmentId: 'a1',
  clinicId: 'c1',
  participantName: 'Jane Smith',
  gatewayName: 'Alpha',
  type: 'WORKLIST',
  actionType: 'worklist.create_item',
  destination: 'mwl',
  status: 'confirmed',
  attempts: 1,
  createdAt: '2026-11-27T09:00:00Z',
  deliveredAt: '2026-11-27T09:00:01Z',
  confirmedAt: '2026-11-27T09:00:02Z',
  failedAt: null,
  nextAttemptAt: null,
  lastError: null,
  failingPhase: null,
  outcome: null,
  updatedAt: '2026-11-27T09:00:02Z',
};

class FakeSocket implements SocketLike {
  onopen: SocketLike['onopen'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  onmessage: SocketLike['onmessage'] = null;
  closed = false;
  constructor(readonly url: string) {}
  close() {
    this.closed = true;
  }
}

function harness(checkAccess?: () => Promise<'ok' | 'refused' | 'unreachable'>) {
  const sockets: FakeSocket[] = [];
  const timers: Array<{ callback: () => void; ms: number }> = [];
  const stream = openEventStream({
    ...(checkAccess ? { checkAccess } : {}),
    url: 'ws://127.0.0.1:1/events?token=t',
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    setTimer: (callback, ms) => timers.push({ callback, ms }),
    clearTimer: () => {},
    random: () => 1,
  });
  const last = () => sockets[sockets.length - 1]!;
  return { stream, sockets, timers, last };
}

describe('parseEventFrame', () => {
  it('accepts a known event with a valid payload', () => {
    expect(parseEventFrame(JSON.stringify({ event: 'message.changed', payload: message }))?.event).toBe(
      'message.changed',
    );
  });

  it('drops unknown events, invalid payloads and non-JSON', () => {
    expect(parseEventFrame(JSON.stringify({ event: 'toString', payload: {} }))).toBeNull();
    expect(parseEventFrame(JSON.stringify({ event: 'message.changed', payload: { id: 1 } }))).toBeNull();
    expect(parseEventFrame('not json')).toBeNull();
    expect(parseEventFrame(new ArrayBuffer(2))).toBeNull();
  });
});

describe('reconnectDelay', () => {
  it('grows exponentially up to a ceiling, jittered within its upper half', () => {
    expect(reconnectDelay(0, () => 0)).toBe(250);
    expect(reconnectDelay(0, () => 1)).toBe(500);
    expect(reconnectDelay(3, () => 1)).toBe(4000);
    expect(reconnectDelay(20, () => 1)).toBe(15_000);
  });
});

describe('openEventStream', () => {
  it('delivers frames to subscribers', () => {
    const { stream, last } = harness();
    const seen: string[] = [];
    stream.subscribe((event) => seen.push(event));
    last().onopen?.({});
    last().onmessage?.({ data: JSON.stringify({ event: 'message.changed', payload: message }) });
    expect(seen).toEqual(['message.changed']);
    expect(stream.status()).toBe('live');
  });

  it('reconnects with growing delays and announces every opening', () => {
    const { stream, sockets, timers, last } = harness();
    let reconnects = 0;
    const statuses: string[] = [];
    stream.onReconnect(() => reconnects++);
    stream.onStatus((status) => statuses.push(status));
    last().onopen?.({});
    expect(reconnects).toBe(1); // the first open too: a screen may have loaded before it

    last().onclose?.({});
    last().onclose?.({}); // a duplicate close must not schedule twice
    expect(timers.map((t) => t.ms)).toEqual([500]);
    timers[0]!.callback();
    last().onclose?.({}); // the retry fails too
    expect(timers.map((t) => t.ms)).toEqual([500, 1000]);
    timers[1]!.callback();
    last().onopen?.({});

    expect(sockets).toHaveLength(3);
    expect(reconnects).toBe(2);
    expect(statuses).toEqual(['live', 'reconnecting', 'live']);
  });

  it('stops for good when closed', () => {
    const { stream, timers, last } = harness();
    const socket = last();
    stream.close();
    socket.onclose?.({});
    expect(socket.closed).toBe(true);
    expect(timers).toHaveLength(0);
  });

  it("says the page has ended, and stops trying, when the app no longer takes this page's token", async () => {
    const { stream, timers, last } = harness(async () => 'refused');
    last().onopen?.({});
    last().onclose?.({});
    await Promise.resolve();
    await Promise.resolve();
    expect(stream.status()).toBe('ended');
    expect(timers).toHaveLength(0);
  });

  it('keeps trying while the app is only out of reach (down or restarting)', async () => {
    const { stream, timers, last } = harness(async () => 'unreachable');
    last().onclose?.({});
    await Promise.resolve();
    await Promise.resolve();
    expect(stream.status()).toBe('reconnecting');
    expect(timers).toHaveLength(1);
  });
});
