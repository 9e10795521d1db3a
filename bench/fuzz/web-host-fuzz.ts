/**
 * Web host fuzzing (issue 12): a few thousand hostile requests (fast-check built, seeded, so a run can be
 * repeated) sent over raw loopback sockets to a web host running in its own process. Counts
 *   cases    requests sent,
 *   crashes  times the host process died or stopped answering an ordinary API call,
 *   unclean  replies without a proper status or, for a refusal, without a named error.
 * Bounded by count and time: FUZZ_WEB_HOST_CASES (default 3000), FUZZ_TIME_LIMIT_MS (default 50000),
 * FUZZ_SEED (default 12). Prints `fuzz.web-host.<name>: N` lines; `npm run fuzz` collects them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { startWebHost } from '../../src/main/host/web-host';
import { garbageArb, httpCaseArb, isCleanReply, type HttpCase } from '../../test-support/http-fuzz-cases';
import { rawRequest } from '../../test-support/raw-http';
import { createTestApp } from '../../test-support/test-app';
import { freePort } from '../../test-support/free-port';

const TOKEN = 'fuzz-token-0123456789abcdefghij';
const CASES = Number(process.env.FUZZ_WEB_HOST_CASES ?? 3000);
const TIME_LIMIT_MS = Number(process.env.FUZZ_TIME_LIMIT_MS ?? 50_000);
const SEED = Number(process.env.FUZZ_SEED ?? 12);
const HEALTH_EVERY = 50;

/** The target: the web host over a real in-memory SQLite app, alone in this child process. */
async function runTarget(): Promise<void> {
  const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-fuzz-renderer-'));
  const built = path.resolve(__dirname, '../../out/renderer');
  if (fs.existsSync(built)) fs.cpSync(built, rendererDir, { recursive: true });
  else fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Modality Link</title>');
  const app = createTestApp();
  app.log.level = 'silent';
  const port = Number(process.env.FUZZ_WEB_HOST_PORT);
  const host = await startWebHost({ ...app, rendererDir, token: TOKEN, port });
  process.stdout.write(`READY ${host.port}\n`);
  process.once('SIGTERM', () => {
    fs.rmSync(rendererDir, { recursive: true, force: true });
    void host.close().then(() => process.exit(0));
  });
}

interface Target {
  child: ChildProcess;
  port: number;
  stderr: () => string;
}

/** Restarted on the same port after a crash, so the cases' Host headers still name it. */
function startTarget(port: number): Promise<Target> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', __filename], {
    env: { ...process.env, FUZZ_WEB_HOST_TARGET: '1', FUZZ_WEB_HOST_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^READY (\d+)$/m.exec(out);
      if (match) resolve({ child, port: Number(match[1]), stderr: () => stderr });
    });
    child.once('exit', (code) => reject(new Error(`fuzz target exited with ${code}: ${stderr}`)));
  });
}

async function healthy(target: Target): Promise<boolean> {
  if (target.child.exitCode !== null || target.child.signalCode !== null) return false;
  try {
    const response = await fetch(`http://127.0.0.1:${target.port}/api/clinics.list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      signal: AbortSignal.timeout(5000),
    });
    return response.status === 200;
  } catch {
    return false;
  }
}

async function stopTarget(target: Target): Promise<void> {
  if (target.child.exitCode !== null || target.child.signalCode !== null) return;
  const exited = new Promise((resolve) => target.child.once('exit', resolve));
  target.child.kill('SIGTERM');
  await exited;
}

async function main(): Promise<void> {
  const port = await freePort();
  let target = await startTarget(port);
  // Generated once the port is known: Host headers and the like must name the real target.
  const httpCount = Math.round(CASES * 0.8);
  const cases: HttpCase[] = [
    ...fc.sample(httpCaseArb({ port: target.port, token: TOKEN }), { numRuns: httpCount, seed: SEED }),
    ...fc.sample(garbageArb, { numRuns: CASES - httpCount, seed: SEED }),
  ];
  const started = Date.now();
  let sent = 0;
  let crashes = 0;
  let unclean = 0;
  const examples: string[] = [];
  for (const [index, sample] of cases.entries()) {
    if (Date.now() - started > TIME_LIMIT_MS) break;
    const reply = await rawRequest(target.port, sample.bytes, 3000);
    sent += 1;
    if (!isCleanReply(reply, sample)) {
      unclean += 1;
      if (examples.length < 5)
        examples.push(`${JSON.stringify(sample.bytes.toString('latin1').slice(0, 120))} -> ${reply.status}`);
    }
    const check = reply.status === 0 || reply.status >= 500 || index % HEALTH_EVERY === HEALTH_EVERY - 1;
    if (check && !(await healthy(target))) {
      crashes += 1;
      process.stderr.write(`# web host stopped serving after case ${index}: ${target.stderr()}\n`);
      await stopTarget(target).catch(() => undefined);
      target = await startTarget(port);
    }
  }
  if (!(await healthy(target))) crashes += 1;
  await stopTarget(target);
  for (const example of examples) process.stderr.write(`# unclean: ${example}\n`);
  process.stderr.write(
    `# web host fuzz: ${sent} cases in ${((Date.now() - started) / 1000).toFixed(1)} s, seed ${SEED}\n`,
  );
  process.stdout.write(`fuzz.web-host.cases: ${sent}\n`);
  process.stdout.write(`fuzz.web-host.crashes: ${crashes}\n`);
  process.stdout.write(`fuzz.web-host.unclean: ${unclean}\n`);
}

(process.env.FUZZ_WEB_HOST_TARGET ? runTarget() : main()).catch((error: unknown) => {
  process.stderr.write(`web host fuzz failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
