import type { Logger } from 'pino';
import { isUid } from '../return-path/dicom-values';
import type { ModalityEvents } from '../return-path/modality-events';
import { dimse, UID } from '../worklist/dimse';
import { newUuidDerivedUid } from '../worklist/study-uid';
import { MPPS_STATUS, readCreate, readSet } from './mpps-attributes';
import { createStep, setStep, type StepResult } from './mpps-store';

/**
 * MPPS N-CREATE and N-SET on the worklist SCP's association (same AE title and port, as production's
 * MWL service does): DIMSE request in, response out. The decisions live in mpps-attributes (what the
 * request says) and mpps-store (what it does); this file only translates, logs and contains failures.
 */
type NCreateRequest = InstanceType<typeof dimse.requests.NCreateRequest>;
type NCreateResponse = InstanceType<typeof dimse.responses.NCreateResponse>;
type NSetRequest = InstanceType<typeof dimse.requests.NSetRequest>;
type NSetResponse = InstanceType<typeof dimse.responses.NSetResponse>;

const { NCreateResponse, NSetResponse } = dimse.responses;

export interface MppsContext {
  /** Undefined when MPPS is off on this AE: every request is then refused as an unknown SOP class. */
  events: ModalityEvents | undefined;
  log: Logger;
  callingAe: string;
}

/** Error comments are LO (≤ 64 characters) and never carry values from the request. */
function finish<R extends NCreateResponse | NSetResponse>(
  response: R,
  result: StepResult | { ok: false; status: number; comment: string; errorId?: number },
): R {
  if (result.ok) {
    response.setStatus(MPPS_STATUS.success);
    return response;
  }
  response.setStatus(result.status);
  response.setErrorComment(result.comment.slice(0, 64));
  if (result.errorId !== undefined) {
    // PS3.7 C.5: Error ID (0000,0903) travels in the command set next to the Error Comment.
    (response.getCommandDataset().getElements() as Record<string, unknown>).ErrorID = result.errorId;
  }
  return response;
}

const hex = (status: number): string => `0x${status.toString(16).padStart(4, '0')}`;

export function handleNCreate(request: NCreateRequest, ctx: MppsContext): NCreateResponse {
  const response = NCreateResponse.fromRequest(request);
  try {
    const events = ctx.events;
    if (!events || request.getAffectedSopClassUid() !== UID.modalityPerformedProcedureStep)
      return finish(response, {
        ok: false,
        status: MPPS_STATUS.noSuchSopClass,
        comment: 'No such SOP class',
      });
    // The SCU may leave the instance UID to the SCP (PS3.7 10.1.5.1.2); we then make one and return it.
    let uid = request.getAffectedSopInstanceUid()?.replace(/\0/g, '').trim() ?? '';
    if (uid === '') uid = newUuidDerivedUid();
    response.setAffectedSopInstanceUid(uid);
    if (!isUid(uid))
      return finish(response, { ok: false, status: 0x0117, comment: 'Invalid SOP instance UID' });
    const attributes = readCreate(request.getDataset()?.getElements() ?? {});
    const result = attributes.ok
      ? createStep(events, { uid, callingAe: ctx.callingAe, attributes })
      : attributes;
    ctx.log.info(
      {
        callingAe: ctx.callingAe,
        mppsInstanceUid: uid,
        accession: attributes.ok ? attributes.accession : undefined,
        status: hex(result.ok ? 0 : result.status),
        item: result.ok ? result.item : undefined,
        problem: result.ok ? undefined : result.comment,
      },
      'mpps n-create',
    );
    return finish(response, result);
  } catch (error) {
    ctx.log.error({ callingAe: ctx.callingAe, err: errorName(error) }, 'mpps n-create failed');
    return finish(response, {
      ok: false,
      status: MPPS_STATUS.processingFailure,
      comment: 'Processing failure',
    });
  }
}

export function handleNSet(request: NSetRequest, ctx: MppsContext): NSetResponse {
  const response = NSetResponse.fromRequest(request);
  try {
    const events = ctx.events;
    if (!events || request.getRequestedSopClassUid() !== UID.modalityPerformedProcedureStep)
      return finish(response, {
        ok: false,
        status: MPPS_STATUS.noSuchSopClass,
        comment: 'No such SOP class',
      });
    const uid = request.getRequestedSopInstanceUid()?.replace(/\0/g, '').trim() ?? '';
    const attributes = readSet(request.getDataset()?.getElements() ?? {});
    const result = attributes.ok ? setStep(events, { uid, attributes }) : attributes;
    ctx.log.info(
      {
        callingAe: ctx.callingAe,
        mppsInstanceUid: uid,
        requested: attributes.ok ? (attributes.status ?? 'IN PROGRESS') : undefined,
        status: hex(result.ok ? 0 : result.status),
        item: result.ok ? result.item : undefined,
        problem: result.ok ? undefined : result.comment,
      },
      'mpps n-set',
    );
    return finish(response, result);
  } catch (error) {
    ctx.log.error({ callingAe: ctx.callingAe, err: errorName(error) }, 'mpps n-set failed');
    return finish(response, {
      ok: false,
      status: MPPS_STATUS.processingFailure,
      comment: 'Processing failure',
    });
  }
}

/** Error class and code only: messages from parsers can quote the data they choked on. */
export function errorName(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${error.name}:${code}` : error.name;
}
