import { isUid, num, text, type Elements } from '../return-path/dicom-values';
import { NATIVE_TRANSFER_SYNTAXES } from '../thumbnail/thumbnail';
import type { PixelDataLocation } from './dataset-layout';

/**
 * The checks a received instance must pass before it is stored (production validates the same: UIDs
 * and pixel attributes). A failure names the attribute and the rule in plain words, never a value: the
 * words go to the modality as the Error Comment and to the clinic screen in `study.image_failed`.
 */
export const STORE_STATUS = {
  success: 0x0000,
  /** Refused: out of resources (PS3.4 B.2.3), e.g. the disk is full. */
  outOfResources: 0xa700,
  /** Error: data set does not match SOP class: a required attribute missing or invalid. */
  doesNotMatchSopClass: 0xa900,
  /** Error: cannot understand: the data set could not be parsed, or the gateway failed. */
  cannotUnderstand: 0xc000,
  /** Error (cannot understand, our sub-code): no worklist item has this accession number. */
  unknownAccession: 0xc001,
} as const;

export const MG_STORAGE_CLASSES: ReadonlySet<string> = new Set([
  '1.2.840.10008.5.1.4.1.1.1.2', // Digital Mammography X-Ray Image Storage – For Presentation
  '1.2.840.10008.5.1.4.1.1.1.2.1', // Digital Mammography X-Ray Image Storage – For Processing
]);

export interface CheckedInstance {
  ok: true;
  sopClassUid: string;
  sopInstanceUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  accession: string;
}

export interface CheckFailure {
  ok: false;
  status: number;
  reason: string;
  /** The SOP instance UID when the data set has a usable one (for the event). */
  sopInstanceUid: string | undefined;
}

const UID_KEYS = ['SOPClassUID', 'SOPInstanceUID', 'StudyInstanceUID', 'SeriesInstanceUID'] as const;
const PIXEL_KEYS = ['Rows', 'Columns', 'BitsAllocated', 'BitsStored', 'PixelRepresentation'] as const;

/** `elements` are the attributes before Pixel Data; `pixels` says where Pixel Data is, if anywhere. */
export function checkInstance(
  elements: Elements,
  pixels: PixelDataLocation | undefined,
  request: { sopClassUid: string; sopInstanceUid: string; transferSyntaxUid: string },
): CheckedInstance | CheckFailure {
  const sop = text(elements.SOPInstanceUID);
  const fail = (reason: string): CheckFailure => ({
    ok: false,
    status: STORE_STATUS.doesNotMatchSopClass,
    reason,
    sopInstanceUid: isUid(sop) ? sop : undefined,
  });
  for (const key of UID_KEYS) {
    const value = text(elements[key]);
    if (value === '') return fail(`Missing ${key}`);
    if (!isUid(value)) return fail(`${key} is not a valid UID`);
  }
  if (text(elements.SOPClassUID) !== request.sopClassUid)
    return fail('SOPClassUID does not match the C-STORE request');
  if (sop !== request.sopInstanceUid) return fail('SOPInstanceUID does not match the C-STORE request');
  if (!MG_STORAGE_CLASSES.has(request.sopClassUid)) return fail('Not a digital mammography image');
  const accession = text(elements.AccessionNumber);
  if (accession === '') return fail('Missing AccessionNumber');
  if (accession.length > 16) return fail('AccessionNumber is longer than 16 characters');
  for (const key of PIXEL_KEYS) {
    const value = num(elements[key]);
    if (value === undefined) return fail(`Missing ${key}`);
    if (!Number.isInteger(value) || value < 0 || (key !== 'PixelRepresentation' && value < 1))
      return fail(`${key} is not a valid value`);
  }
  if (text(elements.PhotometricInterpretation) === '') return fail('Missing PhotometricInterpretation');
  if (!pixels) return fail('Missing PixelData');
  if (NATIVE_TRANSFER_SYNTAXES.has(request.transferSyntaxUid)) {
    const bytes = pixels.length ?? 0;
    const needed =
      num(elements.Rows)! *
      num(elements.Columns)! *
      (num(elements.SamplesPerPixel) ?? 1) *
      Math.ceil(num(elements.BitsAllocated)! / 8);
    if (bytes < needed) return fail('PixelData is shorter than its Rows, Columns and BitsAllocated');
  }
  return {
    ok: true,
    sopClassUid: request.sopClassUid,
    sopInstanceUid: sop,
    studyInstanceUid: text(elements.StudyInstanceUID),
    seriesInstanceUid: text(elements.SeriesInstanceUID),
    accession,
  };
}
