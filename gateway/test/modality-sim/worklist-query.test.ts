import type Database from 'better-sqlite3';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateTime } from '#gateway/modality-sim/dicom-values';
import { simulatorOptions } from '#gateway/modality-sim/options';
import { queryWorklist, type WorklistItem } from '#gateway/modality-sim/worklist-query';
import { startWorklistScp, type WorklistScp } from '#gateway/worklist/mwl-scp';
import { createItem } from '#gateway/worklist/worklist-store';
import { run } from '../dicom/dcmtk';
import { worklistDb, worklistItem, type ItemFields } from '../dicom/worklist-fixtures';
import { startTool, type ToolServer } from './dcmtk-process';
import { silentLogger } from '#gateway/logger';

/**
 * The simulator's C-FIND against two worklist SCPs: the gateway's own (what it will meet in the demo and
 * in production) and DCMTK's wlmscpfs (an independent implementation, with stricter station matching).
 */
const accessions = (items: WorklistItem[]) => items.map((i) => i.accessionNumber);

describe("against the gateway's MWL SCP", () => {
  const AE = 'ALPHA_MWL';
  // Fixed for the whole describe: a run that crosses midnight in London would otherwise query two dates.
  const today = localDateTime(new Date()).date;
  let db: Database.Database;
  let scp: WorklistScp;
  const options = (overrides = {}) =>
    simulatorOptions({ mwlPort: scp.port, mwlAe: AE, date: today, ...overrides });
  const add = (fields: ItemFields) =>
    createItem(db, { actionId: fields.accession, item: worklistItem(fields) });

  beforeAll(async () => {
    db = worklistDb();
    scp = await startWorklistScp({
      db,
      host: '127.0.0.1',
      port: 0,
      aeTitle: AE,
      log: silentLogger(),
    });
    const otherDay = today === '20300101' ? '20300102' : '20300101';
    add({
      accession: 'ANY-STATION',
      date: today,
      time: '091500',
      name: 'THOMAS^Siân',
      nhsNumber: '9434765870',
    });
    add({ accession: 'MINE', date: today, time: '090000', station: 'ALPHA_MG1' });
    add({ accession: 'ROOM2', date: today, time: '080000', station: 'ALPHA_MG2' });
    add({ accession: 'ULTRASOUND', date: today, time: '083000', modality: 'US' });
    add({ accession: 'NOT-TODAY', date: otherDay, time: '090000' });
  });
  afterAll(async () => {
    await scp.close();
    db.close();
  });

  it("finds today's MG items for its station (and unassigned ones), in time order, with what it needs", async () => {
    const items = await queryWorklist(options({ date: undefined })); // the default: today in London
    expect(accessions(items)).toEqual(['MINE', 'ANY-STATION']);
    const item = items[1]!;
    expect(item).toMatchObject({
      patientName: 'THOMAS^Siân',
      patientId: '9434765870',
      patientBirthDate: '19660314',
      patientSex: 'F',
      requestedProcedureId: 'ANY-STATION',
      scheduledProcedureStepId: 'ANY-STATION',
      requestedProcedureDescription: 'Bilateral screening mammogram',
      scheduledDate: today,
      scheduledTime: '091500',
      modality: 'MG',
    });
    expect(item.studyInstanceUid).toMatch(/^2\.25\.\d+$/);
  });

  it('--any-station drops the AE filter; --accession picks one item', async () => {
    expect(accessions(await queryWorklist(options({ anyStation: true })))).toEqual([
      'ROOM2',
      'MINE',
      'ANY-STATION',
    ]);
    expect(accessions(await queryWorklist(options({ accession: 'MINE' })))).toEqual(['MINE']);
    expect(await queryWorklist(options({ ae: 'ALPHA_MG2', accession: 'MINE' }))).toEqual([]);
  });

  it('names the problem when the worklist SCP rejects the called AE title', async () => {
    await expect(queryWorklist(options({ mwlAe: 'WRONG_AE' }))).rejects.toThrow(
      'association rejected by WRONG_AE: called AE title not recognized',
    );
  });
});

describe("against DCMTK's wlmscpfs", () => {
  const AE = 'WLMSCPFS';
  let dir: string;
  let server: ToolServer;

  /** A worklist file as dump2dcm input: one requested procedure with one scheduled step. */
  const dump = (accession: string, date: string, station: string, modality = 'MG') => `
(0008,0005) CS [ISO_IR 192]
(0008,0050) SH [${accession}]
(0010,0010) PN [JONES^ZOË]
(0010,0020) LO [9434765919]
(0010,0030) DA [19700101]
(0010,0040) CS [F]
(0020,000d) UI [2.25.1234567890123456789]
(0032,1060) LO [Bilateral screening mammogram]
(0040,1001) SH [${accession}]
(0040,0100) SQ (Sequence with undefined length)
(fffe,e000) na (Item with undefined length)
(0008,0060) CS [${modality}]
(0040,0001) AE [${station}]
(0040,0002) DA [${date}]
(0040,0003) TM [100000]
(0040,0007) LO [Bilateral screening mammogram]
(0040,0009) SH [${accession}]
(fffe,e00d) na (ItemDelimitationItem)
(fffe,e0dd) na (SequenceDelimitationItem)
`;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'modality-sim-wlm-'));
    const aeDir = path.join(dir, AE);
    await mkdir(aeDir);
    await writeFile(path.join(aeDir, 'lockfile'), '');
    const files: [string, string, string, string?][] = [
      ['WL-MINE', '20261127', 'ALPHA_MG1'],
      ['WL-ROOM2', '20261127', 'ALPHA_MG2'],
      ['WL-CT', '20261127', 'ALPHA_MG1', 'CT'],
      ['WL-OTHER-DAY', '20261128', 'ALPHA_MG1'],
    ];
    for (const [accession, date, station, modality] of files) {
      const text = path.join(aeDir, `${accession}.txt`);
      await writeFile(text, dump(accession, date, station, modality));
      const made = await run('dump2dcm', ['-q', text, path.join(aeDir, `${accession}.wl`)]);
      if (made.code !== 0) throw new Error(made.output);
    }
    server = await startTool('wlmscpfs', ['-s', '-dfr', '-csk', '-dfp', dir]);
  });
  afterAll(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('matches by date, station AE title and modality MG', async () => {
    const options = simulatorOptions({ mwlPort: server.port, mwlAe: AE, date: '20261127' });
    const mine = await queryWorklist(options);
    expect(accessions(mine)).toEqual(['WL-MINE']);
    expect(mine[0]).toMatchObject({ patientName: 'JONES^ZOË', scheduledStationAeTitle: 'ALPHA_MG1' });
    const any = await queryWorklist({ ...options, anyStation: true });
    expect(accessions(any).sort()).toEqual(['WL-MINE', 'WL-ROOM2']);
  });
});
