import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { action, worklistItem, WorkstationSession } from './helpers/clients';
import { exited, spawnGateway } from './helpers/cli';
import { writeTestConfig, type TestSetup } from './helpers/config';
import { until } from './helpers/gateway';
import { startTestRelay, type TestRelay } from './helpers/relay';
import { writeMg } from './dicom/mg-fixture';
import { storescu } from './dicom/storescu';

/**
 * `storage.retention_days` on the real CLI: an image received by C-STORE (DCMTK's storescu) is kept
 * while the setting is absent, however old, and removed (file and index row) once it is set and the
 * image is older than that, by the run at start-up.
 */
const STORE_AE = 'STORESCP';
const ACCESSION = 'RT00000001';

let r: TestRelay;
let setup: TestSetup;
const children: ChildProcess[] = [];
const dbFile = (): string => join(setup.dir, 'data', 'gateway.sqlite');

beforeAll(async () => {
  r = await startTestRelay();
  setup = await writeTestConfig(r, {
    log: { level: 'info' },
    destinations: [],
    allowed_destinations: [],
    worklist: { enabled: true, host: '127.0.0.1', port: 0 },
    // Port 0 for both SCPs: a port picked in advance could be handed to the worklist's own port-0 bind.
    storage: { enabled: true, host: '127.0.0.1', port: 0, ae_title: STORE_AE },
  });
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await r?.relay.stop();
});

async function start(): Promise<{ child: ChildProcess; output: () => string }> {
  const gateway = await spawnGateway(setup.configFile);
  children.push(gateway.child);
  return gateway;
}

/** The port the storage SCP bound, from its `storage scp listening` log line. */
async function storagePort(output: () => string): Promise<number> {
  for (let attempt = 0; attempt < 250; attempt++) {
    const line = output()
      .split('\n')
      .find((l) => l.includes('"msg":"storage scp listening"'));
    if (line) return (JSON.parse(line) as { port: number }).port;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the storage SCP did not say it was listening:\n${output()}`);
}

async function stop(gateway: { child: ChildProcess }): Promise<void> {
  gateway.child.kill('SIGTERM');
  expect(await exited(gateway.child)).toEqual({ code: 0, signal: null });
}

function storedImages(): Array<{ path: string }> {
  const db = new Database(dbFile(), { readonly: true });
  try {
    return db.prepare('SELECT path FROM stored_images').all() as Array<{ path: string }>;
  } finally {
    db.close();
  }
}

describe('image retention', () => {
  it('keeps old images until storage.retention_days is set, then removes them at start', async () => {
    const first = await start();
    const session = await WorkstationSession.open(r, setup.workstationKey, setup.workstationId);
    const create = action('worklist.create_item', { worklist_item: worklistItem(ACCESSION) });
    await session.sendActions([create]);
    await session.replies([create.action_id]);
    session.close();
    const image = writeMg(join(setup.dir, 'image.dcm'), {
      accession: ACCESSION,
      sopInstanceUid: '1.2.826.0.1.3680043.9.7433.6.1',
    });
    const port = await storagePort(first.output);
    expect((await storescu({ port, calledAe: STORE_AE }, [image])).statuses).toEqual([0]);
    await stop(first);

    // A year old, as if it had arrived then.
    const [{ path }] = storedImages() as [{ path: string }];
    const file = join(setup.dir, 'data', 'images', path);
    const db = new Database(dbFile());
    db.prepare(`UPDATE stored_images SET received_at = ?`).run(
      new Date(Date.now() - 365 * 86_400_000).toISOString(),
    );
    db.close();

    // No retention_days (what an upgrade keeps): nothing is removed.
    const second = await start();
    await stop(second);
    expect(second.output()).not.toContain('pruned old records');
    expect(storedImages()).toHaveLength(1);
    expect(existsSync(file)).toBe(true);

    const doc = parseDocument(readFileSync(setup.configFile, 'utf8'));
    doc.setIn(['storage', 'retention_days'], 30);
    writeFileSync(setup.configFile, doc.toString());
    const third = await start();
    await until(() => third.output().includes('"msg":"pruned old records"'));
    expect(third.output()).toMatch(/"images":1,"imageBytes":\d+,"imagesKept":0,"msg":"pruned old records"/);
    await stop(third);
    expect(storedImages()).toEqual([]);
    expect(existsSync(file)).toBe(false);
  }, 60_000);
});
