/**
 * Web host start-up (issue 16): the built app (`out/main/web.js`, the same main-process code Electron
 * runs) from process launch to its "UI:" line, on a fresh data folder (migrations and demo seed) and on
 * an existing one (median of 5). Baseline: launching a bare `node -e ""` on this machine in the same run.
 * Needs `npm run build`. Prints `name: value unit` lines. Run: npm run bench.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAppProcess } from '../src/main/test-support/app-process';

const RUNS = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function launchMs(dataDir: string): Promise<number> {
  const started = performance.now();
  const app = await startAppProcess(dataDir, { MODALITY_LINK_RELAY_PORT: '0' });
  const elapsed = performance.now() - started;
  await app.stop();
  return elapsed;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ml-bench-start-'));
  try {
    const first = await launchMs(dataDir);
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i += 1) warm.push(await launchMs(dataDir));
    const bare: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const t = performance.now();
      spawnSync(process.execPath, ['-e', '']);
      bare.push(performance.now() - t);
    }
    console.log(`app.start.web_first_ms: ${first.toFixed(0)} ms (fresh data folder: migrations, demo seed)`);
    console.log(
      `app.start.web_ms: ${median(warm).toFixed(0)} ms (median of ${RUNS}, existing data folder; goal <= 1500)`,
    );
    console.log(`baseline node.start_ms: ${median(bare).toFixed(0)} ms (bare node -e "", median of ${RUNS})`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
