import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { dimse, UID, type Elements } from '../dimse';
import { VIEWS, type View } from '../views';
import { drawBreast } from './breast-pixels';

/**
 * The synthetic Digital Mammography X-Ray Images (For Presentation) in resources/dicom, built here and
 * written by scripts/make-synthetic-mammograms.ts. Deterministic: name-derived UIDs, fixed dates and
 * seeded pixels, so re-running gives identical bytes and a test can prove the committed files are current.
 * Patient and order attributes are placeholders: the simulator writes each worklist item over them.
 */
export const TEMPLATE_COLUMNS = 240;

/** A UUID-derived UID (PS3.5 B.2) from a name-based, version-5-style UUID: the same on every run. */
function stableUid(name: string): string {
  const hash = createHash('sha1').update(`modality-link synthetic mammogram ${name}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  return `2.25.${BigInt(`0x${hash.subarray(0, 16).toString('hex')}`).toString(10)}`;
}

const code = (value: string, meaning: string) => ({
  CodeValue: value,
  CodingSchemeDesignator: 'SCT',
  CodeMeaning: meaning,
});
export const VIEW_CODES = {
  CC: code('399162004', 'cranio-caudal'),
  MLO: code('399368009', 'medio-lateral oblique'),
} as const;

/**
 * Plausible 2D screening exposures (tungsten/rhodium): kVp, mAs, compressed thickness (mm), compression
 * force (N), mean glandular dose and entrance dose (mGy). PatientOrientation is rows\columns: the chest
 * wall is on the image's right for right-breast views (rows run towards P), and on the left for left ones.
 */
const EXPOSURES: Record<View, { orientation: [string, string]; kvp: number; mas: number; mm: number }> = {
  RCC: { orientation: ['P', 'L'], kvp: 28, mas: 90, mm: 52 },
  LCC: { orientation: ['A', 'R'], kvp: 28, mas: 88, mm: 50 },
  RMLO: { orientation: ['P', 'FL'], kvp: 29, mas: 104, mm: 57 },
  LMLO: { orientation: ['A', 'FR'], kvp: 29, mas: 101, mm: 55 },
};
const DOSES: Record<View, { force: number; mgd: number; esd: number }> = {
  RCC: { force: 98, mgd: 1.21, esd: 4.6 },
  LCC: { force: 95, mgd: 1.18, esd: 4.5 },
  RMLO: { force: 112, mgd: 1.46, esd: 5.4 },
  LMLO: { force: 108, mgd: 1.41, esd: 5.2 },
};

/** The data set for one view, by module of the Digital Mammography X-Ray Image IOD (PS3.3 A.26). */
export function syntheticMammogram(view: View, columns = TEMPLATE_COLUMNS): Elements {
  const index = VIEWS.indexOf(view);
  const laterality = view[0] as 'R' | 'L';
  const position = view.slice(1) as 'CC' | 'MLO';
  const { orientation, kvp, mas, mm } = EXPOSURES[view];
  const { force, mgd, esd } = DOSES[view];
  const rows = (columns * 5) / 4;
  const spacing = 240 / columns; // a 24 × 30 cm detector, whatever the matrix
  const date = '20260101';
  const time = `0901${String(index * 10).padStart(2, '0')}`;
  const pixels = drawBreast({ laterality, position }, columns, rows, 0x5eed + index * 7919);
  return {
    // SOP Common
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: UID.mammographyForPresentation,
    SOPInstanceUID: stableUid(`${view} instance`),
    // Patient, General Study: placeholders the simulator replaces
    PatientName: 'SYNTHETIC^TEMPLATE',
    PatientID: 'SYNTHETIC',
    PatientBirthDate: '',
    PatientSex: '',
    StudyInstanceUID: stableUid('study'),
    StudyDate: date,
    StudyTime: '090000',
    StudyID: 'SYNTHETIC',
    AccessionNumber: '',
    ReferringPhysicianName: '',
    StudyDescription: 'Synthetic screening mammogram',
    // General Series, DX Series (Modality MG, For Presentation)
    Modality: 'MG',
    SeriesInstanceUID: stableUid('series'),
    SeriesNumber: 1,
    SeriesDate: date,
    SeriesTime: '090000',
    SeriesDescription: 'Synthetic screening views',
    BodyPartExamined: 'BREAST',
    PresentationIntentType: 'FOR PRESENTATION',
    // General Equipment
    Manufacturer: 'Modality Link',
    InstitutionName: 'Synthetic images (no site)',
    StationName: 'MODALITY-SIM',
    ManufacturerModelName: 'Modality simulator (synthetic images)',
    DeviceSerialNumber: 'SIM-0001',
    SoftwareVersions: 'make-synthetic-mammograms 1',
    // General Image, Mammography Image
    InstanceNumber: index + 1,
    PatientOrientation: orientation,
    ImageType: ['ORIGINAL', 'PRIMARY'],
    ContentDate: date,
    ContentTime: time,
    AcquisitionDate: date,
    AcquisitionTime: time,
    BurnedInAnnotation: 'NO', // the view label identifies no one
    QualityControlImage: 'NO',
    LossyImageCompression: '00',
    ImageComments: 'Synthetic image made by a script: contains no patient data',
    ImageLaterality: laterality,
    ViewPosition: position,
    PositionerType: 'MAMMOGRAPHIC',
    OrganExposed: 'BREAST',
    BreastImplantPresent: 'NO',
    PartialView: 'NO',
    AnatomicRegionSequence: [code('76752008', 'Breast')],
    ViewCodeSequence: [{ ...VIEW_CODES[position], ViewModifierCodeSequence: [] }],
    AcquisitionContextSequence: [],
    // Image Pixel, DX Image, VOI LUT
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: rows,
    Columns: columns,
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    PresentationLUTShape: 'IDENTITY',
    PixelIntensityRelationship: 'LOG',
    PixelIntensityRelationshipSign: -1, // brighter = more attenuation, as MONOCHROME2 shows it
    RescaleIntercept: 0,
    RescaleSlope: 1,
    RescaleType: 'US',
    WindowCenter: 2100,
    WindowWidth: 3400,
    VOILUTFunction: 'LINEAR',
    WindowCenterWidthExplanation: 'SYNTHETIC DEFAULT',
    // DX Detector, DX Positioning
    DetectorType: 'DIRECT',
    DetectorConfiguration: 'AREA',
    DetectorID: 'SIM-DET-1',
    ImagerPixelSpacing: [spacing, spacing],
    DistanceSourceToDetector: 650,
    DistanceSourceToPatient: 625,
    EstimatedRadiographicMagnificationFactor: 1.04, // 650 / 625
    // X-Ray Generation, Filtration, Acquisition Dose
    KVP: kvp,
    XRayTubeCurrent: 120,
    ExposureTime: Math.round((mas / 120) * 1000),
    Exposure: mas,
    ExposureInuAs: mas * 1000,
    FocalSpots: [0.3],
    AnodeTargetMaterial: 'TUNGSTEN',
    FilterMaterial: ['RHODIUM'],
    BodyPartThickness: mm,
    CompressionForce: force,
    EntranceDoseInmGy: esd,
    OrganDose: Math.round(mgd * 100) / 10000, // (0040,0316) is in dGy: 1 dGy = 100 mGy
    PixelData: [pixels.buffer],
    _vrMap: { PixelData: 'OW' },
  };
}

/** Writes RCC.dcm … LMLO.dcm (Explicit VR Little Endian) to `dir`; returns the paths. */
export function writeSyntheticMammograms(dir: string, columns = TEMPLATE_COLUMNS): string[] {
  if (!Number.isInteger(columns) || columns < 64 || columns > 4096 || columns % 4 !== 0)
    throw new Error('columns must be a multiple of 4 from 64 to 4096');
  mkdirSync(dir, { recursive: true });
  return VIEWS.map((view) => {
    const file = path.join(dir, `${view}.dcm`);
    new dimse.Dataset(syntheticMammogram(view, columns), UID.explicitVrLittleEndian).toFile(file);
    return file;
  });
}
