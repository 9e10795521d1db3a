import type { GatewayEvent, GatewayProfile } from 'modality-link-protocol';
import type { Logger } from '../logger';
import type { SecretStore } from '../secrets/secret-store';
import type { GatewayRow } from '../services/gateways/gateways';
import type { DeliveryFailure } from './delivery-failure';
import type { ChannelState, GatewayChannel, OutgoingAction } from './gateway-channel';
import type { WorkstationIdentity } from './workstation-identity';

/** What the app gives every profile's channels: credentials, identity, the log and where events go. */
export interface ChannelDeps {
  secrets: SecretStore;
  identity: WorkstationIdentity;
  log: Logger;
  connectTimeoutMs: number;
  now?: () => Date;
  applyEvents(gatewayId: string, events: GatewayEvent[]): string[];
  /** True while the gateway may have events for us, so its session should stay open. */
  expectsEvents?(gatewayId: string): boolean;
  onStateChange?(gatewayId: string, state: ChannelState, failure?: DeliveryFailure): void;
}

/**
 * What one gateway profile supplies (ADR 0030): how an action becomes its frame and how a channel to a
 * gateway speaking it is made. `modality-link/1` is the core's (`modality-link-wire.ts`); the
 * compatibility profiles live in `src/main/compat/` and add how their one reply is read.
 */
export interface GatewayProfileWire<Frame = unknown> {
  readonly profile: GatewayProfile;
  /** The action as this profile's frame; throws a `DeliveryFailure` when the profile cannot carry it. */
  frame(action: OutgoingAction): Frame;
  createChannel(gateway: GatewayRow, deps: ChannelDeps): GatewayChannel;
}
