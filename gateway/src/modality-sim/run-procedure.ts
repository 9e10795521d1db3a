import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { localDateTime, newUid } from './dicom-values';
import { loadTemplate, prepareImages, type ProcedureContext } from './images';
import { createMpps, finishMpps, type FinalMppsStatus, type MppsOutcome } from './mpps';
import type { SimulatorOptions } from './options';
import { storeImages, type LogLine, type StoredImage } from './store';
import type { WorklistItem } from './worklist-query';

/**
 * One examination, as a mammography unit performs it for a worklist item: MPPS IN PROGRESS, the four
 * exposures sent to the archive, MPPS COMPLETED (or DISCONTINUED). Like a real unit it still sends the
 * images when MPPS fails (the radiographer does not stop a compressed participant for a network error),
 * and it sends no N-SET for a step the SCP never created.
 */
export interface ProcedureResult {
  accessionNumber: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  /** Present when N-CREATE was sent (whatever its outcome). */
  mppsInstanceUid?: string;
  mppsCreate?: MppsOutcome;
  mppsFinal?: MppsOutcome & { state: FinalMppsStatus };
  images: StoredImage[];
  /** Every step that was attempted succeeded. */
  ok: boolean;
}

export const stdoutLog: LogLine = (line) => {
  process.stdout.write(`${line}\n`);
};

/** The procedure's shared identifiers; `now` is when the radiographer pressed start. */
export function newProcedureContext(
  item: WorklistItem,
  stationAe: string,
  now: Date = new Date(),
): ProcedureContext {
  return {
    item,
    // A unit takes the order's study UID from the worklist; with none it must make one up.
    studyInstanceUid: item.studyInstanceUid || newUid(),
    seriesInstanceUid: newUid(),
    performedProcedureStepId: `PPS${randomBytes(6).toString('hex').toUpperCase()}`,
    start: localDateTime(now),
    stationAe,
  };
}

export async function runProcedure(
  options: SimulatorOptions,
  item: WorklistItem,
  log: LogLine = stdoutLog,
): Promise<ProcedureResult> {
  // Read the templates before telling anyone the examination started: a missing file is our fault.
  for (const view of options.images) loadTemplate(view, options.imagesDir);
  const prefix = `${item.accessionNumber} `;
  const context = newProcedureContext(item, options.ae);
  if (!item.studyInstanceUid) log(`${prefix}worklist item has no StudyInstanceUID: using a new one`);
  const result: ProcedureResult = {
    accessionNumber: item.accessionNumber,
    studyInstanceUid: context.studyInstanceUid,
    seriesInstanceUid: context.seriesInstanceUid,
    images: [],
    ok: false,
  };

  if (!options.skipMpps) {
    const mppsUid = newUid();
    result.mppsInstanceUid = mppsUid;
    result.mppsCreate = await createMpps(options, context, mppsUid);
    log(`${prefix}N-CREATE IN PROGRESS: ${result.mppsCreate.result}`);
    if (result.mppsCreate.ok) context.mppsInstanceUid = mppsUid;
    await sleep(options.delayMs);
  }

  const images = prepareImages(options.images, context, options.imagesDir);
  result.images = await storeImages(options, images, log, prefix);

  if (context.mppsInstanceUid) {
    await sleep(options.delayMs);
    const state: FinalMppsStatus = options.discontinue ? 'DISCONTINUED' : 'COMPLETED';
    const outcome = await finishMpps(options, context, context.mppsInstanceUid, images, state);
    result.mppsFinal = { ...outcome, state };
    log(`${prefix}N-SET ${state}: ${outcome.result}`);
  }

  const mppsOk = options.skipMpps || (result.mppsCreate?.ok === true && result.mppsFinal?.ok === true);
  result.ok = mppsOk && result.images.every((i) => i.ok);
  return result;
}
