import type Database from 'better-sqlite3';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { capturingLogger } from '../../../test-support/capturing-logger';
import { IMPLEMENTATION_CLASS_UID } from '#gateway/worklist/dimse';
import { startWorklistScp, type WorklistScp } from '#gateway/worklist/mwl-scp';
import { clinicDate } from '#gateway/worklist/worklist-backup';
import { createItem, updateStatus } from '#gateway/worklist/worklist-store';
import { echoscu, finalStatus, findscu, step, type Identifier } from './dcmtk';
import { worklistDb, worklistItem, type ItemFields } from './worklist-fixtures';

/**
 * The MWL SCP against DCMTK's findscu/echoscu as the modality, on loopback. Each test starts from an
 * empty worklist; the SCP is bound to 127.0.0.1 on a free port and closed after the test.
 */
const AE = 'MWLSCP';
const SPS = 'ScheduledProcedureStepSequence[0]';
const TOP_KEYS = [
  'PatientName',
  'PatientID',
  'PatientBirthDate',
  'PatientSex',
  'AccessionNumber',
  'StudyInstanceUID',
  'RequestedProcedureDescription',
  'RequestedProcedureID',
];
const STEP_KEYS = [
  'Modality',
  'ScheduledStationAETitle',
  'ScheduledProcedureStepStartDate',
  'ScheduledProcedureStepStartTime',
  'ScheduledProcedureStepDescription',
  'ScheduledProcedureStepID',
];

/** Every attribute a modality typically asks for, with the given matching values (step keys unprefixed). */
function query(values: Record<string, string> = {}): string[] {
  const key = (name: string, path: string) => (values[name] === undefined ? path : `${path}=${values[name]}`);
  return [
    'SpecificCharacterSet',
    ...TOP_KEYS.map((k) => key(k, k)),
    ...STEP_KEYS.map((k) => key(k, `${SPS}.${k}`)),
  ];
}

const accessions = (responses: Identifier[]) => responses.map((r) => r.AccessionNumber);

let db: Database.Database;
let scp: WorklistScp;
let logLines: string[];

function logger() {
  const captured = capturingLogger('debug');
  logLines = captured.lines;
  return captured.log;
}

const add = (fields: ItemFields) =>
  createItem(db, { actionId: `action-${fields.accession}`, item: worklistItem(fields) });
const peer = () => ({ port: scp.port, calledAe: AE });

beforeEach(async () => {
  db = worklistDb();
  scp = await startWorklistScp({ db, host: '127.0.0.1', port: 0, aeTitle: AE, log: logger() });
});

afterEach(async () => {
  await scp.close();
  db.close();
});

describe('association and verification', () => {
  it('answers C-ECHO from echoscu, introducing itself with our implementation UID', async () => {
    const result = await echoscu(peer(), ['-d']);
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/Received Echo Response \(Success\)/);
    expect(result.output).toContain(`Their Implementation Class UID:    ${IMPLEMENTATION_CLASS_UID}`);
  });

  it('rejects a wrong called AE title, and calling AE titles not on the allow-list', async () => {
    const wrong = await echoscu({ port: scp.port, calledAe: 'SOMEONE_ELSE' });
    expect(wrong.code).not.toBe(0);
    expect(wrong.output).toMatch(/Called AE Title Not Recognized/);

    const strict = await startWorklistScp({
      db,
      host: '127.0.0.1',
      port: 0,
      aeTitle: AE,
      allowedCallingAeTitles: ['ROOM1'],
      log: logger(),
    });
    try {
      const stranger = await echoscu({ port: strict.port, calledAe: AE, callingAe: 'ROOM9' });
      expect(stranger.output).toMatch(/Calling AE Title Not Recognized/);
      const known = await echoscu({ port: strict.port, calledAe: AE, callingAe: 'ROOM1' });
      expect(known.output).toMatch(/Received Echo Response \(Success\)/);
    } finally {
      await strict.close();
    }
  });
});

