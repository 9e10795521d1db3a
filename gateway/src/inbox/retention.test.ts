import { describe, expect, it } from 'vitest';
import { capturingLogger } from '../../../test-support/capturing-logger';
import { startRetention, type RetentionJob } from './retention';

function memoryLog() {
  const { log, records } = capturingLogger('info');
  return { log, lines: records };
}

const DAY = 86_400_000;

describe('retention runs', () => {
  it('runs every job at start with its own cut-off, sums the counts, and survives a failing job', async () => {
    const { log, lines } = memoryLog();
    const cutoffs: Record<string, number> = {};
    const job = (name: string, days: number, counts: Record<string, number>): RetentionJob => ({
      name,
      days,
      prune: (before) => {
        cutoffs[name] = Date.now() - before.getTime();
        return counts;
      },
    });
    const failing: RetentionJob = {
      name: 'broken',
      days: 1,
      prune: () => Promise.reject(new Error('disk on fire')),
    };
    const retention = startRetention(
      [job('a', 30, { actions: 2 }), failing, job('b', 7, { images: 3, actions: 1 })],
      log,
    );
    await retention.runOnce(); // joins the run started at start-up
    await retention.stop();

    expect(Math.round(cutoffs.a! / DAY)).toBe(30);
    expect(Math.round(cutoffs.b! / DAY)).toBe(7);
    expect(lines().map((l) => [l.msg, l.job ?? null, l.error ?? null])).toEqual([
      ['pruning failed', 'broken', 'disk on fire'],
      ['pruned old records', null, null],
    ]);
    expect(lines()[1]).toMatchObject({ actions: 3, images: 3 });
  });

  it('runs one at a time, and stop aborts the run in progress and waits for it', async () => {
    const { log } = memoryLog();
    let calls = 0;
    let release: () => void = () => undefined;
    let seen: AbortSignal | undefined;
    const slow: RetentionJob = {
      name: 'slow',
      days: 1,
      prune: async (_before, signal) => {
        calls += 1;
        seen = signal;
        await new Promise<void>((r) => (release = r));
        return {};
      },
    };
    const retention = startRetention([slow], log);
    const a = retention.runOnce();
    const b = retention.runOnce();
    expect(b).toBe(a);
    await new Promise((r) => setImmediate(r)); // the start-up run would have begun by now
    expect(calls).toBe(1);

    let stopped = false;
    const stopping = retention.stop().then(() => (stopped = true));
    await new Promise((r) => setImmediate(r));
    expect(seen?.aborted).toBe(true);
    expect(stopped).toBe(false); // still waiting for the job
    release();
    await stopping;
    await retention.runOnce();
    expect(calls).toBe(1); // nothing runs after stop
  });
});
