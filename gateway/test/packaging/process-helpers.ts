import type { ChildProcess } from 'node:child_process';
import { lstatSync, readFileSync } from 'node:fs';

/** Small process and file helpers for the packaging tests. */

/** The enablement symlink points at /usr/lib/... of the root, so test the link itself. */
export const isLink = (p: string): boolean =>
  lstatSync(p, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;

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
