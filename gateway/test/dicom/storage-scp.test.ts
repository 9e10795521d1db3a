import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { imageReceivedDataSchema, type GatewayEvent } from 'modality-link-protocol';
import { startStorageScp, type StorageScpServer } from '#gateway/storage/storage-scp';
import { CodecDecoder } from '#gateway/thumbnail/codec-decoder';
import { readPng } from '../helpers/png-reader';
import { echoscu, run } from './dcmtk';
import { cStoreFile, transcodeFile } from './dimse-client';
import { writeMg } from './mg-fixture';
import { openReturnPathDb, type ReturnPathDb } from './return-path-fixtures';
import { storescu } from './storescu';

/**
 * The storage SCP with DCMTK's storescu as the modality (and dcmjs-dimse's client for the compressed
 * syntaxes storescu cannot propose). Images are made by the test with dcmjs; compressed copies with
 * DCMTK's own encoders, so decoding is checked against an independent implementation.
 */
const AE = 'STORESCP';
const files = mkdtempSync(join(tmpdir(), 'ml-mg-'));
const uid = (n: number) => `1.2.826.0.1.3680043.9.7433.4.${n}`;
const file = (name: string, accession: string, sop: number, set?: Record<string, unknown>) =>
  writeMg(join(files, name), { accession, sopInstanceUid: uid(sop), set });

let t: ReturnPathDb;
let scp: StorageScpServer;
const peer = () => ({ port: scp.port, calledAe: AE });
const imagesDir = () => join(t.dir, 'images');
const decoder = new CodecDecoder();

beforeAll(() => {
  file('lcc.dcm', 'ACC0100', 1, { ViewCodeSequence: undefined, ViewPosition: 'CC' });
  file('lmlo.dcm', 'ACC0100', 2);
  file('no-pixels.dcm', 'ACC0100', 3, { PixelData: undefined });
  file('unknown.dcm', 'NOSUCHACC', 4);
  file('mono1.dcm', 'ACC0100', 5, { PhotometricInterpretation: 'MONOCHROME1' });
});
afterAll(() => rmSync(files, { recursive: true, force: true }));

beforeEach(async () => {
  t = openReturnPathDb();
  scp = await startStorageScp({
    events: t.events,
    host: '127.0.0.1',
    port: 0,
    aeTitle: AE,
    directory: imagesDir(),
    decoder,
    log: t.log,
    // No reserve, so these tests do not depend on this machine's free space; the refusal test sets one.
    reserve: { bytes: 0, percent: 0 },
  });
});
afterEach(async () => {
  await scp.close();
  t.close();
});

const eventsOf = (type: string): GatewayEvent[] =>
  t
    .outboxEvents()
    .filter((e) => e.event.event_type === type)
    .map((e) => e.event);
const images = () =>
  t.db.prepare('SELECT * FROM stored_images ORDER BY sop_instance_uid').all() as Array<
    Record<string, unknown>
  >;
