import { newUid } from '#gateway/modality-sim/dicom-values';
import type { WorklistItem } from '#gateway/modality-sim/worklist-query';

/** A worklist item as the simulator's C-FIND would return it: a participant with a Welsh name. */
export function worklistItem(overrides: Partial<WorklistItem> = {}): WorklistItem {
  const accessionNumber = overrides.accessionNumber ?? 'ACC20261127A1B2';
  return {
    accessionNumber,
    patientName: 'THOMAS^Siân',
    patientId: '9434765870',
    patientBirthDate: '19660314',
    patientSex: 'F',
    studyInstanceUid: newUid(),
    requestedProcedureId: accessionNumber,
    requestedProcedureDescription: 'Bilateral screening mammogram',
    scheduledProcedureStepId: accessionNumber,
    scheduledProcedureStepDescription: 'Bilateral screening mammogram',
    scheduledDate: '20261127',
    scheduledTime: '091500',
    scheduledStationAeTitle: '',
    modality: 'MG',
    ...overrides,
  };
}

/** Collects the simulator's log lines. */
export function lines(): { log: (line: string) => void; all: string[] } {
  const all: string[] = [];
  return { log: (line) => all.push(line), all };
}
