import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/**
 * One of the chaos run's processes (relay, gateway, app web host), started again and again from the same
 * command line. Output goes to a log file (appended across restarts, so a post-mortem sees every life of
 * the process) and is watched for the line that says the process is ready.
 */
export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** The ready line; its first capture group (if any) is what `start` resolves with. */
  ready: RegExp;
  logFile: string;
  readyTimeoutMs?: number;
}

/** Every child any supervisor started, so a failing run can still kill them all (no strays). */
const everyChild = new Set<ChildProcess>();

export function killEveryChild(): void {
  for (const child of everyChild) if (isAlive(child)) child.kill('SIGKILL');
}

function isAlive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

export class SupervisedProcess {
  private child: ChildProcess | undefined;
  /** What the ready line captured in the current life (the app's UI address, with its new token). */
  readyValue = '';

  constructor(readonly spec: ProcessSpec) {}

  get running(): boolean {
    return this.child !== undefined && isAlive(this.child);
  }

  get pid(): number | undefined {
    return this.running ? this.child!.pid : undefined;
  }

  /** Starts the process and waits for its ready line; throws with the log's tail if it exits first. */
  async start(): Promise<string> {
    if (this.running) throw new Error(`${this.spec.name} is already running`);
    const log = fs.createWriteStream(this.spec.logFile, { flags: 'a' });
    log.write(`\n--- ${new Date().toISOString()} start ${this.spec.name}\n`);
    const child = spawn(this.spec.command, this.spec.args, {
      cwd: this.spec.cwd,
      env: { ...process.env, ...this.spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    everyChild.add(child);
    child.once('exit', () => everyChild.delete(child));
    // 'close' comes after the last output, so nothing is written to a closed log.
    child.once('close', (code, signal) => log.end(`--- exited ${code ?? signal}\n`));
    let seen = '';
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${this.spec.name} was not ready in time:\n${seen.slice(-2000)}`));
      }, this.spec.readyTimeoutMs ?? 60_000);
      let ready = false;
      const onData = (chunk: Buffer): void => {
        log.write(chunk);
        if (ready) return;
        seen = (seen + chunk.toString()).slice(-20_000);
        const match = this.spec.ready.exec(seen);
        if (match) {
          ready = true;
          clearTimeout(timer);
          this.readyValue = match[1] ?? match[0];
          resolve(this.readyValue);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (!ready)
          reject(
            new Error(`${this.spec.name} exited (${code ?? signal}) before ready:\n${seen.slice(-2000)}`),
          );
      });
    });
  }

  /** Sends a signal and, for a killing one, waits until the process is gone. */
  async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || !isAlive(child)) return;
    const gone = signal === 'SIGSTOP' || signal === 'SIGCONT' ? undefined : exited(child);
    child.kill(signal);
    await gone;
  }

  /** A clean stop (SIGTERM), falling back to SIGKILL if the process does not go within the grace time. */
  async stop(graceMs = 15_000): Promise<void> {
    const child = this.child;
    if (!child || !isAlive(child)) return;
    child.kill('SIGCONT');
    const gone = exited(child);
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await gone;
    clearTimeout(timer);
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (!isAlive(child)) return resolve();
    child.once('exit', () => resolve());
  });
}
