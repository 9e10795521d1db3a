import { describe, expect, it } from 'vitest';
import { dimse, UID } from './dimse';
import { encodeDataset, type DicomElement } from './dicom-writer';

/** Decodes with dcmjs (via dcmjs-dimse), an implementation independent of the writer. */
const decode = (bytes: Buffer, ts: string) => {
  const { _vrMap: _ignored, ...elements } = new dimse.Dataset(bytes, ts).getElements() as Record<
    string,
    unknown
  >;
  return elements;
};

const sample: DicomElement[] = [
  {
    tag: 0x00400100,
    vr: 'SQ',
    items: [
      [
        { tag: 0x00400002, vr: 'DA', value: '20261127' },
        { tag: 0x00080060, vr: 'CS', value: 'MG' },
      ],
    ],
  },
  { tag: 0x00100010, vr: 'PN', value: 'PRYS-JONES^Siân' },
  { tag: 0x00080005, vr: 'CS', value: 'ISO_IR 192' },
  { tag: 0x0020000d, vr: 'UI', value: '2.25.123' },
  { tag: 0x00080090, vr: 'PN', value: '' },
  { tag: 0x00081110, vr: 'SQ', items: [] },
];

describe('encodeDataset', () => {
  it.each([
    ['Explicit VR Little Endian', UID.explicitVrLittleEndian, true],
    ['Implicit VR Little Endian', UID.implicitVrLittleEndian, false],
  ])('writes what dcmjs reads back, in %s', (_name, ts, explicit) => {
    expect(decode(encodeDataset(sample, explicit), ts)).toMatchObject({
      SpecificCharacterSet: 'ISO_IR 192',
      PatientName: [{ Alphabetic: 'PRYS-JONES^Siân' }],
      StudyInstanceUID: '2.25.123',
      ScheduledProcedureStepSequence: [{ ScheduledProcedureStepStartDate: '20261127', Modality: 'MG' }],
    });
  });

  it('sorts tags, pads to even length (UI with NUL, text with space) and writes UTF-8', () => {
    const bytes = encodeDataset(
      [
        { tag: 0x0020000d, vr: 'UI', value: '1.2.3' },
        { tag: 0x00100010, vr: 'PN', value: 'Zoë' },
      ],
      true,
    );
    // (0010,0010) PN len 4 "Zoë" is 4 bytes in UTF-8: no padding; (0020,000D) UI len 6 "1.2.3\0".
    expect(bytes.toString('hex')).toBe(
      '10001000' +
        Buffer.from('PN').toString('hex') +
        '0400' +
        Buffer.from('Zoë').toString('hex') +
        '20000d00' +
        Buffer.from('UI').toString('hex') +
        '0600' +
        Buffer.from('1.2.3\0').toString('hex'),
    );
    const odd = encodeDataset([{ tag: 0x00080060, vr: 'CS', value: 'MGX' }], false);
    expect(odd.toString('hex')).toBe('08006000' + '04000000' + Buffer.from('MGX ').toString('hex'));
  });

  it('uses the long header form for SQ in explicit VR and refuses over-long short-form values', () => {
    const sq = encodeDataset([{ tag: 0x00081110, vr: 'SQ', items: [[]] }], true);
    // tag, "SQ", 2 reserved bytes, 32-bit length 8, then an empty item (FFFE,E000) of length 0.
    expect(sq.toString('hex')).toBe(
      '08001011' + Buffer.from('SQ').toString('hex') + '0000' + '08000000' + 'feff00e0' + '00000000',
    );
    expect(() => encodeDataset([{ tag: 0x00081030, vr: 'LO', value: 'x'.repeat(70_000) }], true)).toThrow(
      /too long/,
    );
  });
});