const storedFiles = (): string[] =>
  readdirSync(imagesDir(), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.dcm'));

describe('C-STORE of good images', () => {
  it('stores content-addressed files with index rows, and reports the first image and each thumbnail', async () => {
    t.addItem('ACC0100', 'ws-1');
    const sent = await storescu(peer(), [join(files, 'lcc.dcm'), join(files, 'lmlo.dcm')]);
    expect(sent.statuses).toEqual([0, 0]);
    await scp.followups.idle();

    const rows = images();
    expect(rows.map((r) => [r.sop_instance_uid, r.accession_number, r.laterality, r.view])).toEqual([
      [uid(1), 'ACC0100', 'L', 'CC'],
      [uid(2), 'ACC0100', 'L', 'MLO'],
    ]);
    for (const row of rows) {
      const sha = row.sha256 as string;
      expect(row.path).toBe(`${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}.dcm`);
      const bytes = readFileSync(join(imagesDir(), row.path as string));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha);
      expect(row).toMatchObject({ size_bytes: bytes.length, calling_ae_title: 'MODALITY1', preview: 1 });
      // DCMTK reads the stored file back: our meta header, the modality's data set.
      const dump = await run('dcmdump', [join(imagesDir(), row.path as string)]);
      expect(dump.output).toContain('(0008,0050) SH [ACC0100]');
      expect(dump.output).toContain('(0002,0016) AE [MODALITY1]');
    }
    expect(storedFiles()).toHaveLength(2);

    expect(t.status('ACC0100')).toBe('IN PROGRESS');
    const all = t.outboxEvents();
    expect(all.map((e) => e.event.event_type)).toEqual([
      'procedure.in_progress',
      'study.image_received',
      'study.image_received',
    ]);
    expect(all.every((e) => e.workstationId === 'ws-1' && e.event.action_id === 'create-ACC0100')).toBe(true);
    expect(all[0]!.event.data).toEqual({ source: 'first_image' });

    const received = imageReceivedDataSchema.parse(all[2]!.event.data);
    expect(received).toMatchObject({
      sop_instance_uid: uid(2),
      sop_class_uid: '1.2.840.10008.5.1.4.1.1.1.2',
      laterality: 'L',
      view: 'MLO',
      dose: {
        organ_dose_dgy: 0.012,
        entrance_dose_mgy: 4.5,
        kvp: 28,
        exposure_mas: 88,
        compressed_breast_thickness_mm: 50,
      },
    });
    const png = readPng(Buffer.from(received.thumbnail.data, 'base64'));
    expect(received.thumbnail.mime).toBe('image/png');
    expect([png.width, png.height]).toEqual([received.thumbnail.width, received.thumbnail.height]);
    expect([png.width, png.height]).toEqual([240, 300]);
    expect(received.thumbnail.data.length).toBeLessThanOrEqual(60_000);
    // Windowed: background (100) dark, the breast (up to 4000 in a 2000/4000 window) bright.
    expect(png.pixels[150 * 240 + 239]).toBeLessThan(20);
    expect(png.pixels[150 * 240 + 1]).toBeGreaterThan(230);
  });

  it('treats a repeated instance as success with no new file and no new event', async () => {
    t.addItem('ACC0100', 'ws-1');
    await storescu(peer(), [join(files, 'lcc.dcm')]);
    await scp.followups.idle();
    const before = t.outboxEvents().length;
    const again = await storescu(peer(), [join(files, 'lcc.dcm'), join(files, 'lcc.dcm')]);
    expect(again.statuses).toEqual([0, 0]);
    await scp.followups.idle();
    expect(t.outboxEvents()).toHaveLength(before);
    expect(images()).toHaveLength(1);
    expect(storedFiles()).toHaveLength(1);
  });

  it('does not move an item that MPPS already finished, but still reports the image', async () => {
    t.addItem('ACC0100');
    t.db.prepare(`UPDATE worklist_items SET status = 'COMPLETED'`).run();
    expect((await storescu(peer(), [join(files, 'lcc.dcm')])).statuses).toEqual([0]);
    await scp.followups.idle();
    expect(t.status('ACC0100')).toBe('COMPLETED');
    expect(t.outboxEvents().map((e) => e.event.event_type)).toEqual(['study.image_received']);
  });

  it('inverts MONOCHROME1 in the thumbnail', async () => {
    t.addItem('ACC0100');
    await storescu(peer(), [join(files, 'lcc.dcm'), join(files, 'mono1.dcm')]);
    await scp.followups.idle();
    const [normal, inverted] = eventsOf('study.image_received').map((e) =>
      readPng(Buffer.from(imageReceivedDataSchema.parse(e.data).thumbnail.data, 'base64')),
    );
    expect(inverted!.pixels).toEqual(normal!.pixels.map((v) => 255 - v));
  });
});

describe('C-STORE of bad images', () => {
  it('refuses missing PixelData with A900 and an unknown accession with C001, each with one event', async () => {
    t.addItem('ACC0100', 'ws-1');
    const sent = await storescu(peer(), [
      join(files, 'no-pixels.dcm'),
      join(files, 'unknown.dcm'),
      join(files, 'unknown.dcm'),
    ]);
    expect(sent.statuses).toEqual([0xa900, 0xc001, 0xc001]);
    expect(sent.comments).toEqual([
      'Missing PixelData',
      'Unknown accession number',
      'Unknown accession number',
    ]);
    expect(images()).toHaveLength(0);
    expect(existsImages()).toBe(false);
    const failed = t.outboxEvents().filter((e) => e.event.event_type === 'study.image_failed');
    expect(failed.map((e) => e.event.data)).toEqual([
      { sop_instance_uid: uid(3), reason: 'Missing PixelData', dicom_status: 0xa900 },
      { sop_instance_uid: uid(4), reason: 'Unknown accession number', dicom_status: 0xc001 },
    ]);
    expect(failed[1]!.event.accession_number).toBe('NOSUCHACC');
    // No item, so nobody sent it: the first session to connect gets it.
    expect(failed[1]!.workstationId).toBeNull();
    expect(t.status('ACC0100')).toBe('SCHEDULED');
  });

  it('refuses with A700 an image that would leave less than the reserve free, and stores it once there is room', async () => {
    t.addItem('ACC0100', 'ws-1');
    const full = await startStorageScp({
      events: t.events,
      host: '127.0.0.1',
      port: 0,
      aeTitle: AE,
      directory: imagesDir(),
      log: t.log,
      reserve: { bytes: 0, percent: 101 }, // more than any disk can keep free
    });
    try {
      const sent = await storescu({ port: full.port, calledAe: AE }, [join(files, 'lcc.dcm')]);
      expect(sent.statuses).toEqual([0xa700]);
      expect(sent.comments).toEqual(['The gateway disk is nearly full']);
    } finally {
      await full.close();
    }
    expect(images()).toHaveLength(0);
    expect(existsImages()).toBe(false);
    expect(eventsOf('study.image_failed').map((e) => e.data)).toEqual([
      { sop_instance_uid: uid(1), reason: 'The gateway disk is nearly full', dicom_status: 0xa700 },
    ]);
    expect(t.status('ACC0100')).toBe('SCHEDULED');
    expect(t.logLines.join('')).toMatch(
      /"freeBytes":\d+,"freePercent":[\d.]+,"msg":"image disk nearly full"/,
    );

    // The same image again once there is room.
    expect((await storescu(peer(), [join(files, 'lcc.dcm')])).statuses).toEqual([0]);
    expect(images()).toHaveLength(1);
  });

  it('stores into an image folder removed by hand, recreating it', async () => {
    t.addItem('ACC0100', 'ws-1');
    rmSync(imagesDir(), { recursive: true, force: true });
    expect((await storescu(peer(), [join(files, 'lcc.dcm')])).statuses).toEqual([0]);
    expect(storedFiles()).toHaveLength(1);
  });

  it('rejects an association for another AE title, and answers C-ECHO', async () => {
    const wrong = await echoscu({ port: scp.port, calledAe: 'SOMEONEELSE' });
    expect(wrong.code).not.toBe(0);
    const echo = await echoscu(peer());
    expect(echo.code).toBe(0);
  });
});

