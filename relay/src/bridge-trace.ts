import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/**
 * When a message entered and left the relay, for the app's idle-latency bench (ADR 0023 in the app's
 * docs). The relay is its own package, so this is the relay's side of the app's phase trace: switched
 * on by the same `ML_PHASE_TRACE=<directory>`, one boolean test when off, kept in memory and written
 * as `<dir>/relay-<pid>.jsonl` at exit. Marks name the bridge and direction only, never content.
 */
const directory = process.env.ML_PHASE_TRACE;
const marks: string[] = [];
if (directory) {
  process.once('exit', () => {
    if (marks.length === 0) return;
    try {
      fs.writeFileSync(path.join(directory, `relay-${process.pid}.jsonl`), marks.join('\n'));
    } catch {
      // A bench aid: a missing trace directory must not turn a clean exit into a crash.
    }
  });
}

/** `phase` is e.g. `relay.to-listener.in`; `id` the bridge's id. */
export function markRelayPhase(phase: string, id: string): void {
  if (!directory) return;
  marks.push(JSON.stringify({ phase, id, at: performance.timeOrigin + performance.now() }));
}
