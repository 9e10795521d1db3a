/** Outbox vocabulary shared by main and renderer; the words on the wire come from the protocol package. */
import type { MessageType } from 'modality-link-protocol';

export {
  FAILING_PHASES,
  GATEWAY_PROFILES,
  MESSAGE_TYPES,
  type FailingPhase,
  type GatewayProfile,
  type MessageType,
} from 'modality-link-protocol';

/**
 * What each message type is, in staff words. The codes (WORKLIST, FHIR, HL7v2) are for logs, the
 * gateway and IT, and appear only on a message's own technical page.
 */
export const MESSAGE_TYPE_NAMES: Record<MessageType, string> = {
  WORKLIST: 'Mammography worklist',
  FHIR: 'Hospital records (FHIR)',
  HL7v2: 'Radiology system (HL7)',
};

export const ACTION_TYPES = ['worklist.create_item', 'worklist.update_status', 'message.deliver'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export const MESSAGE_STATUSES = [
  'queued',
  'sending',
  'delivered',
  'confirmed',
  'retry_wait',
  'failed',
  'expired',
  'cancelled',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const MESSAGE_STATUS_LABELS: Record<MessageStatus, string> = {
  queued: 'Queued',
  sending: 'Sending',
  delivered: 'Delivered',
  confirmed: 'Confirmed',
  retry_wait: 'Waiting to retry',
  failed: 'Failed',
  expired: 'Expired',
  cancelled: 'Cancelled',
};

export interface GatewayRoute {
  messageType: MessageType;
  /** Destination name known to the gateway's allow-list, e.g. `mwl`, `trust-fhir`, `tie-hl7`. */
  destination: string;
}