function existsImages(): boolean {
  try {
    return storedFiles().length > 0;
  } catch {
    return false;
  }
}

describe('compressed transfer syntaxes', () => {
  it('stores them as received and decodes RLE, JPEG-LS, JPEG Lossless SV1 and JPEG 2000 for thumbnails', async () => {
    t.addItem('ACC0100');
    await storescu(peer(), [join(files, 'lmlo.dcm')]);
    await scp.followups.idle();
    const reference = imageReceivedDataSchema.parse(eventsOf('study.image_received')[0]!.data).thumbnail.data;
    const variants: Array<[string, string, string[]]> = [
      ['dcmcrle', '1.2.840.10008.1.2.5', ['-xr']],
      ['dcmcjpls', '1.2.840.10008.1.2.4.80', ['-xt']],
      ['dcmcjpeg', '1.2.840.10008.1.2.4.70', ['-xs']],
    ];
    for (const [index, [tool, ts, option]] of variants.entries()) {
      const sop = 10 + index;
      const source = file(`src-${sop}.dcm`, 'ACC0100', sop, { ViewCodeSequence: undefined });
      const target = join(files, `${tool}.dcm`);
      expect((await run(tool, [source, target])).code).toBe(0);
      expect((await storescu(peer(), [target], option)).statuses).toEqual([0]);
      expect(
        t.db
          .prepare('SELECT transfer_syntax_uid FROM stored_images WHERE sop_instance_uid = ?')
          .pluck()
          .get(uid(sop)),
      ).toBe(ts);
    }
    const j2k = join(files, 'j2k.dcm');
    await transcodeFile(file('src-20.dcm', 'ACC0100', 20), j2k, '1.2.840.10008.1.2.4.90');
    expect((await cStoreFile(peer(), j2k)).status).toBe(0);
    await scp.followups.idle();
    const thumbnails = eventsOf('study.image_received').map(
      (e) => imageReceivedDataSchema.parse(e.data).thumbnail,
    );
    expect(thumbnails).toHaveLength(5);
    // Lossless: every decoded thumbnail is the uncompressed one, pixel for pixel.
    for (const thumbnail of thumbnails.slice(1)) expect(thumbnail.data).toBe(reference);
  });

  it('accepts JPEG Lossless Process 14 (non-SV1) but sends the NO PREVIEW placeholder', async () => {
    t.addItem('ACC0100');
    const source = file('src-30.dcm', 'ACC0100', 30);
    const target = join(files, 'p14.dcm');
    expect((await run('dcmcjpeg', ['+el', source, target])).code).toBe(0);
    expect((await cStoreFile(peer(), target)).status).toBe(0);
    await scp.followups.idle();
    const [row] = images();
    expect(row).toMatchObject({ transfer_syntax_uid: '1.2.840.10008.1.2.4.57', preview: 0 });
    const thumbnail = imageReceivedDataSchema.parse(eventsOf('study.image_received')[0]!.data).thumbnail;
    expect([thumbnail.width, thumbnail.height]).toEqual([200, 150]);
    expect(readPng(Buffer.from(thumbnail.data, 'base64')).width).toBe(200);
  });
});

describe('logs', () => {
  it('carry ids, AE titles and statuses, never the participant', async () => {
    t.addItem('ACC0100');
    await storescu(peer(), [join(files, 'lcc.dcm'), join(files, 'no-pixels.dcm')]);
    const log = t.logLines.join('');
    expect(log).toContain('"msg":"c-store"');
    expect(log).toContain('"callingAe":"MODALITY1"');
    expect(log).not.toMatch(/TEST\^PARTICIPANT|PARTICIPANT|9434765919|19660314/);
  });
});
