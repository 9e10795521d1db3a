import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const CLI = resolve(ROOT, 'gateway/src/cli.ts');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI from source (as `node --import tsx gateway/src/cli.ts ...`) and collects its output. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolveResult) => {
    const child = spawnCli(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolveResult({ code, stdout, stderr }));
  });
}

/**
 * One process, not the `tsx` wrapper: the wrapper runs the script in a child of its own, so a SIGKILL
 * meant to crash the gateway would kill only the wrapper and leave the gateway running.
 */
export function spawnCli(
  args: string[],
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, '--conditions=source', '--import', 'tsx', CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * `run` as a child process; resolves once its log says the listener is connected. `nodeArgs` go to
 * node itself (a benchmark's `--cpu-prof`, which NODE_OPTIONS does not allow).
 */
export function spawnGateway(
  configFile: string,
  nodeArgs: string[] = [],
): Promise<{ child: ChildProcess; output: () => string }> {
  return untilListening(spawnCli(['run', '--config', configFile], {}, nodeArgs));
}

/** Resolves once a gateway's log says its relay listener is connected; rejects if it exits first. */
export function untilListening(child: ChildProcess): Promise<{ child: ChildProcess; output: () => string }> {
  return new Promise((resolveChild, reject) => {
    let text = '';
    const onData = (d: Buffer): void => {
      text += d.toString();
      if (text.includes('"listener connected"')) resolveChild({ child, output: () => text });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`gateway exited (${code}) before listening:\n${text.slice(-2000)}`)),
    );
  });
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((r) => {
    if (child.exitCode !== null || child.signalCode !== null)
      return r({ code: child.exitCode, signal: child.signalCode });
    child.once('exit', (code, signal) => r({ code, signal }));
  });
}
