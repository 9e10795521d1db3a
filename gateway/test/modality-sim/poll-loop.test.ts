import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { simulatorOptions, type SimulatorOptions } from '#gateway/modality-sim/options';
import { runSimulator } from '#gateway/modality-sim/poll-loop';
import type { ProcedureResult } from '#gateway/modality-sim/run-procedure';
import { startWorklistScp, type WorklistScp } from '#gateway/worklist/mwl-scp';
import { createItem } from '#gateway/worklist/worklist-store';
import { worklistDb, worklistItem } from '../dicom/worklist-fixtures';
import { freePort } from '../../../test-support/free-port';
import { lines } from './fixtures';
import { startRecordingScp, type RecordingScp } from './recording-scp';
import { silentLogger } from '#gateway/logger';

/**
 * The simulator's loop against the gateway's MWL SCP and a recording MPPS + storage SCP: which items it
 * performs, that it performs each once, and how --once, --accession and polling end.
 */
const DATE = '20261127';
let db: Database.Database;
let mwl: WorklistScp;
let peer: RecordingScp;

beforeEach(async () => {
  db = worklistDb();
  mwl = await startWorklistScp({
    db,
    host: '127.0.0.1',
    port: 0,
    aeTitle: 'ALPHA_MWL',
    log: silentLogger(),
  });
  peer = await startRecordingScp({ aeTitle: 'ALPHA_PACS' });
});
afterEach(async () => {
  await mwl.close();
  await peer.close();
  db.close();
});

const add = (accession: string, time: string) =>
  createItem(db, { actionId: accession, item: worklistItem({ accession, date: DATE, time }) });
const options = (overrides: Partial<SimulatorOptions> = {}) =>
  simulatorOptions({
    ...{ mwlPort: mwl.port, mwlAe: 'ALPHA_MWL', date: DATE },
    ...{ mppsPort: peer.port, mppsAe: 'ALPHA_PACS', storePort: peer.port, storeAe: 'ALPHA_PACS' },
    ...overrides,
  });
const created = () => peer.messages.filter((m) => m.kind === 'N-CREATE').length;

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(condition()).toBe(true);
}

describe('runSimulator', () => {
  it('one pass performs every item found, in worklist order', async () => {
    add('LATER', '101500');
    add('EARLIER', '091500');
    const log = lines();
    const run = await runSimulator(options(), { log: log.log });
    expect(run.ok).toBe(true);
    expect(run.procedures.map((p) => p.accessionNumber)).toEqual(['EARLIER', 'LATER']);
    expect(log.all[0]).toBe('found 2 worklist items (2 to do)');
    expect(log.all).toContain('LATER N-SET COMPLETED: Success');
  });

  it('--once does the first item only; --accession does that one; neither is ok with nothing to do', async () => {
    add('SECOND', '101500');
    add('FIRST', '091500');
    const once = await runSimulator(options({ once: true }), { log: () => {} });
    expect(once.procedures.map((p) => p.accessionNumber)).toEqual(['FIRST']);
    const picked = await runSimulator(options({ accession: 'SECOND' }), { log: () => {} });
    expect(picked.procedures.map((p) => p.accessionNumber)).toEqual(['SECOND']);
    expect(created()).toBe(2);

    const log = lines();
    const missing = await runSimulator(options({ accession: 'NO-SUCH' }), { log: log.log });
    expect(missing.ok).toBe(false);
    expect(log.all).toEqual(['found 0 worklist items', 'nothing to do: no matching worklist item']);
  });

  it('polling performs new items as they arrive, each once, and stops when aborted', async () => {
    add('FIRST', '091500');
    const done: ProcedureResult[] = [];
    const controller = new AbortController();
    const log = lines();
    const running = runSimulator(options({ pollSeconds: 0.1 }), {
      log: log.log,
      signal: controller.signal,
      onProcedure: (result) => done.push(result),
    });
    await until(() => done.length === 1);
    add('SECOND', '101500'); // FIRST stays SCHEDULED: this worklist SCP runs without MPPS
    await until(() => done.length === 2);
    controller.abort();
    const run = await running;

    expect(run.ok).toBe(true);
    expect(done.map((p) => p.accessionNumber)).toEqual(['FIRST', 'SECOND']);
    expect(created()).toBe(2);
    const found = log.all.filter((l) => l.startsWith('found'));
    expect(found).toContain('found 2 worklist items (1 to do)');
    // Quiet while nothing changes: the same "found" line is never printed twice in a row.
    expect(found.every((line, i) => i === 0 || line !== found[i - 1])).toBe(true);
  });

  it('reports a procedure that cannot start (no images) without sending MPPS, and is not ok', async () => {
    add('NO-IMAGES', '091500');
    const log = lines();
    const run = await runSimulator(options({ imagesDir: '/nonexistent-images' }), { log: log.log });
    expect(run.ok).toBe(false);
    expect(log.all[1]).toMatch(/^NO-IMAGES procedure failed: ENOENT.*nonexistent-images\/RCC\.dcm/);
    expect(peer.messages).toEqual([]);
  });

  it('reports a worklist it cannot reach, once', async () => {
    const log = lines();
    const run = await runSimulator(options({ mwlPort: await freePort() }), { log: log.log });
    expect(run.ok).toBe(false);
    expect(log.all).toHaveLength(1);
    expect(log.all[0]).toMatch(
      /^worklist query failed: connection refused by 127\.0\.0\.1:\d+ \(is the SCP running\?\)$/,
    );
  });
});
