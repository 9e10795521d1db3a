import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { silentLogger } from '#gateway/logger';
import { ListenerSupervisor } from '#gateway/relay/listener-supervisor';
import { until } from './helpers/gateway';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/**
 * A fake relay that sends the control frames that crash an unguarded hyco-ws listener: a non-JSON frame,
 * JSON that is not an object, and an accept without Sec-WebSocket-Key (hyco-ws then calls an undefined
 * `WebSocketClient`). The guarded listener must survive, reject the bad accept the protocol's way, and
 * still accept a good one.
 */
describe('control channel guard', () => {
  it('survives frames that crash hyco-ws and rejects a malformed accept with a status', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const client of wss.clients) client.terminate();
          wss.close(() => resolve());
        }),
    );
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    const port = (wss.address() as AddressInfo).port;
    const accepts: string[] = [];
    let control: WebSocket | undefined;
    wss.on('connection', (ws, req) => {
      if (req.url?.includes('sb-hc-action=listen')) control = ws;
      else accepts.push(req.url ?? '');
    });
    const connections: unknown[] = [];
    const supervisor = new ListenerSupervisor({
      listenUrl: `ws://127.0.0.1:${port}/$hc/gateway?sb-hc-action=listen`,
      token: () => 'SharedAccessSignature sr=x&sig=y&se=1&skn=z',
      onConnection: (socket) => {
        connections.push(socket);
        socket.on('error', () => undefined);
      },
      log: silentLogger(),
      backoff: { initialMs: 50, maxMs: 200 },
      keepaliveMs: 60_000,
    });
    cleanups.push(() => supervisor.stop());
    supervisor.start();
    await until(() => supervisor.state === 'listening' && control !== undefined);

    const address = (n: number): string =>
      `ws://127.0.0.1:${port}/$hc/gateway?sb-hc-action=accept&sb-hc-id=${n}`;
    control!.send('this is not JSON');
    control!.send('42');
    control!.send(
      JSON.stringify({ accept: { address: address(1), id: '1', connectHeaders: { Host: 'x' } } }),
    );
    control!.send(JSON.stringify({ accept: { address: address(2), id: '2' } }));
    await until(() => accepts.length >= 2);
    expect(accepts.every((url) => url.includes('sb-hc-statusCode=400'))).toBe(true);
    expect(connections).toHaveLength(0);

    control!.send(
      JSON.stringify({
        accept: {
          address: address(3),
          id: '3',
          connectHeaders: { 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version': '13' },
        },
      }),
    );
    // hyco-ws reports the connection as soon as it dials the rendezvous, before the relay has seen it.
    await until(() => connections.length === 1 && accepts.length === 3);
    expect(accepts[2]).toContain('sb-hc-id=3');
    expect(accepts[2]).not.toContain('statusCode');
    expect(supervisor.state).toBe('listening');
    expect(supervisor.attempts).toBe(1);
  });

  it('sends unsolicited pongs on the control channel while listening', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const client of wss.clients) client.terminate();
          wss.close(() => resolve());
        }),
    );
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    let pongs = 0;
    let pings = 0;
    wss.on('connection', (ws) => {
      ws.on('pong', () => (pongs += 1));
      ws.on('ping', () => (pings += 1));
    });
    const supervisor = new ListenerSupervisor({
      listenUrl: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/$hc/gateway?sb-hc-action=listen`,
      token: () => 'SharedAccessSignature sr=x&sig=y&se=1&skn=z',
      onConnection: () => undefined,
      log: silentLogger(),
      backoff: { initialMs: 50, maxMs: 200 },
      keepaliveMs: 20,
    });
    cleanups.push(() => supervisor.stop());
    supervisor.start();
    await until(() => pongs >= 3);
    // Pongs, never pings: pings have been reported to get Azure control channels dropped.
    expect(pings).toBe(0);
  });
});
