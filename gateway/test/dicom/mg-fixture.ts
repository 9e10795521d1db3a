import { writeFileSync } from 'node:fs';
import * as imported from 'dcmjs';

/**
 * Small, valid Digital Mammography For Presentation images written with dcmjs for the storage tests:
 * a bright "breast" on a dark background, 12 bits stored in 16, with the attributes a real modality
 * sends (laterality, view code, dose). Any attribute can be overridden, or removed with `undefined`.
 */
type DcmjsModule = {
  data: {
    DicomDict: new (meta: Record<string, unknown>) => { dict: unknown; write(): ArrayBuffer };
    DicomMetaDictionary: {
      denaturalizeDataset(dataset: Record<string, unknown>): Record<string, unknown>;
    };
  };
};
const loaded = imported as unknown as DcmjsModule & { default?: DcmjsModule };
const dcmjs: DcmjsModule = loaded.default ?? loaded;

export const MG_FOR_PRESENTATION = '1.2.840.10008.5.1.4.1.1.1.2';
export const EXPLICIT_LE = '1.2.840.10008.1.2.1';

export interface MgOptions {
  accession: string;
  sopInstanceUid: string;
  rows?: number;
  columns?: number;
  /** Attribute overrides; `undefined` removes the attribute. */
  set?: Record<string, unknown>;
}

/** Pixel values: background 100, a half-disc "breast" rising towards the chest wall (max 4000). */
export function mgPixels(rows: number, columns: number): Uint16Array {
  const pixels = new Uint16Array(rows * columns);
  for (let y = 0; y < rows; y += 1)
    for (let x = 0; x < columns; x += 1) {
      const r = Math.hypot(x / columns, (y - rows / 2) / rows);
      pixels[y * columns + x] = r < 0.45 ? Math.round(4000 - r * 4000) : 100;
    }
  return pixels;
}

export function mgDataset(options: MgOptions): Record<string, unknown> {
  const rows = options.rows ?? 300;
  const columns = options.columns ?? 240;
  const dataset: Record<string, unknown> = {
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: MG_FOR_PRESENTATION,
    SOPInstanceUID: options.sopInstanceUid,
    StudyInstanceUID: '1.2.826.0.1.3680043.9.7433.2.1',
    SeriesInstanceUID: '1.2.826.0.1.3680043.9.7433.3.1',
    AccessionNumber: options.accession,
    Modality: 'MG',
    PresentationIntentType: 'FOR PRESENTATION',
    PatientName: 'TEST^PARTICIPANT',
    PatientID: '9434765919',
    PatientBirthDate: '19660314',
    ImageLaterality: 'L',
    ViewPosition: 'CC',
    ViewCodeSequence: [
      { CodeValue: '399368009', CodingSchemeDesignator: 'SCT', CodeMeaning: 'medio-lateral oblique' },
    ],
    KVP: '28',
    ExposureInuAs: '88000',
    BodyPartThickness: '50',
    OrganDose: '0.012',
    EntranceDoseInmGy: '4.5',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: rows,
    Columns: columns,
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    WindowCenter: '2000',
    WindowWidth: '4000',
    PixelData: [mgPixels(rows, columns).buffer],
    _vrMap: { PixelData: 'OW' },
  };
  for (const [key, value] of Object.entries(options.set ?? {})) {
    if (value === undefined) delete dataset[key];
    else dataset[key] = value;
  }
  return dataset;
}

/** Writes the image as a DICOM file (Explicit VR Little Endian) and returns its path. */
export function writeMg(path: string, options: MgOptions): string {
  const dataset = mgDataset(options);
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: dataset.SOPClassUID ?? MG_FOR_PRESENTATION,
    MediaStorageSOPInstanceUID: dataset.SOPInstanceUID ?? options.sopInstanceUid,
    TransferSyntaxUID: EXPLICIT_LE,
    ImplementationClassUID: '1.2.826.0.1.3680043.9.7433.9',
  };
  const dict = new dcmjs.data.DicomDict(dcmjs.data.DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(dataset);
  writeFileSync(path, Buffer.from(dict.write()));
  return path;
}
