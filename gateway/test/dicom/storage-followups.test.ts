import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { imageReceivedDataSchema } from 'modality-link-protocol';
import { startStorageScp, type StorageScpOptions, type StorageScpServer } from '#gateway/storage/storage-scp';
import { until } from '../helpers/gateway';
import { readPng } from '../helpers/png-reader';
import { writeMg } from './mg-fixture';
import { openReturnPathDb, type ReturnPathDb } from './return-path-fixtures';
import { storescu } from './storescu';

/**
 * The C-STORE reply comes once the image is durable and indexed; the thumbnail and
 * `study.image_received` follow from the stored file (ADR 0024). With the follow-up queue held, storescu
 * already has its success while nothing is reported yet; released (or started again, as after a crash),
 * the queue makes every thumbnail and event. A full queue holds the next reply.
 */
const AE = 'STORESCP';
const files = mkdtempSync(join(tmpdir(), 'ml-mg-followups-'));
const uid = (n: number) => `1.2.826.0.1.3680043.9.7433.7.${n}`;
const image = (n: number) => join(files, `${n}.dcm`);

let t: ReturnPathDb;
const servers: StorageScpServer[] = [];

beforeAll(() => {
  for (const n of [1, 2, 3]) writeMg(image(n), { accession: 'ACC0300', sopInstanceUid: uid(n) });
});
afterAll(() => rmSync(files, { recursive: true, force: true }));
beforeEach(() => {
  t = openReturnPathDb();
  t.addItem('ACC0300', 'ws-1');
});
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  t.close();
});

async function start(followups: StorageScpOptions['followups']): Promise<StorageScpServer> {
  const server = await startStorageScp({
    events: t.events,
    host: '127.0.0.1',
    port: 0,
    aeTitle: AE,
    directory: join(t.dir, 'images'),
    log: t.log,
    reserve: { bytes: 0, percent: 0 },
    followups,
  });
  servers.push(server);
  return server;
}

const eventTypes = () => t.outboxEvents().map((e) => e.event.event_type);
const previews = () =>
  t.db.prepare('SELECT preview FROM stored_images ORDER BY sop_instance_uid').pluck().all() as number[];
const owed = () => t.db.prepare('SELECT sop_instance_uid FROM image_followups ORDER BY rowid').pluck().all();

/** Every image reported once, each with a real thumbnail of the image. */
function expectReported(count: number): void {
  const received = t
    .outboxEvents()
    .filter((e) => e.event.event_type === 'study.image_received')
    .map((e) => imageReceivedDataSchema.parse(e.event.data));
  expect(received.map((r) => r.sop_instance_uid)).toEqual(
    Array.from({ length: count }, (_, i) => uid(i + 1)),
  );
  for (const data of received) {
    expect(data).toMatchObject({ laterality: 'L', view: 'MLO' });
    const png = readPng(Buffer.from(data.thumbnail.data, 'base64'));
    expect([png.width, png.height]).toEqual([240, 300]);
  }
  expect(previews()).toEqual(Array(count).fill(1));
  expect(owed()).toEqual([]);
}

describe('the C-STORE reply before the thumbnail', () => {
  it('answers success with the image indexed, then reports it with its thumbnail', async () => {
    const scp = await start({ held: true });
    expect((await storescu({ port: scp.port, calledAe: AE }, [image(1), image(2)])).statuses).toEqual([0, 0]);
    expect(previews()).toEqual([0, 0]);
    expect(owed()).toEqual([uid(1), uid(2)]);
    expect(eventTypes()).toEqual(['procedure.in_progress']);

    scp.followups.resume();
    await scp.followups.idle();
    expect(eventTypes()).toEqual(['procedure.in_progress', 'study.image_received', 'study.image_received']);
    expectReported(2);
    expect(t.logLines.join('')).toContain('"msg":"c-store thumbnail"');
  });

  it('holds the next reply while the queue is full, and answers it once there is room', async () => {
    const scp = await start({ held: true, maxPending: 2 });
    let answered = false;
    const sending = storescu({ port: scp.port, calledAe: AE }, [image(1), image(2), image(3)]).finally(
      () => (answered = true),
    );
    // The third is indexed, but its reply waits: two are already owed.
    await until(() => owed().length === 3, 15_000);
    expect(answered).toBe(false);
    scp.followups.resume();
    expect((await sending).statuses).toEqual([0, 0, 0]);
    await scp.followups.idle();
    expectReported(3);
  });

  it('is caught up by the next start when the last one stopped before the thumbnails', async () => {
    const first = await start({ held: true });
    expect((await storescu({ port: first.port, calledAe: AE }, [image(1), image(2)])).statuses).toEqual([
      0, 0,
    ]);
    await first.close();
    servers.splice(0);
    expect(owed()).toHaveLength(2);

    const second = await start(undefined);
    await second.followups.idle();
    expectReported(2);
    expect(t.logLines.join('')).toContain('"images":2,"msg":"image follow-ups left by the last run"');
  });

  it('forgets what it owes for an image removed before its thumbnail was made', async () => {
    const scp = await start({ held: true });
    expect((await storescu({ port: scp.port, calledAe: AE }, [image(1)])).statuses).toEqual([0]);
    t.db.prepare('DELETE FROM stored_images').run();
    expect(owed()).toEqual([]);
    scp.followups.resume();
    await scp.followups.idle();
    expect(eventTypes()).toEqual(['procedure.in_progress']);
  });

  it('gives up an image that can never be reported, after a few tries, and goes on with the next', async () => {
    const scp = await start({ held: true, retryMs: 10 });
    expect((await storescu({ port: scp.port, calledAe: AE }, [image(1)])).statuses).toEqual([0]);
    // A view the event's schema refuses (at most 16 characters): the event cannot be made.
    t.db.prepare(`UPDATE stored_images SET view = 'MEDIOLATERAL-OBLIQUE'`).run();
    scp.followups.resume();
    await scp.followups.idle();
    expect(eventTypes()).toEqual(['procedure.in_progress']);
    const log = t.logLines.join('');
    expect(log.match(/"msg":"image follow-up failed; retrying later"/g)).toHaveLength(2);
    expect(log).toContain(
      '"attempts":3,"msg":"image follow-up given up: no thumbnail or event for this image"',
    );

    expect((await storescu({ port: scp.port, calledAe: AE }, [image(2)])).statuses).toEqual([0]);
    await scp.followups.idle();
    expect(eventTypes()).toEqual(['procedure.in_progress', 'study.image_received']);
  });
});
