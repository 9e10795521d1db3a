import type { WireActionType } from 'modality-link-protocol';
import type { DeliveryFailure } from './delivery-faults';

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
  /** 1 on the first try; the core retries transient faults with backoff, without limit. */
  attempt: number;
}

/**
 * Delivered, or a failure built by `deliveryFailure(fault, message)`: the adapter names the fault, the
 * table in delivery-faults.ts decides whether it is retried (ADR 0014).
 */
export type DeliveryResult = { outcome: 'delivered'; message?: string } | DeliveryFailure;

export interface DestinationCheck {
  ok: boolean;
  message: string;
}

export interface Destination {
  readonly name: string;
  readonly kind: 'worklist' | 'fhir' | 'hl7-mllp' | 'file';
  deliver(request: DeliveryRequest): Promise<DeliveryResult>;
  /**
   * Start-up work before the first delivery (a file drop creates its folder and removes temp files a
   * crash left). Resolves to a line for the log and `check`; throws an error naming the destination
   * and what failed. `check` passes `removeLeftovers: false`: it may run beside a live gateway, whose
   * writes in progress look exactly like leftovers.
   */
  prepare?(options?: { removeLeftovers?: boolean }): Promise<string>;
  /** Reachability for `check` and the health action: connect, never send patient data. */
  check(): Promise<DestinationCheck>;
  close(): Promise<void>;
}
