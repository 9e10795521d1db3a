/**
 * The idle bench's child processes (relay, destinations, skeleton listener): a TypeScript file of this
 * repo run from source as one Node process (not tsx's wrapper, which would put the script in a child of
 * its own and out of reach of the bench's signals), and its first useful line of output.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export function spawnSource(file: string, args: string[] = []): ChildProcess {
  return spawn(process.execPath, ['--conditions=source', '--import', 'tsx', file, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/** Resolves with what `parse` makes of the child's stdout once it can make something of it. */
export function firstOutput<T>(
  child: ChildProcess,
  name: string,
  parse: (out: string) => T | undefined,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const parsed = parse(out);
      if (parsed !== undefined) resolve(parsed);
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
}
