import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openGatewayDb, type Db } from '../db/open';
import { applyReturnPathSchema } from '../return-path/return-path-schema';
import { writeContentAddressed } from './image-files';
import { indexedImage, indexImage } from './image-index';
import { pruneImages } from './image-retention';

let dir: string;
let root: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ml-image-retention-'));
  root = join(dir, 'images');
  db = openGatewayDb(join(dir, 'data'), [applyReturnPathSchema]);
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

    const pruned = await pruneImages(db, root, new Date('2026-10-28T00:00:00Z'), 1);

    expect(pruned).toEqual({ images: 2, imageBytes: 'pixels of 2.25.10'.length * 2 });
    expect([existsSync(old), existsSync(older), existsSync(recent)]).toEqual([false, false, true]);
    expect(indexedImage(db, '2.25.10')).toBeUndefined();
    expect(indexedImage(db, '2.25.11')).toBeUndefined();
    expect(indexedImage(db, '2.25.12')).toBeDefined();
    expect(await pruneImages(db, root, new Date('2026-10-28T00:00:00Z'))).toEqual({
      images: 0,
      imageBytes: 0,
    });
  });

  it('keeps a file that a newer row still points at (the same bytes stored twice)', async () => {
    const shared = await stored('2.25.20', '2026-09-01T09:00:00.000Z', 'same bytes');
    expect(await stored('2.25.21', '2026-11-20T09:00:00.000Z', 'same bytes')).toBe(shared);

    await pruneImages(db, root, new Date('2026-10-28T00:00:00Z'));

    expect(indexedImage(db, '2.25.20')).toBeUndefined();
    expect(indexedImage(db, '2.25.21')).toBeDefined();
    expect(existsSync(shared)).toBe(true);
  });

  it('forgets rows whose files are already gone (a crash between file and row)', async () => {
    const file = await stored('2.25.30', '2026-09-01T09:00:00.000Z');
    rmSync(file);

    expect((await pruneImages(db, root, new Date('2026-10-28T00:00:00Z'))).images).toBe(1);
    expect(indexedImage(db, '2.25.30')).toBeUndefined();
  });
});
