import type { ActionEnvelope, Reply } from 'modality-link-protocol';
import type { OutboxRow } from '../outbox/outbox-row';
import type { DeliveryFailure } from './delivery-failure';

/** An outbox message handed to its gateway's channel, as stored. */
export interface OutboxAction {
  messageId: string;
  row: OutboxRow;
}

/** An action made on the spot in the envelope's vocabulary: "Test connection", the rehearsal's steps. */
export interface EnvelopeAction {
  messageId: string;
  envelope: ActionEnvelope;
}

/**
 * What the app hands a gateway's channel. The channel's profile turns it into that profile's frame
 * (ADR 0030), so only the shape the gateway speaks is ever built.
 */
export type OutgoingAction = OutboxAction | EnvelopeAction;

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

/**
 * The dispatcher's only view of a gateway: send actions, see the connection state, close. `send`
 * throws (a `DeliveryFailure`) when the action cannot be framed in the channel's profile at all.
 */
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
