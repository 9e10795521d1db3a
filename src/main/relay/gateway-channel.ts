import type { ActionEnvelope, PocFiveMessage, Reply } from 'modality-link-protocol';
import type { DeliveryFailure } from './delivery-failure';

/** One outbox message as it goes on the wire, in each profile's shape. */
export interface OutgoingAction {
  messageId: string;
  envelope: ActionEnvelope;
  pocFive: PocFiveMessage;
}

/**
 * How a channel reports one action: `written` at most once (the frame reached the relay), then exactly
 * one of `replied` or `failed`.
 */
export interface SendCallbacks {
  written(at: Date): void;
  replied(reply: Reply, at: Date): void;
  failed(failure: DeliveryFailure): void;
}

export type ChannelState = 'idle' | 'connecting' | 'ready' | 'closed';

/** The dispatcher's only view of a gateway: send actions, see the connection state, close. */
export interface GatewayChannel {
  readonly state: ChannelState;
  send(action: OutgoingAction, callbacks: SendCallbacks): void;
  /** Persistent channels open (and keep open) their session; one-shot channels have nothing to do. */
  ensureOpen?(): void;
  /**
   * Opens one connection through the relay to the gateway and closes it without sending anything;
   * null when the gateway's listener took it. For peers with no echo (`poc-five`).
   */
  connectOnly?(): Promise<DeliveryFailure | null>;
  close(): Promise<void>;
}
