import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { imageReceivedDataSchema } from 'modality-link-protocol';
import { startStorageScp, type StorageScpServer } from '#gateway/storage/storage-scp';
import { readPng } from '../helpers/png-reader';
import { run } from './dcmtk';
import { openReturnPathDb, type ReturnPathDb } from './return-path-fixtures';
import { storescu } from './storescu';

/**
 * The four synthetic screening views in resources/dicom (the modality simulator's templates), sent by
 * storescu: as shipped (no accession number) they are refused; written into a worklist item with
 * DCMTK's dcmodify, as the simulator does, each arrives with its own breast and view.
 */
const VIEWS = ['LCC', 'LMLO', 'RCC', 'RMLO'];
const templates = resolve(__dirname, '../../../resources/dicom');
const work = mkdtempSync(join(tmpdir(), 'ml-views-'));
const AE = 'STORESCP';

let t: ReturnPathDb;
let scp: StorageScpServer;
const peer = () => ({ port: scp.port, calledAe: AE });

beforeEach(async () => {
  t = openReturnPathDb();
  scp = await startStorageScp({
    events: t.events,
    ...{ host: '127.0.0.1', port: 0, aeTitle: AE, directory: join(t.dir, 'images'), log: t.log },
  });
});
afterEach(async () => {
  await scp.close();
  t.close();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the synthetic screening views', () => {
  it('are refused as shipped: they carry no accession number', async () => {
    const sent = await storescu(
      peer(),
      VIEWS.map((v) => join(templates, `${v}.dcm`)),
    );
    expect(sent.statuses).toEqual([0xa900, 0xa900, 0xa900, 0xa900]);
    expect(new Set(sent.comments)).toEqual(new Set(['Missing AccessionNumber']));
    expect(t.outboxEvents().map((e) => e.event.event_type)).toEqual(Array(4).fill('study.image_failed'));
  });

  it('arrive as L/R CC/MLO with thumbnails once written into a worklist item', async () => {
    t.addItem('ACC0200', 'ws-1');
    const files = VIEWS.map((view) => {
      const file = join(work, `${view}.dcm`);
      copyFileSync(join(templates, `${view}.dcm`), file);
      return file;
    });
    for (const file of files)
      expect((await run('dcmodify', ['-nb', '-m', '(0008,0050)=ACC0200', file])).code).toBe(0);
    expect((await storescu(peer(), files)).statuses).toEqual([0, 0, 0, 0]);
    await scp.followups.idle();
    const received = t
      .outboxEvents()
      .filter((e) => e.event.event_type === 'study.image_received')
      .map((e) => imageReceivedDataSchema.parse(e.event.data));
    expect(received.map((r) => `${r.laterality}${r.view}`)).toEqual(VIEWS);
    for (const image of received) {
      const png = readPng(Buffer.from(image.thumbnail.data, 'base64'));
      expect(Math.max(png.width, png.height)).toBeLessThanOrEqual(400);
      expect(image.dose?.organ_dose_dgy).toBeGreaterThan(0);
    }
    expect(t.status('ACC0200')).toBe('IN PROGRESS');
  });
});
