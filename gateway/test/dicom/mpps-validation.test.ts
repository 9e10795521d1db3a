import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWorklistScp, type WorklistScp } from '#gateway/worklist/mwl-scp';
import { nCreate, nSet } from './dimse-client';
import { openReturnPathDb, type ReturnPathDb } from './return-path-fixtures';

/**
 * PS3.4 Table F.7.2-1 enforced over the network: a dcmjs-dimse client as the modality sends N-CREATE
 * and N-SET requests that break one rule each, and reads the status and Error Comment a modality would
 * log. Every refusal must leave the step and the worklist item exactly as they were.
 */
const AE = 'MWLSCP';
let t: ReturnPathDb;
let scp: WorklistScp;
const peer = () => ({ port: scp.port, calledAe: AE });
const uid = (n: number) => `1.2.826.0.1.3680043.9.7433.3.${n}`;
const steps = () => t.db.prepare('SELECT status FROM mpps_instances').all();
const procedureEvents = () => t.outboxEvents().filter((e) => e.event.event_type.startsWith('procedure.'));

beforeEach(async () => {
  t = openReturnPathDb();
  t.addItem('ACC1');
  scp = await startWorklistScp({
    db: t.db,
    host: '127.0.0.1',
    port: 0,
    aeTitle: AE,
    log: t.log,
    mpps: t.events,
  });
});
afterEach(async () => {
  await scp.close();
  t.close();
});

describe('N-CREATE type 1 attributes', () => {
  it.each([
    ['PerformedProcedureStepID', 'PerformedProcedureStepID is missing'],
    ['PerformedStationAETitle', 'PerformedStationAETitle is missing'],
    ['PerformedProcedureStepStartDate', 'PerformedProcedureStepStartDate is missing'],
    ['PerformedProcedureStepStartTime', 'PerformedProcedureStepStartTime is missing'],
    ['Modality', 'Modality is missing'],
  ])('refuses a step without %s: 0x0120 "%s", nothing created', async (keyword, comment) => {
    const reply = await nCreate(peer(), uid(1), 'ACC1', { [keyword]: undefined });
    expect(reply.status).toBe(0x0120);
    expect(reply.errorComment).toBe(comment);
    expect(steps()).toEqual([]);
    expect(t.status('ACC1')).toBe('SCHEDULED');
    expect(procedureEvents()).toEqual([]);
  });

  it('refuses an empty type 1 value with 0x0121, and a step with no scheduled step item', async () => {
    const empty = await nCreate(peer(), uid(2), 'ACC1', { Modality: '' });
    expect(empty.status).toBe(0x0121);
    expect(empty.errorComment).toBe('Modality has no value');
    const noItem = await nCreate(peer(), uid(3), 'ACC1', { ScheduledStepAttributesSequence: [] });
    expect(noItem.status).toBe(0x0121);
    expect(noItem.errorComment).toBe('ScheduledStepAttributesSequence has no item');
    expect(steps()).toEqual([]);
  });

  it('refuses a scheduled step item without a valid Study Instance UID', async () => {
    const missing = await nCreate(peer(), uid(4), 'ACC1', {
      ScheduledStepAttributesSequence: [{ AccessionNumber: 'ACC1' }],
    });
    expect(missing.status).toBe(0x0120);
    expect(missing.errorComment).toBe('ScheduledStepAttributesSequence>StudyInstanceUID is missing');
    const invalid = await nCreate(peer(), uid(5), 'ACC1', {
      ScheduledStepAttributesSequence: [{ AccessionNumber: 'ACC1', StudyInstanceUID: '1.2..3' }],
    });
    expect(invalid.status).toBe(0x0106);
    expect(invalid.errorComment).toBe('ScheduledStepAttributesSequence>StudyInstanceUID is invalid');
    expect(steps()).toEqual([]);
  });

  it('refuses a performed series item without its Series Instance UID with 0x0120', async () => {
    const reply = await nCreate(peer(), uid(7), 'ACC1', {
      PerformedSeriesSequence: [{ ProtocolName: 'Screening' }],
    });
    expect(reply.status).toBe(0x0120);
    expect(reply.errorComment).toBe('PerformedSeriesSequence>SeriesInstanceUID is missing');
    expect(steps()).toEqual([]);
  });

  it('refuses a start date that is not a DICOM date with 0x0106', async () => {
    const reply = await nCreate(peer(), uid(6), 'ACC1', { PerformedProcedureStepStartDate: '2026-11-27' });
    expect(reply.status).toBe(0x0106);
    expect(reply.errorComment).toBe('PerformedProcedureStepStartDate is not a DICOM date');
    expect(steps()).toEqual([]);
  });
});

