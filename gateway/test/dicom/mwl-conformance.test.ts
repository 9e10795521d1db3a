import type Database from 'better-sqlite3';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWorklistScp, type WorklistScp } from '#gateway/worklist/mwl-scp';
import { createItem, updateStatus } from '#gateway/worklist/worklist-store';
import { run } from './dcmtk';
import { worklistDb, worklistItem } from './worklist-fixtures';
import { silentLogger } from '#gateway/logger';

/**
 * The C-FIND responses as DCMTK sees them: findscu writes each response identifier to a file (`-X`) and
 * dcmdump prints it, so the check does not go through the encoder that wrote the bytes. Every type 1
 * return key of PS3.4 Table K.6-1 must be present with a value in every response.
 */
const AE = 'MWLSCP';
const SPS = 'ScheduledProcedureStepSequence[0]';
const TYPE_1 = {
  '(0010,0010)': 'PatientName',
  '(0010,0020)': 'PatientID',
  '(0020,000d)': 'StudyInstanceUID',
  '(0040,1001)': 'RequestedProcedureID',
  '(0040,0001)': 'ScheduledStationAETitle',
  '(0040,0002)': 'ScheduledProcedureStepStartDate',
  '(0040,0003)': 'ScheduledProcedureStepStartTime',
  '(0008,0060)': 'Modality',
  '(0040,0009)': 'ScheduledProcedureStepID',
} as const;
const KEYS = [
  'PatientName',
  'PatientID',
  'StudyInstanceUID',
  'RequestedProcedureID',
  'RequestedProcedureDescription',
  `${SPS}.Modality`,
  `${SPS}.ScheduledProcedureStepStartDate`,
  `${SPS}.ScheduledProcedureStepStartTime`,
  `${SPS}.ScheduledProcedureStepID`,
  `${SPS}.ScheduledProcedureStepDescription`,
  `${SPS}.ScheduledProcedureStepStatus`,
];

let db: Database.Database;
let scp: WorklistScp;
beforeEach(async () => {
  db = worklistDb();
  const add = (accession: string, station?: string) =>
    createItem(db, {
      actionId: `a-${accession}`,
      item: worklistItem({ accession, ...(station ? { station } : {}) }),
    });
  add('ANY1');
  add('ROOM1ONLY', 'ROOM1_MG');
  add('STARTED1');
  expect(updateStatus(db, 'STARTED1', 'IN PROGRESS')).toEqual({ status: 'updated' });
  scp = await startWorklistScp({
    db,
    host: '127.0.0.1',
    port: 0,
    aeTitle: AE,
    log: silentLogger(),
  });
});
afterEach(async () => {
  await scp.close();
  db.close();
});

/** findscu from `callingAe`; each response identifier as dcmdump prints it, keyed by accession. */
async function dumps(callingAe: string, station = ''): Promise<Map<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'mwl-rsp-'));
  try {
    const keys = [...KEYS, `${SPS}.ScheduledStationAETitle=${station}`, 'AccessionNumber'];
    const args = ['-W', '-X', '-od', dir, '-aet', callingAe, '-aec', AE];
    const found = await run('findscu', [
      ...args,
      ...keys.flatMap((k) => ['-k', k]),
      '127.0.0.1',
      String(scp.port),
    ]);
    expect(found.code, found.output).toBe(0);
    const out = new Map<string, string>();
    for (const file of (await readdir(dir)).filter((f) => f.startsWith('rsp')).sort()) {
      const dumped = await run('dcmdump', ['+L', join(dir, file)]);
      const accession = /\(0008,0050\) SH \[([^\]]*)\]/.exec(dumped.output)?.[1] ?? '';
      out.set(accession, dumped.output);
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The value dcmdump shows for a tag, or undefined when absent or empty. */
function valueOf(dump: string, tag: string): string | undefined {
  const line = dump.split('\n').find((l) => l.trimStart().toLowerCase().startsWith(tag));
  if (!line || line.includes('(no value available)')) return undefined;
  return /\[([^\]]*)\]/.exec(line)?.[1];
}

describe('MWL C-FIND responses under dcmdump', () => {
  it('fill every type 1 return key in every response, whatever station the item is scheduled on', async () => {
    const responses = await dumps('ROOM1_MG');
    expect([...responses.keys()].sort()).toEqual(['ANY1', 'ROOM1ONLY', 'STARTED1']);
    for (const [accession, dump] of responses) {
      for (const [tag, keyword] of Object.entries(TYPE_1))
        expect(valueOf(dump, tag), `${accession} ${keyword}`).toBeTruthy();
    }
    // An item scheduled on no station is answered with the asking station's AE title.
    expect(valueOf(responses.get('ANY1')!, '(0040,0001)')).toBe('ROOM1_MG');
    expect(valueOf(responses.get('ROOM1ONLY')!, '(0040,0001)')).toBe('ROOM1_MG');
  });

  it('returns Scheduled Procedure Step Status when asked: SCHEDULED, or STARTED once begun', async () => {
    const responses = await dumps('ROOM2_MG');
    expect(valueOf(responses.get('ANY1')!, '(0040,0020)')).toBe('SCHEDULED');
    expect(valueOf(responses.get('STARTED1')!, '(0040,0020)')).toBe('STARTED');
  });

  it('answers a station-specific query with that station, never another station’s item', async () => {
    const responses = await dumps('ROOM2_MG', 'ROOM2_MG');
    expect([...responses.keys()].sort()).toEqual(['ANY1', 'STARTED1']);
    for (const dump of responses.values()) expect(valueOf(dump, '(0040,0001)')).toBe('ROOM2_MG');
  });
});
