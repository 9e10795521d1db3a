import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

/**
 * A real tinyproxy (Debian's, installed by .ci/run) on 127.0.0.1 and a free port, for the outbound-proxy
 * tests of the relay helpers, the gateway and the app. Its config lives in a temp folder; `stop()` ends the
 * process and waits for it, so no proxy outlives its test.
 */
export interface TestProxy {
  url: string;
  port: number;
  /** Everything tinyproxy logged so far (it logs each CONNECT it serves). */
  log(): string;
  /** CONNECT requests tinyproxy established a tunnel for. */
  tunnels(): number;
  stop(): Promise<void>;
}

export interface TestProxyOptions {
  /** Only these target ports may be tunnelled (tinyproxy answers 403 otherwise). */
  connectPorts?: number[];
  /** Require Proxy-Authorization with these credentials (tinyproxy answers 407 otherwise). */
  basicAuth?: { user: string; password: string };
}

export const TINYPROXY = '/usr/bin/tinyproxy';

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`tinyproxy exited: ${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`tinyproxy did not listen on ${port}: ${output()}`);
}

export async function startTinyproxy(options: TestProxyOptions = {}): Promise<TestProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'tinyproxy-'));
  const port = await freePort();
  const lines = [
    `Port ${port}`,
    'Listen 127.0.0.1',
    'Timeout 60',
    'MaxClients 50',
    'LogLevel Connect',
    ...(options.connectPorts ?? []).map((p) => `ConnectPort ${p}`),
    ...(options.basicAuth ? [`BasicAuth ${options.basicAuth.user} ${options.basicAuth.password}`] : []),
  ];
  writeFileSync(join(dir, 'tinyproxy.conf'), `${lines.join('\n')}\n`);
  const child = spawn(TINYPROXY, ['-d', '-c', join(dir, 'tinyproxy.conf')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPort(port, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log: () => output,
    tunnels: () => (output.match(/Established connection to host/g) ?? []).length,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