describe('N-SET', () => {
  beforeEach(async () => {
    expect((await nCreate(peer(), uid(10), 'ACC1')).status).toBe(0);
  });

  it.each([
    ['PatientName', 'SOMEONE^ELSE'],
    ['PerformedStationAETitle', 'OTHER_ROOM'],
    ['ScheduledStepAttributesSequence', [{ AccessionNumber: 'ACC2', StudyInstanceUID: '1.2.3' }]],
    ['Modality', 'CT'],
  ])(
    'refuses to change %s (not allowed in N-SET) with 0x0106, the step unchanged',
    async (keyword, value) => {
      const reply = await nSet(peer(), uid(10), 'COMPLETED', { extra: { [keyword]: value } });
      expect(reply.status).toBe(0x0106);
      expect(reply.errorComment).toBe(`${keyword} may not be changed by N-SET`);
      expect(steps()).toEqual([{ status: 'IN PROGRESS' }]);
      expect(t.status('ACC1')).toBe('IN PROGRESS');
    },
  );

  it.each([
    [{ PerformedSeriesSequence: undefined }, 'PerformedSeriesSequence is required to finish the step'],
    [{ PerformedSeriesSequence: [] }, 'PerformedSeriesSequence is required to finish the step'],
    [
      { PerformedProcedureStepEndDate: undefined },
      'PerformedProcedureStepEndDate is required to finish the step',
    ],
    [{ PerformedProcedureStepEndTime: '' }, 'PerformedProcedureStepEndTime is required to finish the step'],
  ])('refuses a final N-SET lacking a Final State attribute (%o) with 0x0121', async (extra, comment) => {
    for (const status of ['COMPLETED', 'DISCONTINUED']) {
      const reply = await nSet(peer(), uid(10), status, { extra });
      expect(reply.status).toBe(0x0121);
      expect(reply.errorComment).toBe(comment);
    }
    // The step stays open, so the modality can still finish it properly.
    expect(steps()).toEqual([{ status: 'IN PROGRESS' }]);
    expect(procedureEvents().map((e) => e.event.event_type)).toEqual(['procedure.in_progress']);
    expect((await nSet(peer(), uid(10), 'COMPLETED')).status).toBe(0);
    expect(t.status('ACC1')).toBe('COMPLETED');
  });

  it('refuses a performed series item without its Series Instance UID or Protocol Name', async () => {
    const noUid = await nSet(peer(), uid(10), 'COMPLETED', {
      extra: { PerformedSeriesSequence: [{ ProtocolName: 'Screening', ReferencedImageSequence: [] }] },
    });
    expect(noUid.status).toBe(0x0121);
    expect(noUid.errorComment).toBe('PerformedSeriesSequence>SeriesInstanceUID is missing');
    const noProtocol = await nSet(peer(), uid(10), 'IN PROGRESS', {
      extra: { PerformedSeriesSequence: [{ SeriesInstanceUID: uid(99), ProtocolName: '' }] },
    });
    expect(noProtocol.status).toBe(0x0121);
    expect(noProtocol.errorComment).toBe('PerformedSeriesSequence>ProtocolName has no value');
    expect(steps()).toEqual([{ status: 'IN PROGRESS' }]);
  });

  it('accepts end and series sent by an earlier N-SET, the final one carrying only the status', async () => {
    const image = { ReferencedSOPClassUID: '1.2.840.10008.5.1.4.1.1.1.2', ReferencedSOPInstanceUID: uid(50) };
    const progress = await nSet(peer(), uid(10), 'IN PROGRESS', {
      extra: {
        PerformedSeriesSequence: [
          { SeriesInstanceUID: uid(51), ProtocolName: 'Screening', ReferencedImageSequence: [image] },
        ],
      },
    });
    expect(progress.status).toBe(0);
    const final = await nSet(peer(), uid(10), 'COMPLETED', {
      extra: {
        PerformedSeriesSequence: undefined,
        PerformedProcedureStepEndDate: undefined,
        PerformedProcedureStepEndTime: undefined,
      },
    });
    expect(final.status).toBe(0);
    expect(t.status('ACC1')).toBe('COMPLETED');
  });
});
