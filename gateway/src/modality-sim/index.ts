/**
 * The modality simulator's API for code that drives it in-process (the demo, gateway tests). The CLI
 * (cli.ts) is a thin shell over `runSimulator`.
 */
export { exchange, AssociationError, type Peer, type RequestOutcome } from './association';
export { localDateTime, newUid, patientAge, CLINIC_TIME_ZONE } from './dicom-values';
export {
  DEFAULT_IMAGES_DIR,
  loadTemplate,
  personalise,
  prepareImages,
  type PreparedImage,
  type ProcedureContext,
} from './images';
export { createMpps, finishMpps, nCreateAttributes, nSetAttributes, type MppsOutcome } from './mpps';
export {
  DISCONTINUE_REASONS,
  OptionError,
  parseArgv,
  simulatorOptions,
  VIEWS,
  type SimulatorOptions,
  type View,
} from './options';
export { runSimulator, type SimulatorHooks, type SimulatorRun } from './poll-loop';
export { newProcedureContext, runProcedure, type ProcedureResult } from './run-procedure';
export { storeImages, type LogLine, type StoredImage } from './store';
export { writeSyntheticMammograms } from './synthetic/mammogram-template';
export { queryWorklist, worklistIdentifier, type WorklistItem } from './worklist-query';
