/**
 * The words both ends of the wire agree on: message types, where a delivery can fail, and the gateway
 * profiles a sender may speak. The app's staff labels for them live in src/shared/domain/message.ts.
 */
export const MESSAGE_TYPES = ['WORKLIST', 'FHIR', 'HL7v2'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export const GATEWAY_PROFILES = ['modality-link/1', 'nhs-gateway/1', 'poc-five'] as const;
export type GatewayProfile = (typeof GATEWAY_PROFILES)[number];

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
