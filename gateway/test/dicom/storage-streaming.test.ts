import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { imageReceivedDataSchema } from 'modality-link-protocol';
import { listenOnLoopback } from '../../../test-support/free-port';
import { startStorageScp, type StorageScpServer } from '#gateway/storage/storage-scp';
import { dimse } from '#gateway/worklist/dimse';
import { readPng } from '../helpers/png-reader';
import { run } from './dcmtk';
import { writeMg } from './mg-fixture';
import { openReturnPathDb, type ReturnPathDb } from './return-path-fixtures';
import { storescu } from './storescu';

/**
 * Streaming C-STORE with DCMTK's storescu as the modality: an object many times larger than the SCP's
 * in-memory allowance (`bufferBytes`) is written to disk as it arrives, the socket paused whenever that
 * allowance waits for the disk, and checked, indexed and thumbnailed from the file. An association cut
 * off mid-object leaves no file behind.
 */
const AE = 'STORESCP';
/** A tiny allowance: one 256 KiB PDU already exceeds it, so every PDU pauses the socket. */
const BUFFER_BYTES = 64 * 1024;
const MAX_PDU = dimse.Implementation.getMaxPduLength();
const files = mkdtempSync(join(tmpdir(), 'ml-mg-big-'));
const uid = (n: number) => `1.2.826.0.1.3680043.9.7433.5.${n}`;
// 2000 x 1600 x 16 bits = 6.4 MB of pixels, behind a 600 kB ICC profile: the attributes before Pixel Data
// are larger than the first read, so reading them back from the file has to grow.
const big = (name: string, sop: number) =>
  writeMg(join(files, name), {
    accession: 'ACC0200',
    sopInstanceUid: uid(sop),
    rows: 2000,
    columns: 1600,
    set: { ICCProfile: new Uint8Array(600_000).fill(7).buffer },
  });

let t: ReturnPathDb;
let scp: StorageScpServer;
const imagesDir = () => join(t.dir, 'images');
const peer = (port = scp.port) => ({ port, calledAe: AE });
const rows = () => t.db.prepare('SELECT * FROM stored_images').all() as Array<Record<string, unknown>>;
const parts = () => readdirSync(join(imagesDir(), 'tmp')).filter((f) => f.endsWith('.part'));
const storeLines = () =>
  t.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'c-store');

beforeAll(() => {
  big('big-1.dcm', 1);
  big('big-2.dcm', 2);
});
afterAll(() => rmSync(files, { recursive: true, force: true }));

beforeEach(async () => {
  t = openReturnPathDb();
  t.addItem('ACC0200', 'ws-1');
  scp = await startStorageScp({
    events: t.events,
    host: '127.0.0.1',
    port: 0,
    aeTitle: AE,
    directory: imagesDir(),
    log: t.log,
    reserve: { bytes: 0, percent: 0 },
    bufferBytes: BUFFER_BYTES,
  });
});
afterEach(async () => {
  await scp.close();
  t.close();
});

describe('an object far larger than the in-memory allowance', () => {
  it('is stored from the file it streamed into, with at most the allowance and one PDU in memory', async () => {
    const source = join(files, 'big-1.dcm');
    expect(statSync(source).size).toBeGreaterThan(20 * (BUFFER_BYTES + MAX_PDU));
    expect((await storescu(peer(), [source])).statuses).toEqual([0]);
    await scp.followups.idle();

    const [row] = rows();
    expect(row).toMatchObject({ sop_instance_uid: uid(1), accession_number: 'ACC0200', preview: 1 });
    const stored = readFileSync(join(imagesDir(), row!.path as string));
    expect(createHash('sha256').update(stored).digest('hex')).toBe(row!.sha256);
    expect(row!.size_bytes).toBe(stored.length);
    // DCMTK reads the whole file back, pixels included.
    const dump = await run('dcmdump', ['+P', '7fe0,0010', join(imagesDir(), row!.path as string)]);
    expect(dump.output).toContain('# 6400000,');
    const [line] = storeLines();
    // Everything that arrived is in the file, behind our File Meta Information.
    const metaBytes = 132 + 12 + stored.readUInt32LE(140);
    expect(line).toMatchObject({ status: '0x0000', bytes: stored.length - metaBytes });
    // Back-pressure: the socket was paused, and never more than the allowance plus one PDU waited.
    expect(line!.pauses as number).toBeGreaterThan(0);
    expect(line!.peakBufferedBytes as number).toBeLessThanOrEqual(BUFFER_BYTES + MAX_PDU);
    expect(parts()).toEqual([]);

    // The thumbnail comes from a downsampled read of the file (every 2nd row and column here).
    const received = imageReceivedDataSchema.parse(
      t.outboxEvents().find((e) => e.event.event_type === 'study.image_received')!.event.data,
    );
    const png = readPng(Buffer.from(received.thumbnail.data, 'base64'));
    expect([png.width, png.height]).toEqual([320, 400]);
    expect(png.pixels[200 * 320 + 319]).toBeLessThan(20);
    expect(png.pixels[200 * 320 + 1]).toBeGreaterThan(230);
  });

  it('is walked in Implicit VR Little Endian as well (storescu -xi converts on the fly)', async () => {
    expect((await storescu(peer(), [join(files, 'big-2.dcm')], ['-xi'])).statuses).toEqual([0]);
    await scp.followups.idle();
    expect(rows()).toMatchObject([
      { sop_instance_uid: uid(2), transfer_syntax_uid: '1.2.840.10008.1.2', preview: 1 },
    ]);
    expect(storeLines()[0]!.peakBufferedBytes as number).toBeLessThanOrEqual(BUFFER_BYTES + MAX_PDU);
  });
});

