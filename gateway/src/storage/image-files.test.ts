import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeStaleParts } from './image-files';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ml-image-files-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('stale part files', () => {
  it('removes parts last written before the cut-off and keeps fresh parts and anything else', async () => {
    const tmp = join(root, 'tmp');
    mkdirSync(tmp);
    const file = (name: string, ageMs: number): string => {
      const path = join(tmp, name);
      writeFileSync(path, 'partial image');
      const at = new Date(Date.now() - ageMs);
      utimesSync(path, at, at);
      return path;
    };
    const stale = file('a.part', 2 * 3600_000);
    const fresh = file('b.part', 60_000);
    const other = file('notes.txt', 2 * 3600_000);

    expect(await removeStaleParts(root, new Date(Date.now() - 3600_000))).toBe(1);
    expect([existsSync(stale), existsSync(fresh), existsSync(other)]).toEqual([false, true, true]);
  });

  it('has nothing to do before the first image', async () => {
    expect(await removeStaleParts(join(root, 'never-created'), new Date())).toBe(0);
  });
});
