// Random and mutated frames against the gateway's frame decoder and its session server (the real
// gateway in-process, behind the local relay, on loopback), bounded in count and time.
// Run: node --conditions=source --import tsx bench/fuzz/gateway-frames-fuzz.ts  (FUZZ_SEED=n to repeat)
// Clean: the decoder returns a frame or a coded error and never throws; every request or frame the
// server answers gets a JSON reply with a `status` or an error `code`. A crash is a throw out of the
// gateway or a failed health probe (the listener down, or a signed echo unanswered).
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { decodeSessionFrame, ERROR_CODES, signFrame, type ActionsFrame } from 'modality-link-protocol';
import { action, connectClient, worklistItem, WorkstationSession } from '../../gateway/test/helpers/clients';
import { writeTestConfig } from '../../gateway/test/helpers/config';
import { startInProcess } from '../../gateway/test/helpers/gateway';
import { startTestRelay } from '../../gateway/test/helpers/relay';
import { FuzzTally, rng } from './fuzz-tally';

const SEED = Number(process.env.FUZZ_SEED ?? 12);
const DEADLINE = Date.now() + 45_000;
const tally = new FuzzTally('gateway-frames');
const random = rng(SEED);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const CODES = new Set<string>(ERROR_CODES);

/** A valid frame's JSON with a few characters replaced, inserted or deleted. */
function mutateText(text: string): string {
  const chars = [...text];
  for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
    const at = Math.floor(random() * (chars.length + 1));
    const op = random();
    const ch = pick(['"', '{', '}', '[', ']', ',', ':', '\\', '\u0000', 'x', '9', '\u{1F600}']);
    if (op < 0.4) chars.splice(at, 1, ch);
    else if (op < 0.7) chars.splice(at, 0, ch);
    else chars.splice(at, 1);
  }
  return chars.join('');
}

/** The same object with one field (at any depth) replaced by a hostile value. */
function mutateValue(value: unknown, hostile: unknown[]): unknown {
  if (typeof value !== 'object' || value === null) return pick(hostile);
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as never) : { ...value };
  const keys = Object.keys(copy);
  // defineProperty: an own `__proto__` key, as JSON.parse makes one, never a new prototype.
  const set = (key: string, v: unknown) =>
    Object.defineProperty(copy, key, { value: v, enumerable: true, writable: true, configurable: true });
  if (keys.length === 0 || random() < 0.2)
    set(pick(['kind', 'actions', '__proto__', 'toString', 'x']), pick(hostile));
  else {
    const key = pick(keys);
    set(key, random() < 0.5 ? mutateValue(copy[key], hostile) : pick(hostile));
  }
  return copy;
}

