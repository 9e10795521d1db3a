import { describe, expect, it } from 'vitest';
import { worklistDb, worklistItem } from '../../test/dicom/worklist-fixtures';
import { encodeDataset } from './dicom-writer';
import { dimse, UID } from './dimse';
import { SPS_ATTRIBUTES } from './mwl-attributes';
import { parseMwlIdentifier, type MwlRequest } from './mwl-query';
import { responseElements } from './mwl-response';
import { createItem, getItem } from './worklist-store';

function parse(elements: Record<string, unknown>): MwlRequest {
  const parsed = parseMwlIdentifier(elements);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

function row() {
  const db = worklistDb();
  createItem(db, { actionId: 'a', item: worklistItem({ accession: 'ACC1', name: 'JONES^Zoë' }) });
  return getItem(db, 'ACC1')!;
}

describe('parseMwlIdentifier', () => {
  it('pushes indexed keys into the store query and reports unsupported keys by name only', () => {
    const request = parse({
      _vrMap: {},
      SpecificCharacterSet: 'ISO_IR 100',
      QueryRetrieveLevel: '',
      PatientName: [{ Alphabetic: 'THOM*' }],
      AccessionNumber: '',
      OtherPatientIDs: 'SECRET-VALUE',
      ScheduledProcedureStepSequence: [
        {
          _vrMap: {},
          Modality: 'MG',
          ScheduledProcedureStepStartDate: '20261127- ',
          ScheduledProtocolCodeSequence: [],
        },
      ],
    });
    expect(request.store).toEqual({
      patientName: 'THOM*',
      modality: 'MG',
      scheduledDate: { from: '20261127' },
    });
    expect(request.topLevel).toEqual(['PatientName', 'AccessionNumber']);
    expect(request.sps).toEqual(['Modality', 'ScheduledProcedureStepStartDate']);
    expect(request.unsupported).toEqual([
      'OtherPatientIDs',
      'ScheduledProcedureStepSequence>ScheduledProtocolCodeSequence',
    ]);
  });

  it('returns the whole scheduled step for an empty sequence or an empty item', () => {
    for (const sps of [[], [{ _vrMap: {} }], '']) {
      expect(parse({ ScheduledProcedureStepSequence: sps }).sps).toEqual(Object.keys(SPS_ATTRIBUTES));
    }
    expect(parse({ PatientID: '' }).sps).toBeNull();
  });

  it('refuses malformed identifiers with a message that names the key, not the value', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ ScheduledProcedureStepSequence: [{ Modality: 'MG' }, { Modality: 'US' }] }, /at most one item/],
      [{ PatientID: ['1', '2'] }, /PatientID may not have multiple values/],
      [
        { ScheduledProcedureStepSequence: [{ ScheduledProcedureStepStartTime: '25' }] },
        /ScheduledProcedureStepStartTime/,
      ],
      [{ PatientBirthDate: '1966-03-14' }, /PatientBirthDate/],
      [{ AccessionNumber: { nested: true } }, /AccessionNumber/],
    ];
    for (const [elements, message] of cases) {
      const parsed = parseMwlIdentifier(elements);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) {
        expect(parsed.message).toMatch(message);
        expect(parsed.message).not.toMatch(/1966|MG|US/);
      }
    }
  });

  it('matches keys the store does not index as row predicates', () => {
    const item = row();
    const matches = (elements: Record<string, unknown>) => parse(elements).predicates.every((p) => p(item));
    expect(matches({ StudyInstanceUID: ['1.2.3', item.studyInstanceUid] })).toBe(true);
    expect(matches({ StudyInstanceUID: '1.2.3' })).toBe(false);
    expect(matches({ PatientBirthDate: '19600101-19700101' })).toBe(true);
    expect(matches({ PatientBirthDate: '-19600101' })).toBe(false);
    expect(matches({ PatientSex: 'F' })).toBe(true);
    // We hold no referring physician, so a specific one matches nothing; universal still matches.
    expect(matches({ ReferringPhysicianName: [{ Alphabetic: 'WHO' }] })).toBe(false);
    expect(matches({ ReferringPhysicianName: '*' })).toBe(true);
  });
});

describe('responseElements', () => {
  it('returns what was asked for plus the UTF-8 character set, and nothing else', () => {
    const request = parse({
      PatientName: '',
      ReferringPhysicianName: '',
      ReferencedStudySequence: [],
      ScheduledProcedureStepSequence: [{ Modality: '', ScheduledStationAETitle: '' }],
    });
    const bytes = encodeDataset(responseElements(row(), request, { callingAe: 'ROOM1_MG' }), true);
    // dcmjs adds `_vrMap` bookkeeping at every level; drop it to compare attributes only.
    const elements = new dimse.Dataset(bytes, UID.explicitVrLittleEndian).getElements();
    const decoded = JSON.parse(JSON.stringify(elements), (k, v: unknown) =>
      k === '_vrMap' ? undefined : v,
    ) as unknown;
    expect(decoded).toEqual({
      SpecificCharacterSet: 'ISO_IR 192',
      PatientName: [{ Alphabetic: 'JONES^Zoë' }],
      ReferringPhysicianName: [],
      ReferencedStudySequence: [],
      // Type 1: an item scheduled on no station is answered with the asking station's AE title.
      ScheduledProcedureStepSequence: [{ Modality: 'MG', ScheduledStationAETitle: 'ROOM1_MG' }],
    });
  });
});
