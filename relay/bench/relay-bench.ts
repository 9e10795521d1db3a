/**
 * Prints relay figures next to a direct ws connection, one `name: value unit` per line (never pass/fail):
 * sender connect time, request/reply round trip and one-way throughput. Everything runs in this process
 * on loopback, as the app embeds the relay; a sender, the relay and a ws listener share the event loop.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import hyco from 'hyco-ws';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import {
  buildConnectUrl,
  buildListenUrl,
  createSasToken,
  parseRelayBase,
  resourceUriFor,
  startRelay,
  type LocalRelay,
} from '../src/index.js';

const CONNECTS = 300;
const ROUND_TRIPS = 5000;
const WARMUP = 500;
const STREAM_MESSAGES = 20_000;
const STREAM_SIZE = 1024;

type Open = () => Promise<WebSocket>;

function print(name: string, value: number, unit: string): void {
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 3;
  process.stdout.write(`${name}: ${value.toFixed(digits)} ${unit}\n`);
}

function stats(samples: number[]): { mean: number; p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return { mean: samples.reduce((a, b) => a + b, 0) / samples.length, p50: at(0.5), p99: at(0.99) };
}

function opened(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`refused: ${res.statusCode} ${res.statusMessage}`)),
    );
  });
}

function closed(ws: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    ws.once('close', () => resolve());
    ws.close();
  });
}

const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

/** Sequential connects; each is closed and fully torn down (`settled`) before the next one starts. */
async function connectTimes(open: Open, settled: () => boolean = () => true): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < CONNECTS + 20; i++) {
    const start = process.hrtime.bigint();
    const ws = await open();
    if (i >= 20) samples.push(ms(start));
    await closed(ws);
    while (!settled()) await new Promise((r) => setImmediate(r));
  }
  return samples;
}

async function roundTrips(ws: WebSocket): Promise<number[]> {
  const samples: number[] = [];
  const payload = JSON.stringify({ type: 'echo', id: 'x'.repeat(24) });
  for (let i = 0; i < ROUND_TRIPS + WARMUP; i++) {
    const start = process.hrtime.bigint();
    await new Promise<void>((resolve) => {
      ws.once('message', () => resolve());
      ws.send(payload);
    });
    if (i >= WARMUP) samples.push(ms(start));
  }
  return samples;
}

/** Streams messages one way; the receiver counts them; returns elapsed seconds until the last arrived. */
async function stream(sender: WebSocket, receiverCount: () => number, reset: () => void): Promise<number> {
  reset();
  const message = randomBytes(STREAM_SIZE);
  const start = process.hrtime.bigint();
  for (let i = 0; i < STREAM_MESSAGES; i++) {
    sender.send(message);
    while (sender.bufferedAmount > 1024 * 1024) await new Promise((r) => setImmediate(r));
  }
  while (receiverCount() < STREAM_MESSAGES) await new Promise((r) => setImmediate(r));
  return ms(start) / 1000;
}

/** A listener that accepts every sender, echoes text and counts binary (the throughput stream). */
async function startListener(relay: LocalRelay, token: string, counter: { n: number }): Promise<WebSocket> {
  const control = await opened(buildListenUrl(parseRelayBase(relay.url), 'bench'), {
    ServiceBusAuthorization: token,
  });
  control.on('message', (data: RawData) => {
    const { accept } = JSON.parse(data.toString()) as { accept: { address: string } };
    void opened(accept.address).then((ws) => {
      ws.on('message', (m: RawData, isBinary: boolean) => {
        if (isBinary) counter.n++;
        else ws.send(m as Buffer);
      });
    });
  });
  return control;
}