async function main(): Promise<void> {
  const jsonValues = fc.sample(fc.jsonValue({ maxDepth: 3 }), { numRuns: 300, seed: SEED });
  const strings = fc.sample(fc.string({ unit: 'binary', maxLength: 300 }), { numRuns: 300, seed: SEED });
  const hostile: unknown[] = [
    ...jsonValues,
    '*',
    'ACC\\0001',
    -1,
    1e308,
    '9'.repeat(400),
    [],
    {},
    null,
    { kind: 'hello' },
  ];

  // 1. The decoder alone: never a throw, and every refusal carries a known code and a message.
  const relay = await startTestRelay(2000);
  const setup = await writeTestConfig(relay, {
    // nhs-gateway/1 on (its decoder is fuzzed too); poc-five left off (its refusal is fuzzed).
    profiles: { 'nhs-gateway/1': { enabled: true, request_timeout_seconds: 1 } },
  });
  const gw = await startInProcess(setup.configFile);
  const session = await WorkstationSession.open(relay, setup.workstationKey, setup.workstationId);
  const valid = await signFrame<ActionsFrame>(
    {
      kind: 'actions',
      frame_id: randomUUID(),
      timestamp: new Date().toISOString(),
      actions: [
        action('worklist.create_item', { worklist_item: worklistItem('FZ00000001') }),
        action('echo'),
      ],
    },
    session.key,
  );
  const samples = [JSON.stringify(valid), JSON.stringify({ kind: 'challenge', challenge: 'a'.repeat(43) })];
  for (let i = 0; i < 3000 && Date.now() < DEADLINE; i++) {
    const text =
      i % 3 === 0
        ? pick(strings)
        : i % 3 === 1
          ? mutateText(pick(samples))
          : JSON.stringify(mutateValue(valid, hostile));
    tally.cases += 1;
    try {
      const decoded = decodeSessionFrame(text);
      if (!decoded.ok && (!CODES.has(decoded.code) || !decoded.message))
        tally.dirty(`decoder refusal without a known code: ${decoded.code}`);
    } catch (error) {
      tally.crash(`decoder threw: ${String(error)}`);
    }
  }

  // 2. The session server: each reply must be JSON with a status or an error code.
  const judge = (where: string, reply: Record<string, unknown>): void => {
    if ('unparsable' in reply) return tally.dirty(`${where}: a reply that is not JSON`);
    if (reply.kind === 'error') {
      if (typeof reply.code !== 'string' || !CODES.has(reply.code))
        tally.dirty(`${where}: error without a code`);
      return;
    }
    if (reply.kind === 'replies') {
      for (const r of reply.replies as Array<{ reply: Record<string, unknown> }>)
        if (typeof r.reply?.status !== 'string') tally.dirty(`${where}: a reply without a status`);
      return;
    }
    if (typeof reply.status !== 'string' && typeof reply.kind !== 'string')
      tally.dirty(`${where}: neither a status nor a kind`);
    if (reply.status === 'error' && typeof reply.message !== 'string')
      tally.dirty(`${where}: error without message`);
  };
  const answer = async (where: string, next: () => Promise<Record<string, unknown>>): Promise<void> => {
    tally.cases += 1;
    try {
      judge(where, await next());
    } catch (error) {
      tally.dirty(`${where}: ${(error as Error).message}`);
    }
  };
  const probe = async (): Promise<void> => {
    const ok = action('echo');
    try {
      if (gw.gateway.supervisor.state !== 'listening') throw new Error('listener not listening');
      await session.sendActions([ok]);
      await session.replies([ok.action_id], 3000);
    } catch (error) {
      tally.crash(`health probe: ${(error as Error).message}`);
    }
  };

  for (let i = 0; i < 600 && Date.now() < DEADLINE; i++) {
    const text =
      random() < 0.4
        ? pick(strings)
        : random() < 0.5
          ? mutateText(pick(samples))
          : JSON.stringify(mutateValue(valid, hostile));
    const kind = i % 4;
    if (kind === 0) {
      // Inside an open session: garbage, then signed nonsense that reaches the inbox and the worklist.
      session.client.send(text);
      await answer('session', () => session.client.next(() => true, 3000));
      const signed = await signFrame<ActionsFrame>(
        {
          ...(mutateValue(valid, hostile) as ActionsFrame),
          frame_id: randomUUID(),
          timestamp: new Date().toISOString(),
        },
        session.key,
      );
      session.client.send(signed);
      await answer('signed', () => session.client.next((f) => f.kind !== 'events', 3000));
    } else {
      const profile = pick(['modality-link/1', 'nhs-gateway/1', 'poc-five', 'x'.repeat(100), '']);
      const client = await connectClient(relay, profile ? { profile } : {});
      if (profile === 'modality-link/1') await client.next((f) => f.kind === 'challenge', 3000);
      client.send(random() < 0.1 ? Buffer.from(text) : text);
      await answer(profile || 'default', () => client.next(() => true, 3000));
      client.close();
    }
    if (i % 100 === 99) await probe();
  }
  await probe();
  session.close();
  await gw.gateway.stop();
  await relay.relay.stop();
  tally.print();
}

tally.run(main);
