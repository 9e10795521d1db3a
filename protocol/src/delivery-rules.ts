import type { FailingPhase } from './vocabulary';
import type { Reply, WireActionType } from './actions';

/**
 * Which delivery faults are worth another attempt. One table for every phase and every reply the
 * gateways send, so the dispatcher never decides ad hoc. A transient fault is retried for as long as
 * the appointment can still be imaged; a permanent one stops at once and is shown to staff, because
 * sending the same bytes again cannot change the answer.
 */
export type Transience = 'transient' | 'permanent';

export interface Classified {
  transience: Transience;
  /** Why, in words for the message detail view. */
  because: string;
}

/** Faults found before or instead of a reply: all transient, since the far end never judged the message. */
export const PHASE_TRANSIENCE: Record<Exclude<FailingPhase, 'rejected'>, Classified> = {
  relay_unreachable: { transience: 'transient', because: 'the relay could not be reached' },
  // A wrong or expired key is fixed by an administrator; the message must then go without anyone resending it.
  credentials_rejected: { transience: 'transient', because: 'the relay key can be corrected' },
  gateway_offline: { transience: 'transient', because: 'the gateway may come back' },
  send_failed: { transience: 'transient', because: 'the connection broke while sending' },
  ack_timeout: { transience: 'transient', because: 'the gateway did not answer in time' },
  // Reported by the gateway after it confirmed the message; it retries transient destination faults itself.
  destination_failed: { transience: 'permanent', because: 'the gateway gave up at the destination' },
};

/**
 * `modality-link/1` error codes (replies and session error frames). A code missing here falls back to
 * the reply's own `retryable` flag, and to permanent when it has none.
 */
export const REPLY_CODE_TRANSIENCE: Record<string, Classified> = {
  invalid_parameters: { transience: 'permanent', because: 'the gateway found the content invalid' },
  not_allowed: { transience: 'permanent', because: "the destination is not on the gateway's allow-list" },
  unsupported: { transience: 'permanent', because: 'the gateway does not support this action' },
  unsupported_profile: { transience: 'permanent', because: 'the gateway does not serve this protocol' },
  unsupported_version: { transience: 'permanent', because: 'the gateway does not speak this version' },
  bad_frame: { transience: 'permanent', because: 'the gateway could not read the message' },
  frame_too_large: { transience: 'permanent', because: 'the message is larger than the gateway accepts' },
  // The update can arrive before its create (another route, a resend): the create settles it.
  update_refused: { transience: 'transient', because: 'the worklist item may not have arrived yet' },
  // Enrolment and clock faults are fixed by IT; the message must then go by itself.
  unknown_key: { transience: 'transient', because: 'this workstation is not enrolled at the gateway yet' },
  bad_signature: { transience: 'transient', because: 'the gateway could not verify the signature' },
  stale: { transience: 'transient', because: "the workstation's and gateway's clocks disagree" },
  not_ready: { transience: 'transient', because: 'the gateway session was not ready' },
  internal: { transience: 'transient', because: 'the gateway had an internal fault' },
};

/**
 * `nhs-gateway/1` error replies carry only a message. These are the production gateway's documented
 * cases; all are permanent, and so is anything unrecognised: shown to staff, never retried blindly.
 */
export const PRODUCTION_ERROR_PATTERNS: ReadonlyArray<{ pattern: RegExp; classified: Classified }> = [
  {
    pattern: /^unsupported action/i,
    classified: { transience: 'permanent', because: 'the gateway does not support this action' },
  },
  {
    pattern: /^missing key/i,
    classified: { transience: 'permanent', because: 'the gateway found a required field missing' },
  },
  {
    pattern: /invalid (\w+ )?transition|cannot (move|transition)/i,
    classified: { transience: 'permanent', because: 'the worklist item is in a state that forbids this' },
  },
  {
    pattern: /not found/i,
    classified: { transience: 'permanent', because: 'the gateway has no such worklist item' },
  },
];

const UNRECOGNISED: Classified = {
  transience: 'permanent',
  because: 'the gateway gave an error this app does not recognise',
};

/** Classifies an error reply (`status: "error"`) under the profile that carried it. */
export function classifyErrorReply(reply: Extract<Reply, { status: 'error' }>, profile: string): Classified {
  if (profile === 'nhs-gateway/1' && reply.code === undefined) {
    return PRODUCTION_ERROR_PATTERNS.find((p) => p.pattern.test(reply.message))?.classified ?? UNRECOGNISED;
  }
  const byCode = reply.code ? REPLY_CODE_TRANSIENCE[reply.code] : undefined;
  if (byCode) return byCode;
  if (reply.retryable === true) return { transience: 'transient', because: 'the gateway said to retry' };
  return UNRECOGNISED;
}

/** The confirmation each action expects; `poc-five` confirms every message the same way. */
export function acceptedStatuses(actionType: WireActionType, profile: string): readonly Reply['status'][] {
  if (profile === 'poc-five') return ['accepted'];
  switch (actionType) {
    case 'worklist.create_item':
    case 'worklist.create_test_item':
      return ['created', 'exists'];
    case 'worklist.update_status':
      return ['updated'];
    case 'message.deliver':
      return ['accepted'];
    case 'echo':
      return ['echo'];
    case 'health':
      return ['ok'];
    case 'worklist.verify_item':
      return ['verified'];
    case 'worklist.remove_test_item':
      return ['removed'];
  }
}

export interface SentAction {
  actionId: string;
  actionType: WireActionType;
  /** For `worklist.update_status`, whose production reply names the item instead of the action. */
  accessionNumber?: string | null;
}

/**
 * Whether a non-error reply proves what it claims about this action: the right action and a status
 * that fits it. Returns the mismatch in words, or null when the reply confirms the action.
 */
export function replyMismatch(sent: SentAction, reply: Reply, profile: string): string | null {
  const expected = acceptedStatuses(sent.actionType, profile);
  if (!expected.includes(reply.status)) {
    return `The gateway answered "${reply.status}" to ${sent.actionType}, which expects ${expected
      .map((s) => `"${s}"`)
      .join(' or ')}.`;
  }
  const claimed = repliedActionId(reply);
  if (claimed !== undefined) {
    return claimed === sent.actionId
      ? null
      : `The gateway's reply is for another action (${claimed}), not ${sent.actionId}.`;
  }
  // Production's update reply names the accession number instead of the action.
  if (reply.status === 'updated' && sent.accessionNumber) {
    return reply.accession_number === sent.accessionNumber
      ? null
      : 'The gateway confirmed an update for a different accession number.';
  }
  return `The gateway's "${reply.status}" reply does not say which action it confirms.`;
}

function repliedActionId(reply: Reply): string | undefined {
  if (reply.status === 'echo') {
    const payload = reply.payload as { action_id?: unknown } | null | undefined;
    return typeof payload?.action_id === 'string' ? payload.action_id : undefined;
  }
  return 'action_id' in reply && typeof reply.action_id === 'string' ? reply.action_id : undefined;
}
