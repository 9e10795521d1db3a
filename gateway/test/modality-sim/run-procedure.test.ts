import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Elements } from '#gateway/modality-sim/dimse';
import { simulatorOptions, type SimulatorOptions } from '#gateway/modality-sim/options';
import { runProcedure } from '#gateway/modality-sim/run-procedure';
import { freePort } from '../../../test-support/free-port';
import { lines, worklistItem } from './fixtures';
import { startRecordingScp, type RecordedMessage, type RecordingScp } from './recording-scp';

/**
 * A whole examination against a recording MPPS + storage SCP: what the simulator sends at each step, in
 * which order, and how the final N-SET ties the performed step to the images it stored.
 */
const AE = 'RECORDER';
let scp: RecordingScp;

beforeEach(async () => {
  scp = await startRecordingScp({ aeTitle: AE });
});
afterEach(async () => {
  await scp.close();
});

const options = (overrides: Partial<SimulatorOptions> = {}) =>
  simulatorOptions({ mppsPort: scp.port, mppsAe: AE, storePort: scp.port, storeAe: AE, ...overrides });

/** An element as text: PN as its alphabetic form, the first value of a multi-valued one. */
function text(elements: Elements | undefined, key: string): string {
  const value = elements?.[key];
  const first = Array.isArray(value) ? value[0] : value;
  if (first && typeof first === 'object') return String((first as { Alphabetic?: string }).Alphabetic);
  return first === undefined ? '' : String(first);
}
const items = (elements: Elements | undefined, key: string) => (elements?.[key] ?? []) as Elements[];
const kinds = (messages: RecordedMessage[]) => messages.map((m) => m.kind);

