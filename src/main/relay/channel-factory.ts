import type { GatewayEvent } from 'modality-link-protocol';
import type { Logger } from '../logger';
import type { SecretStore } from '../secrets/secret-store';
import type { GatewayRow } from '../services/gateways/gateways';
import type { ChannelState, GatewayChannel } from './gateway-channel';
import type { DeliveryFailure } from './delivery-failure';
import { ModalityLinkChannel } from './modality-link-channel';
import { relayEndpoint } from './relay-endpoint';
import { createSingleShotChannel } from './single-shot-channel';
import type { WorkstationIdentity } from './workstation-identity';

export interface ChannelFactory {
  create(gateway: GatewayRow): GatewayChannel;
}

/** Picks the channel for a gateway's protocol profile; the `switch` is exhaustive over profiles. */
export function relayChannelFactory(options: {
  secrets: SecretStore;
  identity: WorkstationIdentity;
  log: Logger;
  connectTimeoutMs?: number;
  now?: () => Date;
  applyEvents(gatewayId: string, events: GatewayEvent[]): string[];
  /** True while the gateway may have events for us, so its session should stay open. */
  expectsEvents?(gatewayId: string): boolean;
  onStateChange?(gatewayId: string, state: ChannelState, failure?: DeliveryFailure): void;
}): ChannelFactory {
  const connectTimeoutMs = options.connectTimeoutMs ?? 35_000;
  return {
    create(gateway) {
      const ackTimeoutMs = gateway.ackTimeoutSeconds * 1000;
      const log = options.log.child({ gatewayId: gateway.id });
      switch (gateway.profile) {
        case 'modality-link/1':
          return new ModalityLinkChannel({
            gatewayName: gateway.name,
            endpoint: relayEndpoint(gateway, options.secrets, {
              profile: 'modality-link/1',
              workstation: options.identity.workstationId,
            }),
            identity: options.identity,
            gatewayPublicKey: gateway.gatewayPublicKey,
            ackTimeoutMs,
            connectTimeoutMs,
            log,
            ...(options.now ? { now: options.now } : {}),
            onEvents: (events) => options.applyEvents(gateway.id, events),
            wantOpen: () => options.expectsEvents?.(gateway.id) ?? false,
            onStateChange: (state, failure) => options.onStateChange?.(gateway.id, state, failure),
          });
        case 'nhs-gateway/1':
        case 'poc-five':
          return createSingleShotChannel({
            profile: gateway.profile,
            gatewayName: gateway.name,
            endpoint: relayEndpoint(gateway, options.secrets, { profile: gateway.profile }),
            ackTimeoutMs,
            connectTimeoutMs,
            log,
          });
        default: {
          const unknown: never = gateway.profile;
          throw new Error(`Unknown gateway profile ${String(unknown)}`);
        }
      }
    },
  };
}
