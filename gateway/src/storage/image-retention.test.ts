import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { capturingLogger } from '../../../test-support/capturing-logger';
import { openGatewayDb, type Db } from '../db/open';
import { writeContentAddressed } from './image-files';
import { indexedImage, indexImage } from './image-index';
import { pruneImages } from './image-retention';

let dir: string;
let root: string;
let db: Db;
let logLines: string[];
let log: Logger;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ml-image-retention-'));
  root = join(dir, 'images');
  db = openGatewayDb(join(dir, 'data'));
  ({ log, lines: logLines } = capturingLogger('info'));
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A stored image received at `receivedAt`: its file written and its row indexed, as a C-STORE does. */
async function stored(sop: string, receivedAt: string, bytes = `pixels of ${sop}`): Promise<string> {
  const file = await writeContentAddressed(root, [Buffer.from(bytes)]);
  indexImage(
    db,
    {
      sopInstanceUid: sop,
      accession: 'ACC1',
      studyInstanceUid: '2.25.1',
      seriesInstanceUid: '2.25.2',
      sopClassUid: '1.2.840.10008.5.1.4.1.1.1.2',
      transferSyntaxUid: '1.2.840.10008.1.2.1',
      sha256: file.sha256,
      path: file.path,
      size: file.size,
      laterality: 'L',
      view: 'CC',
      preview: true,
      callingAe: 'MAMMO1',
    },
    receivedAt,
  );
  return join(root, file.path);
}

describe('image retention', () => {
  it('removes the files and rows of images received before the cut-off, and keeps the rest', async () => {
    const old = await stored('2.25.10', '2026-10-01T09:00:00.000Z');
    const older = await stored('2.25.11', '2026-09-01T09:00:00.000Z');
    const recent = await stored('2.25.12', '2026-11-20T09:00:00.000Z');

    const pruned = await pruneImages(db, root, new Date('2026-10-28T00:00:00Z'), log, undefined, 1);

    expect(pruned).toEqual({ images: 2, imageBytes: 'pixels of 2.25.10'.length * 2, imagesKept: 0 });
    expect([existsSync(old), existsSync(older), existsSync(recent)]).toEqual([false, false, true]);
    expect(indexedImage(db, '2.25.10')).toBeUndefined();
    expect(indexedImage(db, '2.25.11')).toBeUndefined();
    expect(indexedImage(db, '2.25.12')).toBeDefined();
    expect(await pruneImages(db, root, new Date('2026-10-28T00:00:00Z'), log)).toEqual({
      images: 0,
      imageBytes: 0,
      imagesKept: 0,
    });
  });

  it('keeps the row of a file it cannot remove, says so, and goes on past it', async () => {
    const stuck = await stored('2.25.20', '2026-09-01T09:00:00.000Z');
    const next = await stored('2.25.21', '2026-09-02T09:00:00.000Z');
    // Something else now sits where the file was (a folder cannot be removed as a file).
    rmSync(stuck);
    mkdirSync(join(stuck, 'held'), { recursive: true });

    const pruned = await pruneImages(db, root, new Date('2026-10-28T00:00:00Z'), log, undefined, 1);

    expect(pruned).toMatchObject({ images: 1, imagesKept: 1 });
    expect(indexedImage(db, '2.25.20')).toBeDefined();
    expect([indexedImage(db, '2.25.21'), existsSync(next)]).toEqual([undefined, false]);
    const warning = JSON.parse(logLines.find((l) => l.includes('not removed'))!) as Record<string, unknown>;
    expect(warning).toMatchObject({ level: 40, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('stops between files once aborted, forgetting only what it removed', async () => {
    const first = await stored('2.25.40', '2026-09-01T09:00:00.000Z');
    await stored('2.25.41', '2026-09-02T09:00:00.000Z');
    const stop = new AbortController();
    stop.abort();

    expect(await pruneImages(db, root, new Date('2026-10-28T00:00:00Z'), log, stop.signal)).toEqual({
      images: 0,
      imageBytes: 0,
      imagesKept: 0,
    });
    expect(existsSync(first)).toBe(true);
    expect(indexedImage(db, '2.25.40')).toBeDefined();
  });

  it('forgets rows whose files are already gone (a crash between file and row)', async () => {
    const file = await stored('2.25.30', '2026-09-01T09:00:00.000Z');
    rmSync(file);

    expect((await pruneImages(db, root, new Date('2026-10-28T00:00:00Z'), log)).images).toBe(1);
    expect(indexedImage(db, '2.25.30')).toBeUndefined();
  });
});
