import type { ChildProcess } from 'node:child_process';
import { lstatSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Small process and file helpers for the packaging tests. */

/** The enablement symlink points at /usr/lib/... of the root, so test the link itself. */
export const isLink = (p: string): boolean =>
  lstatSync(p, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;

export function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

export function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolveExit) => {
    child.removeAllListeners('exit');
    child.once('exit', (code) => resolveExit(code));
    child.kill('SIGTERM');
  });
}

/** A running process's command line as the kernel has it (after every exec of its launchers). */
export function commandLine(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
}
