import type { Logger } from 'pino';
import { errorName } from '../mpps/mpps-dimse';
import { dimse, type DimseAssociation } from './dimse';

const { RejectReason, RejectResult, RejectSource } = dimse.constants;

export interface AssociationGate {
  /** Our AE title; associations calling any other are refused. */
  calledAe: string;
  /** When set, only these calling AE titles are admitted. */
  allowedCallingAes: ReadonlySet<string> | undefined;
  log: Logger;
  /** `mwl` or `storage`: which service the log lines are about. */
  service: string;
  /** Accepts the presentation contexts this service supports; returns how many. */
  negotiate(association: DimseAssociation): number;
}

/** The gate of a service listening as `aeTitle`, admitting only `allowedCallingAeTitles` when given. */
export function associationGate(
  options: { aeTitle: string; allowedCallingAeTitles?: readonly string[]; log: Logger },
  service: string,
  negotiate: (association: DimseAssociation) => number,
): AssociationGate {
  const allowed = options.allowedCallingAeTitles;
  return {
    calledAe: options.aeTitle.trim(),
    allowedCallingAes: allowed && new Set(allowed.map((ae) => ae.trim())),
    log: options.log,
    service,
    negotiate,
  };
}

/** The replies an `Scp` sends; its own methods, passed in because they are protected. */
export interface AssociationReplies {
  accept(): void;
  reject(result: number, source: number, reason: number): void;
  /** Counts the association against the SCP's limit; false when the limit is reached. */
  claim(): boolean;
}

/**
 * One association-request policy for every SCP of the gateway: the called AE title must be ours, the
 * calling AE title must be allowed, the SCP must have room (else rejected-transient,
 * local-limit-exceeded, which a modality retries later), contexts are negotiated by the service, and any
 * failure is a transient rejection rather than an exception inside dcmjs-dimse. Returns the calling AE.
 */
export function admitAssociation(
  gate: AssociationGate,
  association: DimseAssociation,
  replies: AssociationReplies,
): string {
  let callingAe = '';
  try {
    callingAe = association.getCallingAeTitle().trim();
    const called = association.getCalledAeTitle().trim();
    const refuse = (reason: number, why: string, transient = false) => {
      gate.log.warn({ callingAe, calledAe: called, reason: why }, `${gate.service} association rejected`);
      if (transient) replies.reject(RejectResult.Transient, RejectSource.ServiceProviderPresentation, reason);
      else replies.reject(RejectResult.Permanent, RejectSource.ServiceUser, reason);
    };
    if (called !== gate.calledAe) {
      refuse(RejectReason.CalledAeNotRecognized, 'called AE title');
      return callingAe;
    }
    if (gate.allowedCallingAes && !gate.allowedCallingAes.has(callingAe)) {
      refuse(RejectReason.CallingAeNotRecognized, 'calling AE title not allowed');
      return callingAe;
    }
    if (!replies.claim()) {
      refuse(RejectReason.LocalLimitExceeded, 'association limit reached', true);
      return callingAe;
    }
    // A peer announcing 0 (no limit) would make dcmjs-dimse announce 0 back, inviting PDUs of any size;
    // we announce what the PDU guard enforces instead.
    const ourMax = dimse.Implementation.getMaxPduLength();
    const theirMax = association.getMaxPduLength();
    if (!(theirMax > 0 && theirMax <= ourMax)) association.setMaxPduLength(ourMax);
    const accepted = gate.negotiate(association);
    gate.log.info({ callingAe, acceptedContexts: accepted }, `${gate.service} association accepted`);
    replies.accept();
  } catch (error) {
    gate.log.error({ callingAe, err: errorName(error) }, `${gate.service} association failed`);
    replies.reject(RejectResult.Transient, RejectSource.ServiceUser, RejectReason.NoReasonGiven);
  }
  return callingAe;
}
