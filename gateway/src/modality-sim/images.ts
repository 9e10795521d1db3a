import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { localDateTime, newUid, patientAge, type DicomDateTime } from './dicom-values';
import { dimse, UID, type DimseDataset, type Elements } from './dimse';
import type { View } from './views';
import type { WorklistItem } from './worklist-query';

/**
 * Step 3 at the modality: the exposures. A real unit creates each image with the patient and order it
 * took from the worklist; we take a synthetic template per view (resources/dicom) and write the worklist
 * item's participant, accession and study into it, with new series and instance UIDs every run.
 */
export const DEFAULT_IMAGES_DIR = fileURLToPath(new URL('../../../resources/dicom/', import.meta.url));

/** What one performed procedure shares between its MPPS and its images. */
export interface ProcedureContext {
  item: WorklistItem;
  /** The worklist item's, or a new one if the worklist gave none (a real unit would do the same). */
  studyInstanceUid: string;
  seriesInstanceUid: string;
  /** SH, ≤ 16 characters: the modality's own id for the performed step. */
  performedProcedureStepId: string;
  /** When the radiographer started the procedure (Europe/London). */
  start: DicomDateTime;
  /** Our AE title, recorded as the performing station. */
  stationAe: string;
  /** Set once MPPS N-CREATE succeeded: images then reference the performed step. */
  mppsInstanceUid?: string;
}

export interface PreparedImage {
  view: View;
  sopClassUid: string;
  sopInstanceUid: string;
  dataset: DimseDataset;
}

const cache = new Map<string, Elements>();

/** The template's elements, read once per file. */
export function loadTemplate(view: View, dir: string = DEFAULT_IMAGES_DIR): Elements {
  const file = path.resolve(dir, `${view}.dcm`);
  let elements = cache.get(file);
  if (!elements) {
    const dataset = dimse.Dataset.fromFile(file);
    if (!dataset) throw new Error(`cannot read ${file}`);
    elements = dataset.getElements();
    cache.set(file, elements);
  }
  return elements;
}

/** The template with the worklist item's and this run's attributes written over it. */
export function personalise(
  template: Elements,
  context: ProcedureContext,
  instanceNumber: number,
  now: Date = new Date(),
): Elements {
  const { item, start } = context;
  const acquired = localDateTime(now);
  const elements: Elements = {
    ...template,
    // The worklist answers in UTF-8, so names such as Siân keep their letters in the image.
    SpecificCharacterSet: 'ISO_IR 192',
    PatientName: item.patientName,
    PatientID: item.patientId,
    PatientBirthDate: item.patientBirthDate,
    PatientSex: item.patientSex,
    PatientAge: patientAge(item.patientBirthDate, start.date),
    StudyInstanceUID: context.studyInstanceUid,
    AccessionNumber: item.accessionNumber,
    StudyID: (item.requestedProcedureId || item.accessionNumber).slice(0, 16),
    StudyDate: start.date,
    StudyTime: start.time,
    StudyDescription: item.requestedProcedureDescription || template.StudyDescription,
    SeriesInstanceUID: context.seriesInstanceUid,
    SeriesNumber: 1,
    SeriesDate: start.date,
    SeriesTime: start.time,
    SOPInstanceUID: newUid(),
    InstanceNumber: instanceNumber,
    ContentDate: acquired.date,
    ContentTime: acquired.time,
    AcquisitionDate: acquired.date,
    AcquisitionTime: acquired.time,
    StationName: context.stationAe,
    PerformedProcedureStepID: context.performedProcedureStepId,
    PerformedProcedureStepStartDate: start.date,
    PerformedProcedureStepStartTime: start.time,
    PerformedProcedureStepDescription: item.scheduledProcedureStepDescription,
    // IHE Scheduled Workflow: the image names the order and scheduled step it fulfils.
    RequestAttributesSequence: [
      {
        RequestedProcedureID: item.requestedProcedureId,
        ScheduledProcedureStepID: item.scheduledProcedureStepId,
        ScheduledProcedureStepDescription: item.scheduledProcedureStepDescription,
        AccessionNumber: item.accessionNumber,
        StudyInstanceUID: context.studyInstanceUid,
        RequestedProcedureDescription: item.requestedProcedureDescription,
      },
    ],
  };
  // DX Series: required when the unit supports MPPS, i.e. when it reported this procedure.
  if (context.mppsInstanceUid)
    elements.ReferencedPerformedProcedureStepSequence = [
      {
        ReferencedSOPClassUID: UID.modalityPerformedProcedureStep,
        ReferencedSOPInstanceUID: context.mppsInstanceUid,
      },
    ];
  else delete elements.ReferencedPerformedProcedureStepSequence;
  return elements;
}

/** One personalised data set per view, in the order given (instance numbers follow it). */
export function prepareImages(
  views: readonly View[],
  context: ProcedureContext,
  dir: string = DEFAULT_IMAGES_DIR,
  now: Date = new Date(),
): PreparedImage[] {
  return views.map((view, i) => {
    const elements = personalise(loadTemplate(view, dir), context, i + 1, now);
    return {
      view,
      sopClassUid: String(elements.SOPClassUID),
      sopInstanceUid: String(elements.SOPInstanceUID),
      dataset: new dimse.Dataset(elements, UID.explicitVrLittleEndian),
    };
  });
}
