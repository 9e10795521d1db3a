import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFindscuLog, timeFindscu, type FindscuRun } from '../../bench/findscu-timing';
import { benchQuery, benchQueryKeys, fillWorklist } from '../../bench/worklist-fixture';
import { startWorklistScp, type WorklistScp } from '#gateway/worklist/mwl-scp';
import { findItems } from '#gateway/worklist/worklist-store';
import { silentLogger } from '#gateway/logger';

/**
 * The C-FIND benchmark's figures come from findscu's own log (gateway/bench/findscu-timing.ts). These
 * read the log DCMTK really writes, against the SCP and the benchmark's worklist, so a DCMTK whose log
 * lines differ fails here rather than printing empty figures.
 */
let dir: string;
let db: Database.Database;
let scp: WorklistScp;
let run: FindscuRun;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ml-findscu-timing-'));
  db = fillWorklist(join(dir, 'worklist.sqlite'), true);
  scp = await startWorklistScp({
    db,
    host: '127.0.0.1',
    port: 0,
    aeTitle: 'BENCHMWL',
    log: silentLogger(),
  });
  run = {
    host: '127.0.0.1',
    port: scp.port,
    calledAe: 'BENCHMWL',
    keys: ['PatientName', 'AccessionNumber', ...benchQueryKeys],
    associations: 2,
    queriesPerAssociation: 3,
    noDelay: true,
    workDir: dir,
  };
}, 60_000);

afterAll(async () => {
  await scp?.close();
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('findscu timing', () => {
  it('times every query of every association and counts the matches each received', async () => {
    const expected = findItems(db, {
      modality: benchQuery.modality,
      scheduledDate: { from: benchQuery.date, to: benchQuery.date },
      scheduledStationAeTitle: benchQuery.stationAeTitle,
    }).length;
    expect(expected).toBeGreaterThan(10);

    const timings = await timeFindscu(run);
    expect(timings.matches).toEqual(Array(6).fill(expected));
    expect(timings.queries).toHaveLength(6);
    expect(timings.firstQueries).toHaveLength(2);
    for (const ms of [...timings.queries, ...timings.firstQueries]) expect(ms).toBeGreaterThan(0);
  }, 60_000);

  it('refuses a log in which a query failed or went unanswered', async () => {
    await expect(timeFindscu({ ...run, calledAe: 'NOT_THIS_AE', associations: 1 })).rejects.toThrow(
      /Command failed: findscu .*NOT_THIS_AE/,
    );
    const failed = [
      '10:00:00.000.100 Requesting Association',
      '10:00:00.001.000 Sending Find Request (MsgID 1)',
      '10:00:00.004.000 Received Final Find Response (Failed: IdentifierDoesNotMatchSOPClass)',
    ].join('\n');
    expect(() => parseFindscuLog(failed, 1)).toThrow(/query failed: .*IdentifierDoesNotMatchSOPClass/);
    expect(() => parseFindscuLog(failed.split('\n').slice(0, 2).join('\n'), 1)).toThrow(
      /0 of 1 queries answered/,
    );
  });

  it('measures across midnight', () => {
    const log = [
      '23:59:59.998.000 Sending Find Request (MsgID 1)',
      '23:59:59.999.000 Received Find Response 1 (Pending)',
      '00:00:00.003.500 Received Final Find Response (Success)',
    ].join('\n');
    expect(parseFindscuLog(log, 1)).toEqual({ queries: [5.5], firstQueries: [], matches: [1] });
  });
});