describe('robustness', () => {
  /** Writes raw bytes as a hostile or broken peer would, then waits until the SCP drops us or 300 ms pass. */
  const sendRaw = (bytes: Buffer) =>
    new Promise<void>((resolve) => {
      const socket = net.connect(scp.port, '127.0.0.1', () => socket.write(bytes));
      const timer = setTimeout(() => socket.destroy(), 300);
      socket.on('error', () => {});
      socket.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });

  it('survives malformed PDUs and keeps serving', async () => {
    let seed = 42;
    const random = Buffer.from(
      Array.from({ length: 4096 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff),
    );
    const pdu = (type: number, body: Buffer) => {
      const header = Buffer.alloc(6);
      header.writeUInt8(type, 0);
      header.writeUInt32BE(body.length, 2);
      return Buffer.concat([header, body]);
    };
    const hostile = [
      random,
      pdu(0x01, Buffer.alloc(10)), // A-ASSOCIATE-RQ far too short for its fixed fields
      pdu(0x04, Buffer.from([0, 0, 0, 2, 1, 3])), // P-DATA-TF before any association
      pdu(0x09, Buffer.alloc(4)), // no such PDU type
      Buffer.from([0x01, 0x00, 0xff, 0xff, 0xff, 0xff, 0x00]), // claims 4 GiB, sends one byte
    ];
    for (const bytes of hostile) await sendRaw(bytes);
    const echo = await echoscu(peer());
    expect(echo.output).toMatch(/Received Echo Response \(Success\)/);
  });
});

describe('C-FIND matching', () => {
  it("returns today's MG items in time order, with the attributes the modality needs", async () => {
    const today = clinicDate(new Date(), 'Europe/London');
    const other = today === '20300101' ? '20300102' : '20300101';
    add({ accession: 'ACC-B', date: today, time: '101500', name: 'THOMAS^Siân', nhsNumber: '9434765870' });
    add({ accession: 'ACC-A', date: today, time: '091500', name: 'SMITH^JANE' });
    add({ accession: 'ACC-US', date: today, time: '080000', modality: 'US' });
    add({ accession: 'ACC-OTHER-DAY', date: other, time: '080000' });

    const result = await findscu(peer(), query({ Modality: 'MG', ScheduledProcedureStepStartDate: today }));
    expect(finalStatus(result.output)).toBe('Success');
    expect(accessions(result.responses)).toEqual(['ACC-A', 'ACC-B']);
    const b = result.responses[1]!;
    expect(b).toMatchObject({
      SpecificCharacterSet: 'ISO_IR 192',
      PatientName: 'THOMAS^Siân',
      PatientID: '9434765870',
      PatientBirthDate: '19660314',
      PatientSex: 'F',
      RequestedProcedureDescription: 'Bilateral screening mammogram',
      RequestedProcedureID: 'ACC-B',
    });
    expect(b.StudyInstanceUID).toMatch(/^2\.25\.\d+$/);
    expect(step(b)).toEqual({
      Modality: 'MG',
      // Type 1 (Table K.6-1): an item on no particular station carries the asking station's AE title.
      ScheduledStationAETitle: 'MODALITY1',
      ScheduledProcedureStepStartDate: today,
      ScheduledProcedureStepStartTime: '101500',
      ScheduledProcedureStepDescription: 'Bilateral screening mammogram',
      ScheduledProcedureStepID: 'ACC-B',
    });
  });

  it('matches the scheduled station AE title; unassigned items go to every station', async () => {
    add({ accession: 'ROOM1-ITEM', station: 'ROOM1', time: '090000' });
    add({ accession: 'ROOM2-ITEM', station: 'ROOM2', time: '091500' });
    add({ accession: 'ANY-ROOM', time: '093000' });
    const room1 = await findscu(peer(), query({ ScheduledStationAETitle: 'ROOM1' }));
    expect(accessions(room1.responses)).toEqual(['ROOM1-ITEM', 'ANY-ROOM']);
    expect(step(room1.responses[0]!).ScheduledStationAETitle).toBe('ROOM1');
  });

  it('matches accession number and patient ID exactly', async () => {
    add({ accession: 'ACC1', nhsNumber: '9434765919' });
    add({ accession: 'ACC10', nhsNumber: '9434765870' });
    expect(accessions((await findscu(peer(), query({ AccessionNumber: 'ACC1' }))).responses)).toEqual([
      'ACC1',
    ]);
    expect(accessions((await findscu(peer(), query({ PatientID: '9434765870' }))).responses)).toEqual([
      'ACC10',
    ]);
    expect((await findscu(peer(), query({ AccessionNumber: 'ACC' }))).responses).toEqual([]);
  });

  it('matches patient names case-insensitively with wildcards', async () => {
    add({ accession: 'THOMAS', name: 'THOMAS^JANE', time: '090000' });
    add({ accession: 'THOMPSON', name: 'Thompson^Ann', time: '091500' });
    add({ accession: 'SMITH', name: 'SMITH^THOMASINA', time: '093000' });
    expect(accessions((await findscu(peer(), query({ PatientName: 'THOM*' }))).responses)).toEqual([
      'THOMAS',
      'THOMPSON',
    ]);
    expect(accessions((await findscu(peer(), query({ PatientName: 'th?mas^*' }))).responses)).toEqual([
      'THOMAS',
    ]);
  });

  it('matches date ranges a-b, -b and a-, and time ranges', async () => {
    for (const [accession, date] of [
      ['D26', '20261126'],
      ['D27', '20261127'],
      ['D28', '20261128'],
      ['D29', '20261129'],
    ] as const)
      add({ accession, date, time: '090000' });
    add({ accession: 'D27-LATE', date: '20261127', time: '163000' });
    const byDate = async (range: string, extra: Record<string, string> = {}) =>
      accessions(
        (await findscu(peer(), query({ ScheduledProcedureStepStartDate: range, ...extra }))).responses,
      );

    expect(await byDate('20261127-20261128')).toEqual(['D27', 'D27-LATE', 'D28']);
    expect(await byDate('-20261127')).toEqual(['D26', 'D27', 'D27-LATE']);
    expect(await byDate('20261127-')).toEqual(['D27', 'D27-LATE', 'D28', 'D29']);
    expect(await byDate('20261127', { ScheduledProcedureStepStartTime: '1200-' })).toEqual(['D27-LATE']);
    expect(await byDate('20261127', { ScheduledProcedureStepStartTime: '-0900' })).toEqual(['D27']);
  });

  it('stops returning items once they are completed or discontinued', async () => {
    add({ accession: 'DONE', time: '090000' });
    add({ accession: 'STOPPED', time: '091500' });
    add({ accession: 'STARTED', time: '093000' });
    const all = async () => accessions((await findscu(peer(), query())).responses);
    expect(await all()).toEqual(['DONE', 'STOPPED', 'STARTED']);

    expect(updateStatus(db, 'DONE', 'IN PROGRESS')).toEqual({ status: 'updated' });
    expect(updateStatus(db, 'STARTED', 'IN PROGRESS')).toEqual({ status: 'updated' });
    expect(await all()).toEqual(['DONE', 'STOPPED', 'STARTED']);

    updateStatus(db, 'DONE', 'COMPLETED');
    updateStatus(db, 'STOPPED', 'DISCONTINUED');
    expect(await all()).toEqual(['STARTED']);
  });
});

describe('C-FIND responses', () => {
  it('carries Welsh and other accented names intact as UTF-8 (ISO_IR 192)', async () => {
    add({ accession: 'WELSH', name: 'PRYS-JONES^Siân', time: '090000' });
    add({ accession: 'ACCENT', name: 'BRONTË^Zoë', time: '091500' });
    const result = await findscu(peer(), query({ PatientName: '*^zo?' }));
    expect(result.responses.map((r) => [r.SpecificCharacterSet, r.PatientName])).toEqual([
      ['ISO_IR 192', 'BRONTË^Zoë'],
    ]);
    const welsh = await findscu(peer(), query({ PatientName: 'PRYS*' }));
    expect(welsh.responses[0]?.PatientName).toBe('PRYS-JONES^Siân');
  });

  it('answers in whichever of Implicit or Explicit VR Little Endian the modality offers', async () => {
    add({ accession: 'ACC1', name: 'BRONTË^Zoë' });
    for (const proposal of ['-xi', '-xe', '-xb']) {
      const result = await findscu(peer(), query(), [proposal]);
      expect(finalStatus(result.output), proposal).toBe('Success');
      expect(
        result.responses.map((r) => [r.PatientName, step(r).Modality]),
        proposal,
      ).toEqual([['BRONTË^Zoë', 'MG']]);
    }
  });

  it('returns only the requested keys, and warns (FF01) about keys it does not support', async () => {
    add({ accession: 'ACC1' });
    const narrow = await findscu(peer(), ['PatientName', 'AccessionNumber', `${SPS}.Modality`]);
    expect(narrow.responses).toEqual([
      {
        SpecificCharacterSet: 'ISO_IR 192',
        PatientName: 'SMITH^JANE',
        AccessionNumber: 'ACC1',
        ScheduledProcedureStepSequence: [{ Modality: 'MG' }],
      },
    ]);
    expect(narrow.output).toMatch(/Find Response 1 \(Pending\)/);

    const withUnknown = await findscu(peer(), ['PatientName', '(0010,2160)=ANY']);
    expect(withUnknown.responses).toEqual([
      { SpecificCharacterSet: 'ISO_IR 192', PatientName: 'SMITH^JANE' },
    ]);
    expect(withUnknown.output).toMatch(/Pending: WarningUnsupportedOptionalKeys/);
  });

  it('answers a malformed query with a failure status and keeps serving', async () => {
    add({ accession: 'ACC1' });
    const bad = await findscu(peer(), query({ ScheduledProcedureStepStartDate: '2026-13' }));
    expect(bad.responses).toEqual([]);
    expect(finalStatus(bad.output)).toMatch(/^(Error|Failed)/);
    const good = await findscu(peer(), query());
    expect(accessions(good.responses)).toEqual(['ACC1']);
  });

  it('logs AE titles, counts and statuses but no names or NHS numbers', async () => {
    add({ accession: 'ACC1', name: 'PRYS-JONES^Siân', nhsNumber: '9434765870' });
    await findscu(peer(), query({ PatientName: 'PRYS*', PatientID: '9434765870' }));
    await findscu(peer(), query({ ScheduledProcedureStepStartDate: '1999-99' }));
    const log = logLines.join('');
    expect(log).toMatch(/"callingAe":"MODALITY1"/);
    expect(log).toMatch(/"matches":1/);
    expect(log).not.toMatch(/PRYS|Siân|9434765870|1999-99/);
  });
});
