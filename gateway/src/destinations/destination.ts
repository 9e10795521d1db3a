import type { WireActionType } from '../../../src/shared/protocol';

/**
 * The seam between the gateway core (relay, inbox, sessions) and hospital systems. The core stores an
 * action durably, replies, and then hands it to the destination named in the action; the destination
 * reports an outcome that goes back to the app as a `delivery.outcome` event.
 */
export interface DeliveryRequest {
  actionId: string;
  actionType: WireActionType;
  /** The action's validated `parameters`. */
  parameters: Record<string, unknown>;
  destination: string;
  /** 1 on the first try; the core retries `failed` + `retryable` outcomes with backoff. */
  attempt: number;
}

export type DeliveryResult =
  | { outcome: 'delivered'; message?: string }
  /** The destination refused it (HL7 AE/AR, HTTP 4xx): sending it again will not help. */
  | { outcome: 'rejected'; message: string }
  | { outcome: 'failed'; message: string; retryable: boolean };

export interface DestinationCheck {
  ok: boolean;
  message: string;
}

export interface Destination {
  readonly name: string;
  readonly kind: 'worklist' | 'fhir' | 'hl7-mllp' | 'file';
  deliver(request: DeliveryRequest): Promise<DeliveryResult>;
  /** Reachability for `check` and the health action: connect, never send patient data. */
  check(): Promise<DestinationCheck>;
  close(): Promise<void>;
}
