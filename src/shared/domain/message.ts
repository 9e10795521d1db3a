/** Outbox vocabulary shared by main, renderer and (later) the wire protocol. */
export const MESSAGE_TYPES = ['WORKLIST', 'FHIR', 'HL7v2'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

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

/** Where a delivery failed: every error names one, so staff and IT can tell faults apart. */
export const FAILING_PHASES = [
  'relay_unreachable',
  'credentials_rejected',
  'gateway_offline',
  'send_failed',
  'ack_timeout',
  'rejected',
  'destination_failed',
] as const;
export type FailingPhase = (typeof FAILING_PHASES)[number];

export const GATEWAY_PROFILES = ['modality-link/1', 'nhs-gateway/1', 'poc-five'] as const;
export type GatewayProfile = (typeof GATEWAY_PROFILES)[number];

export interface GatewayRoute {
  messageType: MessageType;
  /** Destination name known to the gateway's allow-list, e.g. `mwl`, `trust-fhir`, `tie-hl7`. */
  destination: string;
}
