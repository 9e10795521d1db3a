import {
  classifyErrorReply,
  PHASE_TRANSIENCE,
  replyMismatch,
  type Reply,
  type Transience,
} from 'modality-link-protocol';
import type { FailingPhase } from '#shared/domain/message';
import type { DeliveryFailure } from '../relay/delivery-failure';
import { backoffDelay, type BackoffPolicy } from './backoff';
import type { ClaimedMessage, Settlement } from './outbox-store';

/**
 * What one attempt's answer means for a message: confirmed, retried, failed for good, or expired.
 * Every decision goes through the transient/permanent table in `protocol/src/delivery-rules.ts`;
 * attempts only stretch the delay.
 */
export interface SettlePolicy {
  backoff: BackoffPolicy;
  random?: () => number;
}

export function settleReply(
  policy: SettlePolicy,
  message: ClaimedMessage,
  profile: string,
  reply: Reply,
  now: Date,
): Settlement {
  if (reply.status === 'error') {
    const { transience } = classifyErrorReply(reply, profile);
    return settleFault(policy, message, now, {
      phase: 'rejected',
      error: `The gateway rejected it: ${reply.message}`,
      transience,
    });
  }
  const mismatch = replyMismatch(
    {
      actionId: message.id,
      actionType: message.actionType,
      accessionNumber: message.accessionNumber,
    },
    reply,
    profile,
  );
  if (mismatch) {
    // The message stays unconfirmed; sending it again is harmless (the gateway deduplicates by id).
    return settleFault(policy, message, now, { phase: 'rejected', error: mismatch, transience: 'transient' });
  }
  return { id: message.id, kind: 'confirmed', at: now.toISOString(), reply };
}

export function settleFailure(
  policy: SettlePolicy,
  message: ClaimedMessage,
  failure: DeliveryFailure,
  now: Date,
): Settlement {
  // A channel marks what cannot succeed again (the gateway was removed); the table decides the rest.
  const transience: Transience = !failure.retryable
    ? 'permanent'
    : failure.phase === 'rejected'
      ? 'transient'
      : PHASE_TRANSIENCE[failure.phase].transience;
  return settleFault(policy, message, now, { phase: failure.phase, error: failure.message, transience });
}

function settleFault(
  policy: SettlePolicy,
  message: ClaimedMessage,
  now: Date,
  fault: { phase: FailingPhase; error: string; transience: Transience },
): Settlement {
  const at = now.toISOString();
  const { phase, error } = fault;
  if (fault.transience === 'permanent') return { id: message.id, kind: 'failed', at, phase, error };
  const dayEnd = message.clinicDayEndsAt ? Date.parse(message.clinicDayEndsAt) : undefined;
  if (dayEnd !== undefined && now.getTime() >= dayEnd + policy.backoff.expiresAfterDayMs) {
    return {
      id: message.id,
      kind: 'expired',
      at,
      phase,
      error: `The clinic day is over and it could not be delivered in time: ${error}`,
    };
  }
  const delay = backoffDelay(policy.backoff, message.attempts, {
    ...(policy.random ? { random: policy.random } : {}),
    clinicDayOver: dayEnd !== undefined && now.getTime() >= dayEnd,
  });
  return {
    id: message.id,
    kind: 'retry',
    at,
    nextAttemptAt: new Date(now.getTime() + delay).toISOString(),
    phase,
    error,
  };
}
