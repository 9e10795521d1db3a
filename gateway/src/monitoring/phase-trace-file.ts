import fs from 'node:fs';
import path from 'node:path';
import { recordPhases } from 'modality-link-protocol';

/**
 * The gateway's side of the app's idle-latency bench (ADR 0023): with `ML_PHASE_TRACE=<directory>`
 * set, its session marks (gw.receive, gw.verified, gw.committed, gw.reply) are kept in memory and
 * written as `<directory>/gateway-<pid>.jsonl` when the process exits. Unset, nothing is recorded.
 */
export function tracePhasesIfAsked(env: NodeJS.ProcessEnv = process.env): void {
  const directory = env.ML_PHASE_TRACE;
  if (!directory) return;
  const marks = recordPhases();
  process.once('exit', () => {
    try {
      const file = path.join(directory, `gateway-${process.pid}.jsonl`);
      fs.writeFileSync(file, marks.map((m) => JSON.stringify(m)).join('\n'));
    } catch {
      // A bench aid: a missing trace directory must not turn a clean exit into a crash.
    }
  });
}
