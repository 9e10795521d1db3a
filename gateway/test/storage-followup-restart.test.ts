import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageReceivedDataSchema, type GatewayEvent } from 'modality-link-protocol';
import { action, worklistItem, WorkstationSession } from './helpers/clients';
import { exited, spawnGateway } from './helpers/cli';
import { writeTestConfig, type TestSetup } from './helpers/config';
import { freePort } from '../../test-support/free-port';
import { readPng } from './helpers/png-reader';
import { startTestRelay, type TestRelay } from './helpers/relay';
import { writeMg } from './dicom/mg-fixture';
import { storescu } from './dicom/storescu';

/**
 * The C-STORE reply comes before the thumbnail (ADR 0024), so a gateway can die between the two. Here a
 * gateway process that answers and then makes no thumbnail (helpers/held-storage.ts, on the gateway's
 * own database and image folder) is killed with SIGKILL after storescu has its success; the real CLI,
 * started again on the same folder, makes the thumbnail and delivers `study.image_received` to the
 * workstation that created the item, once.
 */
const STORE_AE = 'STORESCP';
const ACCESSION = 'FU00000001';
const SOP = '1.2.826.0.1.3680043.9.7433.6.1';
const ROOT = resolve(__dirname, '../..');

let r: TestRelay;
let setup: TestSetup;
let port: number;
const children: ChildProcess[] = [];
const dataDir = () => join(setup.dir, 'data');

beforeAll(async () => {
  r = await startTestRelay();
  port = await freePort();
  setup = await writeTestConfig(r, {
    log: { level: 'info' },
    destinations: [],
    allowed_destinations: [],
    worklist: { enabled: true, host: '127.0.0.1', port: await freePort(), ae_title: 'MWLSCP' },
    storage: { enabled: true, host: '127.0.0.1', port, ae_title: STORE_AE },
  });
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await r?.relay.stop();
});

async function start() {
  const gateway = await spawnGateway(setup.configFile);
  children.push(gateway.child);
  return gateway;
}

/** The held storage process; resolves once it listens. */
function startHeld(): Promise<ChildProcess> {
  const script = resolve(ROOT, 'gateway/test/helpers/held-storage.ts');
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', script, dataDir(), String(port), STORE_AE],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  return new Promise((resolveChild, reject) => {
    let text = '';
    child.stdout!.on('data', (d: Buffer) => {
      text += d.toString();
      if (text.includes('\n')) resolveChild(child);
    });
    child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
    child.once('exit', (code) => reject(new Error(`held-storage exited (${code}):\n${text.slice(-2000)}`)));
  });
}

/** Events pushed to this session until every wanted type has arrived (repeats are fine). */
async function eventsUntil(session: WorkstationSession, types: string[]): Promise<GatewayEvent[]> {
  const seen = new Map<string, GatewayEvent>();
  while (!types.every((t) => [...seen.values()].some((e) => e.event_type === t))) {
    const frame = await session.client.next<{ events: GatewayEvent[] }>((f) => f.kind === 'events', 10_000);
    for (const event of frame.events) seen.set(event.event_id, event);
  }
  return [...seen.values()];
}

function readDb<T>(query: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir(), 'gateway.sqlite'), { readonly: true });
  try {
    return query(db);
  } finally {
    db.close();
  }
}

const eventTypes = (db: Database.Database): string[] =>
  (db.prepare('SELECT event FROM event_outbox ORDER BY seq').pluck().all() as string[]).map(
    (event) => (JSON.parse(event) as GatewayEvent).event_type,
  );

describe('a gateway killed after the C-STORE reply, before the thumbnail', () => {
  it('makes the thumbnail and reports the image once on restart', async () => {
    const first = await start();
    const session = await WorkstationSession.open(r, setup.workstationKey, setup.workstationId);
    const create = action('worklist.create_item', { worklist_item: worklistItem(ACCESSION) });
    await session.sendActions([create]);
    expect((await session.replies([create.action_id])).get(create.action_id)).toMatchObject({
      status: 'created',
    });
    session.close();
    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toEqual({ code: 0, signal: null });

    const held = await startHeld();
    const image = writeMg(join(setup.dir, 'image.dcm'), { accession: ACCESSION, sopInstanceUid: SOP });
    expect((await storescu({ port, calledAe: STORE_AE }, [image])).statuses).toEqual([0]);
    held.kill('SIGKILL');
    expect(await exited(held)).toEqual({ code: null, signal: 'SIGKILL' });
    // Answered and durable, the thumbnail and its event still owed.
    readDb((db) => {
      expect(db.prepare('SELECT sop_instance_uid, preview FROM stored_images').all()).toEqual([
        { sop_instance_uid: SOP, preview: 0 },
      ]);
      expect(db.prepare('SELECT sop_instance_uid FROM image_followups').pluck().all()).toEqual([SOP]);
      expect(eventTypes(db)).toEqual(['procedure.in_progress']);
    });

    const second = await start();
    const again = await WorkstationSession.open(r, setup.workstationKey, setup.workstationId);
    const events = await eventsUntil(again, ['procedure.in_progress', 'study.image_received']);
    const received = events.find((e) => e.event_type === 'study.image_received')!;
    expect(received).toMatchObject({ action_id: create.action_id, accession_number: ACCESSION });
    const data = imageReceivedDataSchema.parse(received.data);
    expect(data).toMatchObject({ sop_instance_uid: SOP, laterality: 'L', view: 'MLO' });
    const png = readPng(Buffer.from(data.thumbnail.data, 'base64'));
    expect([png.width, png.height]).toEqual([data.thumbnail.width, data.thumbnail.height]);
    expect([png.width, png.height]).toEqual([240, 300]);
    again.close();
    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toEqual({ code: 0, signal: null });

    readDb((db) => {
      expect(db.prepare('SELECT preview FROM stored_images').pluck().all()).toEqual([1]);
      expect(db.prepare('SELECT COUNT(*) FROM image_followups').pluck().get()).toBe(0);
      expect(eventTypes(db)).toEqual(['procedure.in_progress', 'study.image_received']);
    });
    expect(second.output()).toContain('"images":1,"msg":"image follow-ups left by the last run"');
  }, 60_000);
});
