/**
 * The processes of the store benchmark: the gateway's SCPs (store-server.ts) and DCMTK's `storescp` as
 * receivers, each in its own process so /proc tells its peak RSS (VmHWM) alone, and `storescu` as the
 * modality. Everything is asynchronous: the benchmark runs findscu and several storescu at once.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from '../../test-support/free-port';
import { STORE_AE } from './big-objects';

const exec = promisify(execFile);

export interface Receiver {
  pid: number;
  storagePort: number;
  /** The gateway's worklist port (undefined for storescp). */
  worklistPort: number | undefined;
  /** Resident set size now, and its peak over the process's life, in bytes (Linux /proc). */
  rss(): { now: number; peak: number };
  stop(): Promise<void>;
}

function procStatus(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { now: kb('VmRSS') * 1024, peak: kb('VmHWM') * 1024 };
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
}

/**
 * The gateway's storage and worklist SCPs on a fresh database in `dir`; from another checkout of the
 * repository when `checkout` is given (the code before a change, for an A/B in one run).
 */
export async function startGateway(dir: string, checkout?: string): Promise<Receiver> {
  const script = checkout
    ? join(checkout, 'gateway/bench/store-server.ts')
    : fileURLToPath(new URL('./store-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', script, dir], {
    cwd: checkout,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ports = await new Promise<{ storagePort: number; worklistPort: number }>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.includes('\n')) resolve(JSON.parse(text.split('\n')[0]!) as never);
    });
    child.once('exit', (code) => reject(new Error(`store-server exited with ${code}`)));
  });
  return {
    pid: child.pid!,
    ...ports,
    rss: () => procStatus(child.pid!),
    stop: stopper(child),
  };
}

async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing listens on port ${port}`);
}

/** DCMTK's storescp writing to `dir`, one association at a time as it runs by default. */
export async function startStorescp(dir: string): Promise<Receiver> {
  const port = await freePort();
  const child = spawn('storescp', ['-aet', STORE_AE, '-od', dir, String(port)], { stdio: 'ignore' });
  await waitForPort(port);
  return {
    pid: child.pid!,
    storagePort: port,
    worklistPort: undefined,
    rss: () => procStatus(child.pid!),
    stop: stopper(child),
  };
}

/** One storescu association sending `files`; throws unless every C-STORE succeeded. */
export async function storescu(port: number, files: readonly string[]): Promise<{ seconds: number }> {
  const started = process.hrtime.bigint();
  const args = ['-v', '-aet', 'BENCHSCU', '-aec', STORE_AE, '127.0.0.1', String(port), ...files];
  const { stdout, stderr } = await exec('storescu', args, { maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const stored = `${stdout}\n${stderr}`.match(/Received Store Response \(Success\)/g)?.length ?? 0;
  if (stored !== files.length)
    throw new Error(`storescu: ${stored} of ${files.length} stored:\n${`${stdout}\n${stderr}`.slice(-2000)}`);
  return { seconds };
}

/** Whether DCMTK's tools are on PATH (the benchmark needs storescu, storescp and findscu). */
export async function haveDcmtk(): Promise<boolean> {
  const found = await Promise.all(
    ['storescu', 'storescp', 'findscu'].map((tool) =>
      exec(tool, ['--version']).then(
        () => true,
        () => false,
      ),
    ),
  );
  return found.every(Boolean);
}