async function startDirect(counter: { n: number }): Promise<{ server: WebSocketServer; url: string }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise((r) => server.once('listening', r));
  server.on('connection', (ws) =>
    ws.on('message', (m: RawData, isBinary: boolean) => {
      if (isBinary) counter.n++;
      else ws.send(m as Buffer);
    }),
  );
  return { server, url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/**
 * The same connect and round trip with the unmodified hyco-ws client on both sides (ws 1.x, as the app
 * and gateway use it), so the figures above can be read against what the product will see.
 */
async function hycoFigures(relay: LocalRelay, token: string): Promise<void> {
  const base = parseRelayBase(relay.url);
  const server = hyco.createRelayedServer(
    { server: buildListenUrl(base, 'bench'), token: () => token },
    (socket) => {
      socket.on('message', (data) => socket.send(data));
    },
  );
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = buildConnectUrl(base, 'bench');
  const openHyco = (): Promise<hyco.LegacySocket> =>
    new Promise((resolve, reject) => {
      const socket = hyco.relayedConnect(url, token);
      socket.on('open', () => resolve(socket));
      socket.on('error', (err) => reject(err instanceof Error ? err : new Error(err)));
    });
  const connects: number[] = [];
  for (let i = 0; i < CONNECTS + 20; i++) {
    const start = process.hrtime.bigint();
    const socket = await openHyco();
    if (i >= 20) connects.push(ms(start));
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.close();
    });
  }
  const socket = await openHyco();
  const rtts: number[] = [];
  for (let i = 0; i < ROUND_TRIPS + WARMUP; i++) {
    const start = process.hrtime.bigint();
    await new Promise<void>((resolve) => {
      socket.once('message', () => resolve());
      socket.send('{"type":"echo"}');
    });
    if (i >= WARMUP) rtts.push(ms(start));
  }
  socket.terminate();
  server.close();
  const c = stats(connects);
  const r = stats(rtts);
  print('hyco.connect.mean', c.mean, 'ms');
  print('hyco.connect.p99', c.p99, 'ms');
  print('hyco.rtt.p50', r.p50, 'ms');
  print('hyco.rtt.p99', r.p99, 'ms');
}

async function main(): Promise<void> {
  const key = randomBytes(32).toString('base64');
  const relay = await startRelay({
    entities: ['bench'],
    rules: [{ name: 'bench', key, rights: ['manage'] }],
  });
  const base = parseRelayBase(relay.url);
  const token = createSasToken(resourceUriFor(base, 'bench'), 'bench', key, 3600);
  const relayed = { n: 0 };
  const control = await startListener(relay, token, relayed);
  const connectUrl = buildConnectUrl(base, 'bench');
  const openRelayed: Open = () => opened(connectUrl, { ServiceBusAuthorization: token });
  const direct = { n: 0 };
  const { server, url } = await startDirect(direct);
  const openDirect: Open = () => opened(url);

  const relayConnect = stats(await connectTimes(openRelayed, () => relay.counters().bridges === 0));
  const directConnect = stats(await connectTimes(openDirect));
  print('relay.connect.mean', relayConnect.mean, 'ms');
  print('relay.connect.p99', relayConnect.p99, 'ms');
  print('direct.connect.mean', directConnect.mean, 'ms');
  print('direct.connect.p99', directConnect.p99, 'ms');
  print('relay.connect.ratio', relayConnect.mean / directConnect.mean, 'x');

  const relaySender = await openRelayed();
  const directSender = await openDirect();
  const relayRtt = stats(await roundTrips(relaySender));
  const directRtt = stats(await roundTrips(directSender));
  print('relay.rtt.mean', relayRtt.mean, 'ms');
  print('relay.rtt.p50', relayRtt.p50, 'ms');
  print('relay.rtt.p99', relayRtt.p99, 'ms');
  print('direct.rtt.mean', directRtt.mean, 'ms');
  print('direct.rtt.p50', directRtt.p50, 'ms');
  print('direct.rtt.p99', directRtt.p99, 'ms');
  print('relay.rtt.ratio', relayRtt.p50 / directRtt.p50, 'x');

  const mib = (STREAM_MESSAGES * STREAM_SIZE) / (1024 * 1024);
  const relaySeconds = await stream(
    relaySender,
    () => relayed.n,
    () => (relayed.n = 0),
  );
  const directSeconds = await stream(
    directSender,
    () => direct.n,
    () => (direct.n = 0),
  );
  print('relay.throughput', STREAM_MESSAGES / relaySeconds, 'msg/s');
  print('relay.throughput.mib', mib / relaySeconds, 'MiB/s');
  print('direct.throughput', STREAM_MESSAGES / directSeconds, 'msg/s');
  print('direct.throughput.mib', mib / directSeconds, 'MiB/s');
  print('relay.throughput.ratio', directSeconds / relaySeconds, 'x');

  await Promise.all([closed(relaySender), closed(directSender), closed(control)]);
  await hycoFigures(relay, token);
  await relay.stop();
  await new Promise((r) => server.close(r));
}

main().catch((err: unknown) => {
  process.stderr.write(`relay bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
