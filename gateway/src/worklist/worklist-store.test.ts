import fc from 'fast-check';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { WORKLIST_STATUSES, worklistItemSchema, type WorklistStatus } from 'modality-link-protocol';
import { worklistDb, worklistItem } from '../../test/dicom/worklist-fixtures';
import { isValidDicomUid } from './study-uid';
import { clinicDate } from './worklist-backup';
import {
  backupAndReset,
  createItem,
  findItems,
  getItem,
  matchesQuery,
  updateStatus,
  type WorklistQuery,
  type WorklistRow,
} from './worklist-store';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('createItem', () => {
  it('creates once per accession and answers exists on repeats, even under another action id', () => {
    const db = worklistDb();
    const item = worklistItem({ accession: 'ACC202611270001', date: '20260715', time: '233000' });
    expect(worklistItemSchema.safeParse(item).success).toBe(true);
    expect(createItem(db, { actionId: 'action-1', item })).toEqual({ status: 'created' });
    expect(
      createItem(db, {
        actionId: 'action-2',
        item: { ...item, scheduled: { date: '20990101', time: '000000' } },
      }),
    ).toEqual({
      status: 'exists',
    });
    const row = getItem(db, 'ACC202611270001')!;
    // Clinic local time as received: 23:30 on 15 July (BST) stays that, not 22:30 UTC.
    expect(row).toMatchObject({
      sourceMessageId: 'action-1',
      scheduledDate: '20260715',
      scheduledTime: '233000',
      status: 'SCHEDULED',
    });
    expect(row.studyInstanceUid).toMatch(/^2\.25\.[1-9]\d*$/);
    expect(isValidDicomUid(row.studyInstanceUid)).toBe(true);
    expect(row.mppsInstanceUid).toBeNull();
  });

  it('gives every item its own study instance UID', () => {
    const db = worklistDb();
    for (let i = 0; i < 50; i++)
      createItem(db, { actionId: `a${i}`, item: worklistItem({ accession: `ACC${i}` }) });
    const uids = db.prepare('SELECT study_instance_uid AS uid FROM worklist_items').all() as {
      uid: string;
    }[];
    expect(new Set(uids.map((u) => u.uid)).size).toBe(50);
  });
});

describe('updateStatus', () => {
  const allowed = new Set([
    'SCHEDULED>IN PROGRESS',
    'SCHEDULED>DISCONTINUED',
    'IN PROGRESS>COMPLETED',
    'IN PROGRESS>DISCONTINUED',
  ]);
  const reach: Record<WorklistStatus, WorklistStatus[]> = {
    SCHEDULED: [],
    'IN PROGRESS': ['IN PROGRESS'],
    COMPLETED: ['IN PROGRESS', 'COMPLETED'],
    DISCONTINUED: ['DISCONTINUED'],
  };

  it.each(WORKLIST_STATUSES.flatMap((from) => WORKLIST_STATUSES.map((to) => [from, to] as const)))(
    'from %s to %s follows the state machine',
    (from, to) => {
      const db = worklistDb();
      createItem(db, { actionId: 'a', item: worklistItem({ accession: 'ACC1' }) });
      for (const step of reach[from]) expect(updateStatus(db, 'ACC1', step)).toEqual({ status: 'updated' });
      const result = updateStatus(db, 'ACC1', to);
      if (from === to || allowed.has(`${from}>${to}`)) {
        expect(result).toEqual({ status: 'updated' });
        expect(getItem(db, 'ACC1')!.status).toBe(to);
      } else {
        expect(result).toMatchObject({ status: 'error', code: 'invalid_transition' });
        expect(getItem(db, 'ACC1')!.status).toBe(from);
      }
    },
  );

  it('reports an unknown accession', () => {
    expect(updateStatus(worklistDb(), 'NOPE', 'COMPLETED')).toMatchObject({
      status: 'error',
      code: 'not_found',
    });
  });
});

