import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');

interface Demo {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}
const demos: Demo[] = [];
const dataDirs: string[] = [];
let descendants: number[] = [];

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

afterEach((context) => {
  // A demo that never got ready says why only in its own output.
  if (context.task.result?.state !== 'pass') for (const demo of demos) console.log(demo.output());
  // Whatever the test's outcome, nothing it started outlives it.
  for (const pid of descendants) if (alive(pid)) process.kill(pid, 'SIGKILL');
  for (const { child } of demos)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  demos.length = 0;
  descendants = [];
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** `npm start` as one process, in the browser fallback (no display) so it runs the same on every machine. */
function startDemo(): Demo {
  const dataDir = mkdtempSync(join(tmpdir(), 'ml-start-'));
  dataDirs.push(dataDir);
  const env: NodeJS.ProcessEnv = { ...process.env, MODALITY_LINK_DATA_DIR: dataDir };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  delete env.MODALITY_LINK_WEB_PORT;
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const demo = { child, output: () => text, exited };
  demos.push(demo);
  return demo;
}

async function untilReady(demo: Demo): Promise<void> {
  const ready = /check a participant in/;
  while (!ready.test(demo.output())) {
    if (demo.child.exitCode !== null) throw new Error(`npm start exited early:\n${demo.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Every process below `pid` now, children's children too (ps works on Linux and macOS alike). */
function descendantsOf(pid: number): number[] {
  const table = spawnSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' }).stdout;
  const pairs = table
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const [child, ppid] of pairs)
      if (ppid === parent) {
        found.push(child);
        visit(child);
      }
  };
  visit(pid);
  return found;
}

/** The ports a demo told its user: relay, worklist, storage and the web UI's. */
function portsOf(output: string): number[] {
  return [
    /local relay on ws:\/\/127\.0\.0\.1:(\d+)/,
    /worklist and MPPS on 127\.0\.0\.1:(\d+)/,
    /images on 127\.0\.0\.1:(\d+)/,
    /UI: http:\/\/127\.0\.0\.1:(\d+)\//,
  ].map((pattern) => Number(pattern.exec(output)?.[1]));
}

describe('npm start', () => {
  it(
    'runs twice at once on ports of its own, and Ctrl-C stops every process it started',
    { timeout: 240_000 },
    async () => {
      const first = startDemo();
      // One at a time to ready: if the sources changed, only the first builds.
      await untilReady(first);
      const second = startDemo();
      await untilReady(second);

      const [a, b] = [portsOf(first.output()), portsOf(second.output())];
      for (const port of [...a, ...b]) expect(port).toBeGreaterThan(0);
      expect(new Set([...a, ...b]).size).toBe(8);

      for (const demo of [first, second]) {
        const children = descendantsOf(demo.child.pid!);
        // The app, the gateway and the modality simulator.
        expect(children.length).toBeGreaterThanOrEqual(3);
        descendants.push(...children);
      }
      first.child.kill('SIGINT');
      second.child.kill('SIGINT');
      expect(await first.exited).toEqual({ code: 0, signal: null });
      expect(await second.exited).toEqual({ code: 0, signal: null });
      expect(descendants.filter(alive)).toEqual([]);
      for (const demo of [first, second])
        expect(demo.output()).toContain('start: stopping the app, gateway and simulator…\n');
    },
  );
});
