import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpoolStream } from './spool-file';

/**
 * The spool against a real file. A socket delivers P-DATA faster than any disk when many fragments
 * arrive in one tick (file writes complete only on a later one), which is the slow-disk case made
 * deterministic: the stream must pause its input at the allowance and resume it once half is written.
 */
let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ml-spool-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const fragment = (n: number) => Buffer.alloc(256 * 1024, n);

function spool(at = root, bufferBytes = 1024 * 1024) {
  const flow = { events: [] as string[] };
  const stream = new SpoolStream({
    root: at,
    header: Buffer.from('META'),
    flow: { pause: () => flow.events.push('pause'), resume: () => flow.events.push('resume') },
    bufferBytes,
    reserve: { bytes: 0, percent: 0 },
  });
  return { stream, flow };
}

describe('spooling a data set to a temporary file', () => {
  // 10 MiB: also past the first early flush (every 8 MiB) while fragments are still being written.
  it('pauses the input when the allowance waits for the disk, resumes it, and writes and hashes every byte', async () => {
    const { stream, flow } = spool();
    const fragments = Array.from({ length: 40 }, (_, i) => fragment(i));
    // dcmjs-dimse ignores the return value after the first fragment; it must never be told to wait.
    expect(fragments.map((f) => stream.write(f))).toEqual(fragments.map(() => true));
    expect(flow.events).toEqual(['pause']);
    stream.end();
    const result = await stream.durable();

    expect(flow.events).toEqual(['pause', 'resume']);
    expect(stream.peakBuffered).toBe(40 * 256 * 1024);
    const expected = Buffer.concat([Buffer.from('META'), ...fragments]);
    const written = readFileSync(stream.path);
    expect(written.equals(expected)).toBe(true);
    expect(result).toEqual({ sha256: createHash('sha256').update(expected).digest('hex') });
    expect([stream.metaBytes, stream.datasetBytes, stream.fileBytes]).toEqual([
      4,
      40 * 256 * 1024,
      expected.length,
    ]);
    await stream.discard();
    expect(existsSync(stream.path)).toBe(false);
  });

  it('never pauses when the fragments stay under the allowance', async () => {
    const { stream, flow } = spool(root, 4 * 1024 * 1024);
    for (let i = 0; i < 3; i += 1) stream.write(fragment(i));
    stream.end();
    expect('sha256' in (await stream.durable())).toBe(true);
    expect(flow.events).toEqual([]);
    await stream.discard();
  });

  it('reports a file it cannot write as a failure without an error event, and keeps taking fragments', async () => {
    const blocker = join(root, 'not-a-folder');
    writeFileSync(blocker, 'x');
    const { stream, flow } = spool(blocker, 256 * 1024);
    let errors = 0;
    stream.on('error', () => (errors += 1));
    for (let i = 0; i < 4; i += 1) expect(stream.write(fragment(i))).toBe(true);
    stream.end();
    expect(await stream.durable()).toEqual({ failure: 'write-failed' });
    expect(errors).toBe(0);
    // The input was paused and then resumed: a failed spool drains the rest of the data set.
    expect(flow.events).toEqual(['pause', 'resume']);
    await stream.discard();
  });

  it('removes its part when discarded before the data set is complete (an aborted association)', async () => {
    const { stream } = spool();
    stream.write(fragment(1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(existsSync(stream.path)).toBe(true);
    await stream.discard();
    expect(existsSync(stream.path)).toBe(false);
  });
});
