/**
 * What a pause does to code on this machine (ADR 0036): the same small piece of work timed on its first
 * run after 300 ms of idle, as a clinic's sends are spaced, and again at once. Between sends the CPU
 * caches lose the send's code and data (to the host's other work), so every step of an idle send runs
 * cold; this prints by how much, for one SQLite statement and one JSON parse the size of a send's frame.
 * Figures only.
 */
import { performance } from 'node:perf_hooks';
import { idle, IDLE_GAP_MS } from './idle-floor';
import { openTempDatabase } from './temp-database';

const SAMPLES = 20;

/** µs of `work` on its first run `IDLE_GAP_MS` after the last, and of a second run straight after (p50s). */
async function coldAndWarm(work: () => void, p50: (values: number[]) => number) {
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i <= SAMPLES; i++) {
    await idle(IDLE_GAP_MS);
    let started = performance.now();
    work();
    const first = performance.now() - started;
    started = performance.now();
    work();
    const second = performance.now() - started;
    if (i === 0) continue; // the very first run also compiles
    cold.push(first * 1000);
    warm.push(second * 1000);
  }
  return { cold: p50(cold), warm: p50(warm) };
}

export async function printColdCode(p50: (values: number[]) => number): Promise<void> {
  const { db, close } = openTempDatabase('ml-cold-');
  try {
    const statement = db.prepare('SELECT 1 AS one');
    const frame = JSON.stringify({ kind: 'actions', actions: [{ payload: 'x'.repeat(3900) }] });
    const figures = [
      ['SQLite SELECT 1', await coldAndWarm(() => statement.get(), p50)],
      ['JSON.parse of a 4 kB frame', await coldAndWarm(() => JSON.parse(frame), p50)],
    ] as const;
    const text = figures
      .map(
        ([name, { cold, warm }]) =>
          `${name} ${cold.toFixed(1)} µs after ${IDLE_GAP_MS} ms idle, ${warm.toFixed(1)} µs straight after (×${(cold / warm).toFixed(0)})`,
      )
      .join('; ');
    console.log(`dispatch.idle.cold_code: ${text}, p50, same run`);
  } finally {
    close();
  }
}
