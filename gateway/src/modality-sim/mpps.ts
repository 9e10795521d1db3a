import { exchange, finalResponse, type Peer } from './association';
import { localDateTime } from './dicom-values';
import { dimse, isSuccessOrWarning, statusText, UID, type DimseRequest, type Elements } from './dimse';
import type { PreparedImage, ProcedureContext } from './images';
import { DISCONTINUE_REASONS, type DiscontinueReason, type SimulatorOptions } from './options';

/**
 * Steps 2 and 5 at the modality: Modality Performed Procedure Step (PS3.4 Annex F). N-CREATE when the
 * radiographer starts the examination (IN PROGRESS, carrying the scheduled step it fulfils), N-SET when
 * it ends (COMPLETED, or DISCONTINUED with a reason), listing the series and images it produced.
 */
export type FinalMppsStatus = 'COMPLETED' | 'DISCONTINUED';

export interface MppsOutcome {
  ok: boolean;
  status?: number;
  /** `Success`, `Failure: …`, or why nothing was sent. */
  result: string;
}

export const mppsPeer = (options: SimulatorOptions): Peer => ({
  host: options.host,
  port: options.mppsPort,
  calledAe: options.mppsAe,
  callingAe: options.ae,
});

/** N-CREATE attributes, Type 1 with values and Type 2 present (empty if unknown): PS3.4 Table F.7.2-1. */
export function nCreateAttributes(context: ProcedureContext): Elements {
  const { item, start } = context;
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    ScheduledStepAttributesSequence: [
      {
        StudyInstanceUID: context.studyInstanceUid,
        ReferencedStudySequence: [],
        AccessionNumber: item.accessionNumber,
        RequestedProcedureID: item.requestedProcedureId,
        RequestedProcedureDescription: item.requestedProcedureDescription,
        ScheduledProcedureStepID: item.scheduledProcedureStepId,
        ScheduledProcedureStepDescription: item.scheduledProcedureStepDescription,
        ScheduledProtocolCodeSequence: [],
      },
    ],
    PatientName: item.patientName,
    PatientID: item.patientId,
    PatientBirthDate: item.patientBirthDate,
    PatientSex: item.patientSex,
    ReferencedPatientSequence: [],
    PerformedProcedureStepID: context.performedProcedureStepId,
    PerformedStationAETitle: context.stationAe,
    PerformedStationName: context.stationAe,
    PerformedLocation: '',
    PerformedProcedureStepStartDate: start.date,
    PerformedProcedureStepStartTime: start.time,
    PerformedProcedureStepStatus: 'IN PROGRESS',
    PerformedProcedureStepDescription: item.scheduledProcedureStepDescription,
    PerformedProcedureTypeDescription: item.requestedProcedureDescription,
    ProcedureCodeSequence: [],
    PerformedProcedureStepEndDate: '',
    PerformedProcedureStepEndTime: '',
    Modality: 'MG',
    StudyID: (item.requestedProcedureId || item.accessionNumber).slice(0, 16),
    PerformedProtocolCodeSequence: [],
    PerformedSeriesSequence: [],
  };
}

/**
 * The final N-SET (PS3.4 F.7.2.2 and the completion requirements of Table F.7.2-2): end date and time, the
 * series with every image acquired (acquired, not merely stored: MPPS reports what was performed), and the
 * dose summary of the Radiation Dose module.
 */
export function nSetAttributes(
  context: ProcedureContext,
  images: readonly PreparedImage[],
  final: FinalMppsStatus,
  reason: DiscontinueReason = 'unspecified',
  now: Date = new Date(),
): Elements {
  const end = localDateTime(now);
  const organDose = images.reduce((sum, i) => sum + Number(i.dataset.getElement('OrganDose') ?? 0), 0);
  const attributes: Elements = {
    SpecificCharacterSet: 'ISO_IR 192',
    PerformedProcedureStepStatus: final,
    PerformedProcedureStepEndDate: end.date,
    PerformedProcedureStepEndTime: end.time,
    PerformedSeriesSequence: [
      {
        PerformingPhysicianName: '',
        ProtocolName: 'Screening mammography',
        OperatorsName: '',
        SeriesInstanceUID: context.seriesInstanceUid,
        SeriesDescription: 'Synthetic screening views',
        RetrieveAETitle: '',
        ReferencedImageSequence: images.map((i) => ({
          ReferencedSOPClassUID: i.sopClassUid,
          ReferencedSOPInstanceUID: i.sopInstanceUid,
        })),
        ReferencedNonImageCompositeSOPInstanceSequence: [],
      },
    ],
    TotalNumberOfExposures: images.length,
    OrganExposed: 'BREAST',
    // The sum of the images' OrganDose (mean glandular dose, dGy) over the procedure.
    OrganDose: Math.round(organDose * 10000) / 10000,
  };
  if (final === 'DISCONTINUED') {
    const { code, meaning } = DISCONTINUE_REASONS[reason];
    attributes.PerformedProcedureStepDiscontinuationReasonCodeSequence = [
      { CodeValue: code, CodingSchemeDesignator: 'DCM', CodeMeaning: meaning },
    ];
  }
  return attributes;
}

async function send(options: SimulatorOptions, request: DimseRequest): Promise<MppsOutcome> {
  try {
    const [outcome] = await exchange(mppsPeer(options), [request], options.timeoutMs);
    if (!outcome?.accepted) return { ok: false, result: `not sent: ${options.mppsAe} does not offer MPPS` };
    const response = finalResponse(outcome);
    if (!response) return { ok: false, result: 'no response (association closed)' };
    const status = response.getStatus();
    return { ok: isSuccessOrWarning(status), status, result: statusText(status) };
  } catch (error) {
    return { ok: false, result: `not sent: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** N-CREATE the performed step with `instanceUid` (the SCU chooses it, as most units do). */
export function createMpps(
  options: SimulatorOptions,
  context: ProcedureContext,
  instanceUid: string,
): Promise<MppsOutcome> {
  const request = new dimse.requests.NCreateRequest(UID.modalityPerformedProcedureStep, instanceUid);
  request.setDataset(new dimse.Dataset(nCreateAttributes(context)));
  return send(options, request);
}

/** N-SET the performed step to its final state. */
export function finishMpps(
  options: SimulatorOptions,
  context: ProcedureContext,
  instanceUid: string,
  images: readonly PreparedImage[],
  final: FinalMppsStatus,
  now: Date = new Date(),
): Promise<MppsOutcome> {
  const request = new dimse.requests.NSetRequest(UID.modalityPerformedProcedureStep, instanceUid);
  request.setDataset(
    new dimse.Dataset(nSetAttributes(context, images, final, options.discontinueReason, now)),
  );
  return send(options, request);
}
