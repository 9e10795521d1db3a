import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayEvent } from 'modality-link-protocol';
import { action, worklistItem, WorkstationSession } from './helpers/clients';
import { exited, spawnGateway } from './helpers/cli';
import { writeTestConfig, type TestSetup } from './helpers/config';
import { until } from './helpers/gateway';
import { freePort } from '../../test-support/free-port';
import { startTestRelay, type TestRelay } from './helpers/relay';
import { findscu } from './dicom/dcmtk';
import { nCreate, nSet } from './dicom/dimse-client';
import { writeMg } from './dicom/mg-fixture';
import { storescu } from './dicom/storescu';

/**
 * The return path survives a crash: the real CLI (one process) is killed with SIGKILL between MPPS
 * N-CREATE and N-SET. After a restart the step can still be completed, and the workstation that created
 * the item gets every event (started, image, completed) over its signed session, nothing lost.
 */
const MWL_AE = 'MWLSCP';
const STORE_AE = 'STORESCP';
const ACCESSION = 'RS00000001';
const MPPS_UID = '1.2.826.0.1.3680043.9.7433.5.1';

let r: TestRelay;
let setup: TestSetup;
let ports: { mwl: number; store: number };
const children: ChildProcess[] = [];

beforeAll(async () => {
  r = await startTestRelay();
  ports = { mwl: await freePort(), store: await freePort() };
  setup = await writeTestConfig(r, {
    log: { level: 'info' },
    destinations: [],
    allowed_destinations: [],
    worklist: { enabled: true, host: '127.0.0.1', port: ports.mwl, ae_title: MWL_AE },
    storage: { enabled: true, host: '127.0.0.1', port: ports.store, ae_title: STORE_AE },
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

/** Events pushed to this session until every wanted type has arrived (repeats are fine). */
async function eventsUntil(session: WorkstationSession, types: string[]): Promise<GatewayEvent[]> {
  const seen = new Map<string, GatewayEvent>();
  while (!types.every((t) => [...seen.values()].some((e) => e.event_type === t))) {
    const frame = await session.client.next<{ events: GatewayEvent[] }>((f) => f.kind === 'events', 10_000);
    for (const event of frame.events) seen.set(event.event_id, event);
  }
  return [...seen.values()];
}

describe('return path across a crash', () => {
  it('completes a step started before kill -9 and delivers every event to the creating workstation', async () => {
    const first = await start();
    const session = await WorkstationSession.open(r, setup.workstationKey, setup.workstationId);
    const create = action('worklist.create_item', { worklist_item: worklistItem(ACCESSION) });
    await session.sendActions([create]);
    expect((await session.replies([create.action_id])).get(create.action_id)).toMatchObject({
      status: 'created',
    });

    const mwl = { port: ports.mwl, calledAe: MWL_AE };
    expect((await nCreate(mwl, MPPS_UID, ACCESSION)).status).toBe(0);
    const image = writeMg(join(setup.dir, 'image.dcm'), {
      accession: ACCESSION,
      sopInstanceUid: '1.2.826.0.1.3680043.9.7433.5.2',
    });
    expect((await storescu({ port: ports.store, calledAe: STORE_AE }, [image])).statuses).toEqual([0]);
    // Pushed at once to the session that created the item; deliberately not acknowledged.
    const before = await eventsUntil(session, ['procedure.in_progress', 'study.image_received']);
    expect(before.every((e) => e.action_id === create.action_id && e.accession_number === ACCESSION)).toBe(
      true,
    );
    session.close();

    first.child.kill('SIGKILL');
    expect(await exited(first.child)).toEqual({ code: null, signal: 'SIGKILL' });

    const second = await start();
    expect((await nSet(mwl, MPPS_UID, 'COMPLETED')).status).toBe(0);
    expect((await findscu(mwl, [`AccessionNumber=${ACCESSION}`])).responses).toHaveLength(0);

    const again = await WorkstationSession.open(r, setup.workstationKey, setup.workstationId);
    const events = await eventsUntil(again, [
      'procedure.in_progress',
      'study.image_received',
      'procedure.completed',
    ]);
    expect(events.map((e) => e.event_type).sort()).toEqual([
      'procedure.completed',
      'procedure.in_progress',
      'study.image_received',
    ]);
    expect(events.find((e) => e.event_type === 'procedure.completed')!.data).toEqual({
      source: 'mpps',
      mpps_instance_uid: MPPS_UID,
    });
    again.client.send({ kind: 'event_acks', event_ids: events.map((e) => e.event_id) });
    // The gateway records acks as it reads them: wait for the outbox to settle before closing.
    const live = new Database(join(setup.dir, 'data', 'gateway.sqlite'), { readonly: true });
    const unacked = live.prepare('SELECT COUNT(*) FROM event_outbox WHERE acked_at IS NULL').pluck();
    await until(() => unacked.get() === 0);
    live.close();
    again.close();
    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toEqual({ code: 0, signal: null });

    const db = new Database(join(setup.dir, 'data', 'gateway.sqlite'), { readonly: true });
    try {
      const outbox = db
        .prepare(`SELECT workstation_id, acked_at IS NOT NULL AS acked, event FROM event_outbox ORDER BY seq`)
        .all() as Array<{ workstation_id: string; acked: number; event: string }>;
      expect(outbox.map((row) => (JSON.parse(row.event) as GatewayEvent).event_type)).toEqual([
        'procedure.in_progress',
        'study.image_received',
        'procedure.completed',
      ]);
      expect(outbox.every((row) => row.workstation_id === setup.workstationId && row.acked === 1)).toBe(true);
      expect(db.prepare('SELECT status FROM worklist_items').pluck().get()).toBe('COMPLETED');
      expect(db.prepare('SELECT status FROM mpps_instances').pluck().get()).toBe('COMPLETED');
      const path = db.prepare('SELECT path FROM stored_images').pluck().get() as string;
      expect(existsSync(join(setup.dir, 'data', 'images', path))).toBe(true);
    } finally {
      db.close();
    }
    const logs = first.output() + second.output();
    expect(logs).toContain('"msg":"mpps n-set"');
    expect(logs).not.toMatch(/SMITH\^JANE|9990001112|TEST\^PARTICIPANT|9434765919/);
  }, 60_000);
});