describe('a very wide image', () => {
  it('is thumbnailed from one read per kept row (long rows, 1 in 10 kept)', async () => {
    const wide = writeMg(join(files, 'wide.dcm'), {
      accession: 'ACC0200',
      sopInstanceUid: uid(3),
      rows: 100,
      columns: 8000,
    });
    expect((await storescu(peer(), [wide])).statuses).toEqual([0]);
    await scp.followups.idle();
    const received = imageReceivedDataSchema.parse(
      t.outboxEvents().find((e) => e.event.event_type === 'study.image_received')!.event.data,
    );
    const png = readPng(Buffer.from(received.thumbnail.data, 'base64'));
    expect([png.width, png.height]).toEqual([400, 5]);
    // The "breast" is on the left of the image, the background on the right.
    expect(png.pixels[2 * 400 + 1]).toBeGreaterThan(230);
    expect(png.pixels[2 * 400 + 399]).toBeLessThan(20);
  });
});

describe('attributes before Pixel Data beyond what is read back into memory (16 MiB)', () => {
  it('are refused with C000 and leave nothing behind', async () => {
    const bloated = writeMg(join(files, 'bloated.dcm'), {
      accession: 'ACC0200',
      sopInstanceUid: uid(4),
      set: { ICCProfile: new Uint8Array(17 * 1024 * 1024).buffer },
    });
    const sent = await storescu(peer(), [bloated]);
    expect(sent.statuses).toEqual([0xc000]);
    expect(sent.comments).toEqual(['The data set could not be read']);
    expect(t.logLines.join('')).toContain('the attributes before PixelData exceed 16 MiB');
    expect(rows()).toEqual([]);
    expect(parts()).toEqual([]);
  });
});

describe('an association cut off in the middle of an object', () => {
  it('leaves no temporary file, no stored file and no index row', async () => {
    // A relay that passes storescu's first 2 MB on, then drops both connections.
    const cutAfter = 2 * 1024 * 1024;
    const relay = net.createServer((client) => {
      const upstream = net.connect(scp.port, '127.0.0.1');
      let passed = 0;
      const cut = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('data', (chunk: Buffer) => {
        passed += chunk.length;
        if (passed > cutAfter) cut();
        else upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => client.write(chunk));
      client.on('error', cut);
      upstream.on('error', cut);
    });
    const port = await listenOnLoopback(relay);
    try {
      const sent = await storescu(peer(port), [join(files, 'big-1.dcm')]);
      expect(sent.statuses).toEqual([]);
    } finally {
      relay.close();
    }
    // The spool had started (it creates tmp/), and its part is removed once the socket closes.
    for (let i = 0; i < 100 && (!existsSync(join(imagesDir(), 'tmp')) || parts().length > 0); i += 1)
      await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(join(imagesDir(), 'tmp'))).toBe(true);
    expect(parts()).toEqual([]);
    expect(rows()).toEqual([]);
    expect(
      readdirSync(imagesDir(), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.dcm')),
    ).toEqual([]);
    expect(t.outboxEvents()).toEqual([]);
  });
});
