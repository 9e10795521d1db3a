/**
 * The idle bench's per-phase breakdown (ADR 0023). Imported first by bench/idle-latency-bench.ts: it
 * sets `ML_PHASE_TRACE` (a fresh directory), which the relay (read when its bridge module loads) and
 * the gateway it spawns write their marks to at exit; the app's marks stay in this process's memory.
 * `printPhases` then prints, for each message of a send, the median time from the click to each phase.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const directory = (process.env.ML_PHASE_TRACE ??= fs.mkdtempSync(path.join(os.tmpdir(), 'ml-phases-')));

interface Mark {
  phase: string;
  id: string;
  at: number;
}

/** In path order; relay marks have no message id and are matched by time between their neighbours. */
const PHASES = [
  'queued',
  'claim',
  'sign',
  'write',
  'relay.to-listener.in',
  'relay.to-listener.out',
  'gw.receive',
  'gw.verified',
  'gw.committed',
  'gw.reply',
  'relay.to-sender.in',
  'relay.to-sender.out',
  'reply.in',
  'reply.verified',
  'settle.confirmed',
] as const;

function readMarks(own: readonly Mark[]): Mark[] {
  const all: Mark[] = [...own];
  for (const file of fs.readdirSync(directory)) {
    const text = fs.readFileSync(path.join(directory, file), 'utf8');
    for (const line of text.split('\n')) if (line) all.push(JSON.parse(line) as Mark);
  }
  return all.sort((a, b) => a.at - b.at);
}

/** The first relay mark of `phase` (direction and in/out) inside [from, to]. */
function relayMark(relay: Mark[], phase: string, from: number, to: number): number | undefined {
  const [, direction, step] = phase.split('.');
  return relay.find(
    (m) => m.phase === `relay.${step}` && m.id.endsWith(direction!) && m.at >= from && m.at <= to,
  )?.at;
}

/**
 * `sends`: each measured send's click time (epoch ms) and its message ids in the order created.
 * Prints one line per phase: the p50 across sends of (phase time − click), per message position.
 */
export function printPhases(
  own: readonly Mark[],
  sends: Array<{ clickedAt: number; ids: string[] }>,
  p50: (values: number[]) => number,
): void {
  const marks = readMarks(own);
  const relay = marks.filter((m) => m.phase.startsWith('relay.'));
  const byId = new Map<string, Map<string, number>>();
  for (const m of marks) {
    if (m.phase.startsWith('relay.')) continue;
    const phases = byId.get(m.id) ?? new Map<string, number>();
    if (!phases.has(m.phase)) phases.set(m.phase, m.at);
    byId.set(m.id, phases);
  }
  const positions = Math.max(...sends.map((s) => s.ids.length));
  const table = new Map<string, number[][]>(
    PHASES.map((p) => [p, Array.from({ length: positions }, () => [])]),
  );
  for (const { clickedAt, ids } of sends) {
    ids.forEach((id, position) => {
      const own = byId.get(id);
      if (!own) return;
      const at = (phase: string): number | undefined => {
        if (!phase.startsWith('relay.')) return own.get(phase);
        return phase.includes('to-listener')
          ? relayMark(relay, phase, own.get('sign') ?? 0, own.get('gw.receive') ?? Infinity)
          : relayMark(relay, phase, own.get('gw.reply') ?? 0, own.get('reply.in') ?? Infinity);
      };
      for (const phase of PHASES) {
        const t = at(phase);
        if (t !== undefined) table.get(phase)![position]!.push(t - clickedAt);
      }
    });
  }
  const header = Array.from({ length: positions }, (_, i) => `message${i + 1}`.padStart(10)).join('');
  console.log(`dispatch.idle.phases (p50 ms from the click): ${' '.repeat(4)}${header}`);
  for (const phase of PHASES) {
    const cells = table.get(phase)!.map((v) => (v.length ? p50(v).toFixed(2) : '-').padStart(10));
    console.log(`  ${phase.padEnd(44)}${cells.join('')}`);
  }
  fs.rmSync(directory, { recursive: true, force: true });
}
