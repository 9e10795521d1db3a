import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { freePort } from '../../../test-support/free-port';
import { run } from '../dicom/dcmtk';

/**
 * DCMTK servers (storescp, wlmscpfs) as the simulator's peers: started on a free loopback port, awaited
 * until they accept connections, and stopped by their own pid when the test is done.
 */
export interface ToolServer {
  port: number;
  /** Everything the tool printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });
}

/** Spawns `tool args… port` and resolves once the port accepts a TCP connection. */
export async function startTool(tool: string, args: string[], cwd?: string): Promise<ToolServer> {
  const port = await freePort();
  const child = spawn(tool, [...args, String(port)], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const server: ToolServer = {
    port,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited(child);
    },
  };
  // A connect probe is a real association attempt to the tool; it logs it and carries on.
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) break;
    if (await accepts(port)) return server;
    await new Promise((r) => setTimeout(r, 25));
  }
  await server.stop();
  throw new Error(`${tool} did not start on port ${port}: ${output}`);
}

/** `dcmdump` of a file, failing the test if it cannot be read. */
export async function dcmdump(file: string): Promise<string> {
  const result = await run('dcmdump', ['-Un', file]);
  if (result.code !== 0) throw new Error(`dcmdump ${file}: ${result.output}`);
  return result.output;
}

/** The value of the first `(gggg,eeee)` line, without brackets: `[R]` → `R`. */
export function dumped(dump: string, tag: string): string | undefined {
  const line = dump.split('\n').find((l) => l.trimStart().startsWith(`(${tag.toLowerCase()})`));
  return line ? /\[([^\]]*)\]/.exec(line)?.[1] : undefined;
}

/**
 * dciodvfy's findings: the IOD it recognised (undefined if it could not read the file at all) and its
 * `Error - …` and `Warning - …` lines.
 */
export async function dciodvfy(
  file: string,
): Promise<{ iod?: string; errors: string[]; warnings: string[] }> {
  const result = await run('dciodvfy', [file]).catch((error: NodeJS.ErrnoException) => {
    // dciodvfy is dicom3tools', not DCMTK's: say what to install rather than "spawn ENOENT".
    if (error.code === 'ENOENT')
      throw new Error('dciodvfy not found: install the Debian package dicom3tools');
    throw error;
  });
  const lines = result.output.split('\n').map((l) => l.trim());
  return {
    iod: lines.find((l) => /^[A-Z][A-Za-z]+$/.test(l)),
    errors: lines.filter((l) => l.startsWith('Error') || l.startsWith('Abort')),
    warnings: lines.filter((l) => l.startsWith('Warning')),
  };
}
