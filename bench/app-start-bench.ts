/**
 * Web host start-up (issue 16): the built app (`out/main/web.js`, the same main-process code Electron
 * runs) from process launch to its "UI:" line, on a fresh data folder (migrations and demo seed) and on
 * an existing one (median of 5). Baseline: launching a bare `node -e ""` on this machine in the same run.
 * Then the whole demo (`npm start`) twice on one data folder: `demo.start.second_ms` is what a newcomer
 * waits for the second time. Needs `npm run build`. Prints `name: value unit` lines. Run: npm run bench.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAppProcess } from '../test-support/app-process';

const RUNS = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function launchMs(dataDir: string): Promise<number> {
  const started = performance.now();
  const app = await startAppProcess(dataDir, { MODALITY_LINK_RELAY_PORT: '0' });
  const elapsed = performance.now() - started;
  await app.stop();
  return elapsed;
}

/**
 * `npm start` as a newcomer runs it, from launch to its "UI:" line: the whole demo (build check, app with
 * its relay, gateway, simulator). Then Ctrl-C, and the time until every child has stopped is not counted.
 */
async function demoStartMs(dataDir: string): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env, MODALITY_LINK_DATA_DIR: dataDir };
  delete env.DISPLAY; // the browser fallback, as on a machine without Electron's binary
  delete env.WAYLAND_DISPLAY;
  const started = performance.now();
  const child = spawn(process.execPath, ['scripts/start.mjs'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const elapsed = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      if (/UI: http/.test(output)) resolve(performance.now() - started);
    });
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output.slice(-2000)}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  await exited;
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
    const demoDir = mkdtempSync(path.join(tmpdir(), 'ml-bench-demo-'));
    try {
      const demoFirst = await demoStartMs(demoDir);
      const demoSecond = await demoStartMs(demoDir);
      console.log(`demo.start.first_ms: ${demoFirst.toFixed(0)} ms (npm start on a new data folder)`);
      console.log(
        `demo.start.second_ms: ${demoSecond.toFixed(0)} ms (npm start again, sources unchanged; goal <= 5000)`,
      );
    } finally {
      rmSync(demoDir, { recursive: true, force: true });
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
