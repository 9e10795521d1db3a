// Hostile handshakes, URLs and frames against the local relay (relay/), on loopback, bounded in count and
// time. Run: node --conditions=source --import tsx bench/fuzz/relay-fuzz.ts  (FUZZ_SEED=n to repeat a run)
// Clean: an HTTP status for every request, and for every frame an echo (the listener answers through
// the relay) or a close frame with a code. A crash is a throw out of the relay or a failed health probe.
import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { WebSocket } from 'ws';
import {
  buildConnectUrl,
  buildListenUrl,
  createSasToken,
  parseRelayBase,
  resourceUriFor,
  startRelay,
  type LocalRelay,
} from 'modality-link-relay';
import { FuzzTally, httpStatus, rawExchange, rng } from './fuzz-tally';

const tally = new FuzzTally('relay');

async function main(): Promise<void> {
  const ENTITY = 'gateway';
  const LISTEN_KEY = randomBytes(32).toString('base64');
  const SEND_KEY = randomBytes(32).toString('base64');
  const SEED = Number(process.env.FUZZ_SEED ?? 12);
  const DEADLINE = Date.now() + 45_000;
  const random = rng(SEED);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

  const relay: LocalRelay = await startRelay({
    host: '127.0.0.1',
    port: 0,
    entities: [ENTITY],
    rules: [
      { name: 'listen', key: LISTEN_KEY, rights: ['listen'], entity: ENTITY },
      { name: 'send', key: SEND_KEY, rights: ['send'], entity: ENTITY },
    ],
    acceptTimeoutMs: 1000,
  });
  const base = parseRelayBase(relay.url);
  const token = (rule: string, key: string, seconds = 3600) =>
    createSasToken(resourceUriFor(base, ENTITY), rule, key, seconds);

  const expiredToken = (): string => {
    const sr = encodeURIComponent(resourceUriFor(base, ENTITY));
    const se = Math.floor(Date.now() / 1000) - 5;
    const sig = createHmac('sha256', SEND_KEY).update(`${sr}\n${se}`).digest('base64');
    return `SharedAccessSignature sr=${sr}&sig=${encodeURIComponent(sig)}&se=${se}&skn=send`;
  };

  /** A listener that echoes every message back: frames that reach it must come back through the relay. */
  function echoListener(): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const control = new WebSocket(buildListenUrl(base, ENTITY), {
        headers: { ServiceBusAuthorization: token('listen', LISTEN_KEY) },
      });
      control.once('open', () => resolve(control));
      control.once('error', reject);
      control.on('message', (data) => {
        const { accept } = JSON.parse(data.toString()) as { accept?: { address: string } };
        if (!accept) return;
        const peer = new WebSocket(accept.address);
        peer.on('error', () => undefined);
        peer.on('message', (m, binary) => peer.send(m, { binary }));
      });
    });
  }
  let listener = await echoListener();

  async function healthy(): Promise<boolean> {
    const ws = new WebSocket(buildConnectUrl(base, ENTITY), {
      headers: { ServiceBusAuthorization: token('send', SEND_KEY) },
    });
    const ok = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 3000);
      ws.on('error', () => (clearTimeout(timer), resolve(false)));
      ws.on('open', () => ws.send('probe'));
      ws.on('message', (m) => (clearTimeout(timer), resolve(m.toString() === 'probe')));
    });
    ws.terminate();
    return ok;
  }

  async function probe(): Promise<void> {
    if (await healthy()) return;
    tally.crash('the relay stopped relaying an echo');
    listener.terminate();
    await relay.restart();
    listener = await echoListener();
  }

  // 1. Hostile HTTP requests and WebSocket handshakes: every one must get a status line.
  const hostileTargets = [
    '/%',
    '/%E0%A4%A',
    `/$hc/${ENTITY}?sb-hc-action=connect&sb-hc-token=%`,
    `/$hc/${ENTITY}/../../etc/passwd?sb-hc-action=connect`,
    `/$hc/${'a'.repeat(9000)}?sb-hc-action=listen`,
    `/$hc/${ENTITY}?sb-hc-action=listen&sb-hc-id=${'x'.repeat(600)}`,
    `/$hc/${ENTITY}?sb-hc-action=accept&id=unknown`,
    '*',
    'http://evil.example/',
  ];
  const tokens = () => [
    token('send', SEND_KEY),
    token('listen', LISTEN_KEY),
    expiredToken(),
    token('send', LISTEN_KEY),
    'SharedAccessSignature sr=&sig=&se=&skn=',
    `SharedAccessSignature ${'a='.repeat(3000)}`,
    'Bearer ' + randomBytes(40).toString('base64'),
    fc.sample(fc.string({ maxLength: 200 }), { numRuns: 1, seed: Math.floor(random() * 1e9) })[0]!,
  ];
  const junk = fc.sample(fc.string({ unit: 'binary', maxLength: 300 }), { numRuns: 400, seed: SEED });
  const headerSafe = (s: string) => s.replace(/[\r\n]/g, ' ');

  function hostileRequest(i: number): Buffer {
    const action = pick(['connect', 'listen', 'accept', '', 'dance', '%00']);
    const target =
      i % 3 === 0
        ? pick(hostileTargets)
        : i % 3 === 1
          ? `/$hc/${pick([ENTITY, 'nowhere', encodeURIComponent(junk[i % junk.length]!)])}?sb-hc-action=${action}`
          : `/${junk[i % junk.length]!.replace(/[\s]/g, '')}`;
    const headers = [`Host: 127.0.0.1:${relay.port}`];
    if (random() < 0.8) headers.push('Upgrade: websocket', 'Connection: Upgrade');
    headers.push(
      `Sec-WebSocket-Key: ${random() < 0.7 ? randomBytes(16).toString('base64') : headerSafe(pick(junk))}`,
    );
    headers.push(`Sec-WebSocket-Version: ${pick(['13', '8', '', '999999999999', 'x'])}`);
    if (random() < 0.9) headers.push(`ServiceBusAuthorization: ${headerSafe(pick(tokens()))}`);
    if (random() < 0.1) headers.push(`X-Big: ${'b'.repeat(20_000)}`);
    const method = pick(['GET', 'GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'BREW', 'G\u0000T']);
    const line = random() < 0.05 ? headerSafe(pick(junk)) : `${method} ${target} HTTP/1.1`;
    return Buffer.from(`${line}\r\n${headers.join('\r\n')}\r\n\r\n`, 'latin1');
  }

  const headEnd = (b: Buffer) => b.includes('\r\n\r\n');
  for (let i = 0; i < 400 && Date.now() < DEADLINE; i++) {
    const request = hostileRequest(i);
    const answer = await rawExchange(relay.port, request, 2000, headEnd);
    tally.cases += 1;
    if (httpStatus(answer.bytes) === undefined)
      tally.dirty(`no status for ${JSON.stringify(request.subarray(0, 80).toString('latin1'))}`);
    if (i % 100 === 99) await probe();
  }

  // 2. Hostile frames from a sender with a valid token, after a valid upgrade.
  function frame(fin: boolean, rsv: number, opcode: number, masked: boolean, payload: Buffer): Buffer {
    const len = payload.length;
    const head = [(fin ? 0x80 : 0) | (rsv << 4) | opcode];
    const lengthBytes =
      len < 126
        ? []
        : len < 65536
          ? [len >> 8, len & 0xff]
          : [0, 0, 0, 0, len >>> 24, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff];
    head.push((masked ? 0x80 : 0) | (len < 126 ? len : len < 65536 ? 126 : 127), ...lengthBytes);
    const mask = masked ? randomBytes(4) : Buffer.alloc(0);
    const body = Buffer.from(payload);
    if (masked) for (let i = 0; i < body.length; i++) body[i]! ^= mask[i % 4]!;
    return Buffer.concat([Buffer.from(head), mask, body]);
  }

  function hostileFrame(i: number): Buffer {
    const payloads = [
      () => randomBytes(Math.floor(random() * 200)),
      () => Buffer.from(pick(junk), 'utf8'),
      () => Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xf0, 0x28, 0x8c]), // invalid UTF-8
      () => randomBytes(126 + Math.floor(random() * 70_000)),
      () => Buffer.from(JSON.stringify({ kind: 'hello', nonce: pick(junk) })),
    ];
    const payload = pick(payloads)();
    const opcode = pick([1, 1, 2, 2, 0, 8, 9, 10, 3, 7, 11, 15]);
    const built = frame(
      random() < 0.9,
      random() < 0.1 ? Math.floor(random() * 8) : 0,
      opcode,
      random() < 0.95,
      payload,
    );
    if (i % 5 === 0) built[0] = Math.floor(random() * 256); // a mutated first byte: any flags, any opcode
    return built;
  }

  const KEY = randomBytes(16).toString('base64');
  const upgrade = Buffer.from(
    `GET ${new URL(buildConnectUrl(base, ENTITY)).pathname}${new URL(buildConnectUrl(base, ENTITY)).search} HTTP/1.1\r\nHost: 127.0.0.1:${relay.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13\r\nServiceBusAuthorization: ${token('send', SEND_KEY)}\r\n\r\n`,
    'latin1',
  );

  /** The first complete server frame after the 101, if any: its opcode and, for close, its code. */
  function firstFrame(bytes: Buffer): { opcode: number; code?: number } | undefined {
    const at = bytes.indexOf('\r\n\r\n');
    if (at < 0) return undefined;
    const f = bytes.subarray(at + 4);
    if (f.length < 2) return undefined;
    let len = f[1]! & 0x7f;
    let offset = 2;
    if (len === 126) [len, offset] = [f.length >= 4 ? f.readUInt16BE(2) : Infinity, 4];
    else if (len === 127) [len, offset] = [f.length >= 10 ? Number(f.readBigUInt64BE(2)) : Infinity, 10];
    if (f.length < offset + len) return undefined;
    const opcode = f[0]! & 0x0f;
    return { opcode, ...(opcode === 8 && len >= 2 ? { code: f.readUInt16BE(offset) } : {}) };
  }

  for (let i = 0; i < 300 && Date.now() < DEADLINE; i++) {
    // The fuzz frame, then a plain masked text probe: an ignorable frame (a pong) still gets the probe's echo.
    const fuzz = hostileFrame(i);
    // A bare close answers a bare close (RFC 6455 5.5.1); any other close must carry a code.
    const sentClose = (fuzz[0]! & 0x0f) === 8;
    const bytes = Buffer.concat([upgrade, fuzz, frame(true, 0, 1, true, Buffer.from('probe'))]);
    const answer = await rawExchange(relay.port, bytes, 3000, (b) => firstFrame(b) !== undefined);
    tally.cases += 1;
    const status = httpStatus(answer.bytes);
    const first = firstFrame(answer.bytes);
    if (status !== 101) tally.dirty(`upgrade answered ${String(status)}`);
    else if (!first) tally.dirty(answer.ended ? 'closed without a close frame' : 'no answer to a frame');
    else if (first.opcode === 8 && (first.code === undefined ? !sentClose : first.code < 1000))
      tally.dirty(`close frame without a proper code (${String(first.code)})`);
    if (i % 100 === 99) await probe();
  }

  await probe();
  listener.terminate();
  await relay.stop();
  tally.print();
}

tally.run(main);