describe('findItems', () => {
  const itemArb = fc.record({
    date: fc.constantFrom('20261126', '20261127', '20261128'),
    time: fc.constantFrom('080000', '091500', '091530', '120000'),
    modality: fc.constantFrom('MG', 'US'),
    station: fc.constantFrom(undefined, 'ROOM1', 'ROOM2'),
    name: fc.constantFrom('THOMAS^Siân', 'thompson^ann', 'JONES^Zoë', 'SMITH^JANE'),
    nhsNumber: fc.constantFrom('9434765919', '9434765870'),
    status: fc.constantFrom<WorklistStatus>(...WORKLIST_STATUSES),
  });
  /** Mostly absent, so that queries with one or two keys (the informative ones) are common. */
  const sometimes = <T>(arb: fc.Arbitrary<T>) =>
    fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: arb, weight: 1 });
  const rangeArb = (values: string[]) =>
    fc.record({ from: sometimes(fc.constantFrom(...values)), to: sometimes(fc.constantFrom(...values)) });
  const queryArb: fc.Arbitrary<WorklistQuery> = fc.record({
    accessionNumber: sometimes(fc.constantFrom('ACC0', 'ACC3')),
    patientId: sometimes(fc.constantFrom('9434765919', '9434765870')),
    patientName: sometimes(fc.constantFrom('THOM*', 'th?mas*', '*^ZOË', 'SMITH^JANE', 'NOBODY')),
    modality: sometimes(fc.constantFrom('MG', 'US', 'CT')),
    scheduledStationAeTitle: sometimes(fc.constantFrom('ROOM1', 'ROOM2')),
    scheduledDate: sometimes(rangeArb(['20261126', '20261127', '20261128'])),
    scheduledTime: sometimes(rangeArb(['000000', '091500', '091559', '235959'])),
  });

  it('returns exactly the active items the reference predicate accepts, ordered by date and time', () => {
    fc.assert(
      fc.property(fc.array(itemArb, { maxLength: 30 }), queryArb, (items, query) => {
        const db = worklistDb();
        items.forEach((f, i) => {
          createItem(db, { actionId: `a${i}`, item: worklistItem({ accession: `ACC${i}`, ...f }) });
          db.prepare('UPDATE worklist_items SET status = ? WHERE accession_number = ?').run(
            f.status,
            `ACC${i}`,
          );
        });
        const all = db.prepare('SELECT accession_number AS a FROM worklist_items').all() as { a: string }[];
        const expected = all
          .map(({ a }) => getItem(db, a)!)
          .filter((row) => matchesQuery(row, query))
          .sort((x, y) =>
            `${x.scheduledDate}${x.scheduledTime}${x.accessionNumber}`.localeCompare(
              `${y.scheduledDate}${y.scheduledTime}${y.accessionNumber}`,
            ),
          );
        const found = findItems(db, query);
        expect(found.map((r) => r.accessionNumber)).toEqual(expected.map((r) => r.accessionNumber));
        expect(found.every((r: WorklistRow) => r.status === 'SCHEDULED' || r.status === 'IN PROGRESS')).toBe(
          true,
        );
        db.close();
      }),
      { numRuns: 1000 },
    );
  });

  it('uses the partial indexes for the modality worklist query', () => {
    const db = worklistDb();
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT * FROM worklist_items WHERE status IN ('SCHEDULED', 'IN PROGRESS')
         AND modality = ? AND scheduled_date >= ? AND scheduled_date <= ? ORDER BY scheduled_date, scheduled_time`,
      )
      .all('MG', '20261127', '20261127') as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/worklist_active_by_modality_date/);
  });
});

describe('backupAndReset', () => {
  it('backs up everything, then removes finished and past items but keeps today and later', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mwl-backup-'));
    dirs.push(dir);
    const db = worklistDb();
    const add = (accession: string, date: string) =>
      createItem(db, { actionId: accession, item: worklistItem({ accession, date }) });
    add('PAST', '20261126');
    add('TODAY', '20261127');
    add('DONE', '20261127');
    add('STOPPED', '20261128');
    add('LATER', '20261128');
    updateStatus(db, 'DONE', 'IN PROGRESS');
    updateStatus(db, 'DONE', 'COMPLETED');
    updateStatus(db, 'STOPPED', 'DISCONTINUED');
    // Rows touched in the same millisecond as the backup start are kept (safe side); step past it.
    await new Promise((r) => setTimeout(r, 5));

    const file = join(dir, 'worklist-backup.sqlite');
    // The backup holds patient data: 0600 even under the usual permissive umask (forks pool: allowed).
    const umask = process.umask(0o022);
    const result = await backupAndReset(db, file, { cutoffDate: '20261127' }).finally(() =>
      process.umask(umask),
    );
    expect(result).toEqual({ backupFile: file, cutoffDate: '20261127', deleted: 3, remaining: 2 });
    expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    expect(findItems(db, {}).map((r) => r.accessionNumber)).toEqual(['TODAY', 'LATER']);

    const backup = new Database(file, { readonly: true });
    expect(backup.prepare('SELECT count(*) AS n FROM worklist_items').get()).toEqual({ n: 5 });
    backup.close();
    await expect(backupAndReset(db, file)).rejects.toThrow(/already exists/);
  });

  it('takes the cut-off from the clinic calendar, not UTC', () => {
    // 23:30 UTC on 15 July is 00:30 on 16 July in London (BST).
    expect(clinicDate(new Date('2026-07-15T23:30:00Z'), 'Europe/London')).toBe('20260716');
    expect(clinicDate(new Date('2026-11-27T23:30:00Z'), 'Europe/London')).toBe('20261127');
  });
});