describe('runProcedure', () => {
  it('N-CREATE IN PROGRESS, four C-STOREs, N-SET COMPLETED referencing exactly the stored instances', async () => {
    const item = worklistItem();
    const log = lines();
    const result = await runProcedure(options(), item, log.log);

    expect(result.ok).toBe(true);
    expect(kinds(scp.messages)).toEqual(['N-CREATE', 'C-STORE', 'C-STORE', 'C-STORE', 'C-STORE', 'N-SET']);
    expect(scp.messages.every((m) => m.callingAe === 'ALPHA_MG1' && m.status === 0)).toBe(true);

    const create = scp.messages[0]!;
    expect(create.sopInstanceUid).toBe(result.mppsInstanceUid);
    expect(create.sopInstanceUid).toMatch(/^2\.25\.\d+$/);
    const c = create.elements;
    expect(text(c, 'PerformedProcedureStepStatus')).toBe('IN PROGRESS');
    expect(text(c, 'Modality')).toBe('MG');
    expect(text(c, 'PerformedStationAETitle')).toBe('ALPHA_MG1');
    expect(text(c, 'PatientName')).toBe('THOMAS^Siân');
    expect(text(c, 'PatientID')).toBe(item.patientId);
    expect(text(c, 'PatientBirthDate')).toBe('19660314');
    expect(text(c, 'PatientSex')).toBe('F');
    expect(text(c, 'PerformedProcedureStepStartDate')).toMatch(/^\d{8}$/);
    expect(text(c, 'PerformedProcedureStepStartTime')).toMatch(/^\d{6}$/);
    expect(text(c, 'PerformedProcedureStepID')).toMatch(/^PPS[0-9A-F]{12}$/);
    const scheduled = items(c, 'ScheduledStepAttributesSequence');
    expect(scheduled).toHaveLength(1);
    expect(text(scheduled[0], 'AccessionNumber')).toBe(item.accessionNumber);
    expect(text(scheduled[0], 'StudyInstanceUID')).toBe(item.studyInstanceUid);
    expect(text(scheduled[0], 'RequestedProcedureID')).toBe(item.requestedProcedureId);
    expect(text(scheduled[0], 'ScheduledProcedureStepID')).toBe(item.scheduledProcedureStepId);
    expect(items(c, 'PerformedSeriesSequence')).toEqual([]);

    const stores = scp.messages.filter((m) => m.kind === 'C-STORE');
    expect(
      stores.map((s) => `${text(s.elements, 'ImageLaterality')}${text(s.elements, 'ViewPosition')}`),
    ).toEqual(['RCC', 'LCC', 'RMLO', 'LMLO']);
    for (const store of stores) {
      expect(text(store.elements, 'AccessionNumber')).toBe(item.accessionNumber);
      expect(text(store.elements, 'StudyInstanceUID')).toBe(item.studyInstanceUid);
      expect(text(store.elements, 'SeriesInstanceUID')).toBe(result.seriesInstanceUid);
      const pps = items(store.elements, 'ReferencedPerformedProcedureStepSequence');
      expect(text(pps[0], 'ReferencedSOPInstanceUID')).toBe(result.mppsInstanceUid);
    }

    const set = scp.messages[5]!;
    expect(set.sopInstanceUid).toBe(result.mppsInstanceUid);
    expect(text(set.elements, 'PerformedProcedureStepStatus')).toBe('COMPLETED');
    expect(text(set.elements, 'PerformedProcedureStepEndDate')).toMatch(/^\d{8}$/);
    expect(text(set.elements, 'PerformedProcedureStepEndTime')).toMatch(/^\d{6}$/);
    expect(Number(text(set.elements, 'TotalNumberOfExposures'))).toBe(4);
    const series = items(set.elements, 'PerformedSeriesSequence');
    expect(series).toHaveLength(1);
    expect(text(series[0], 'SeriesInstanceUID')).toBe(result.seriesInstanceUid);
    const referenced = items(series[0], 'ReferencedImageSequence');
    expect(referenced.map((r) => text(r, 'ReferencedSOPInstanceUID')).sort()).toEqual(
      stores.map((s) => s.sopInstanceUid).sort(),
    );
    expect(new Set(referenced.map((r) => text(r, 'ReferencedSOPClassUID')))).toEqual(
      new Set(['1.2.840.10008.5.1.4.1.1.1.2']),
    );

    const a = item.accessionNumber;
    expect(log.all).toEqual([
      `${a} N-CREATE IN PROGRESS: Success`,
      `${a} stored RCC: Success`,
      `${a} stored LCC: Success`,
      `${a} stored RMLO: Success`,
      `${a} stored LMLO: Success`,
      `${a} N-SET COMPLETED: Success`,
    ]);
  });

  it('--discontinue with --images RCC: one image, then N-SET DISCONTINUED with the reason code', async () => {
    const result = await runProcedure(
      options({ discontinue: true, discontinueReason: 'refused', images: ['RCC'] }),
      worklistItem(),
      lines().log,
    );
    expect(result.ok).toBe(true);
    expect(kinds(scp.messages)).toEqual(['N-CREATE', 'C-STORE', 'N-SET']);
    const set = scp.messages[2]!.elements;
    expect(text(set, 'PerformedProcedureStepStatus')).toBe('DISCONTINUED');
    const reason = items(set, 'PerformedProcedureStepDiscontinuationReasonCodeSequence');
    expect(reason.map((r) => [text(r, 'CodeValue'), text(r, 'CodingSchemeDesignator')])).toEqual([
      ['110505', 'DCM'],
    ]);
    const referenced = items(items(set, 'PerformedSeriesSequence')[0], 'ReferencedImageSequence');
    expect(referenced.map((r) => text(r, 'ReferencedSOPInstanceUID'))).toEqual([
      scp.messages[1]!.sopInstanceUid,
    ]);
  });

  it('--skip-mpps: images only, and they reference no performed procedure step', async () => {
    const result = await runProcedure(options({ skipMpps: true }), worklistItem(), lines().log);
    expect(result.ok).toBe(true);
    expect(result.mppsInstanceUid).toBeUndefined();
    expect(kinds(scp.messages)).toEqual(['C-STORE', 'C-STORE', 'C-STORE', 'C-STORE']);
    for (const store of scp.messages)
      expect(store.elements.ReferencedPerformedProcedureStepSequence).toBeUndefined();
  });

  it('still stores the images when the MPPS SCP is missing, and sends no N-SET for a step never created', async () => {
    const noMpps = await startRecordingScp({ aeTitle: AE, acceptMpps: false });
    const closedPort = await freePort();
    try {
      const log = lines();
      const unsupported = await runProcedure(options({ mppsPort: noMpps.port }), worklistItem(), log.log);
      expect(unsupported.ok).toBe(false);
      expect(unsupported.mppsCreate?.result).toBe(`not sent: ${AE} does not offer MPPS`);
      expect(unsupported.mppsFinal).toBeUndefined();
      expect(unsupported.images.every((i) => i.ok)).toBe(true);
      expect(kinds(scp.messages)).toEqual(['C-STORE', 'C-STORE', 'C-STORE', 'C-STORE']);
      expect(log.all[0]).toMatch(/N-CREATE IN PROGRESS: not sent: RECORDER does not offer MPPS$/);

      const down = await runProcedure(options({ mppsPort: closedPort }), worklistItem(), lines().log);
      expect(down.mppsCreate?.result).toMatch(/connection refused by 127\.0\.0\.1:\d+/);
      expect(down.images.every((i) => i.ok)).toBe(true);
    } finally {
      await noMpps.close();
    }
  });
});
