import type { GatewayProfile } from 'modality-link-protocol';
import { nhsGatewayWire } from '../compat/nhs-gateway-wire';
import { pocFiveWire } from '../compat/poc-five-wire';
import type { GatewayRow } from '../services/gateways/gateways';
import type { GatewayChannel } from './gateway-channel';
import type { ChannelDeps, GatewayProfileWire } from './gateway-profile-wire';
import { modalityLinkWire } from './modality-link-wire';

export interface ChannelFactory {
  create(gateway: GatewayRow): GatewayChannel;
}

/**
 * Each profile's wire (ADR 0030): the core protocol and the compatibility ones. A `Record` over every
 * profile makes a new profile without a wire a compile error.
 */
const WIRES: Record<GatewayProfile, GatewayProfileWire> = {
  'modality-link/1': modalityLinkWire,
  'nhs-gateway/1': nhsGatewayWire,
  'poc-five': pocFiveWire,
};

/** Makes each gateway's channel with its profile's wire. */
export function relayChannelFactory(
  options: Omit<ChannelDeps, 'connectTimeoutMs'> & { connectTimeoutMs?: number },
): ChannelFactory {
  const deps: ChannelDeps = { ...options, connectTimeoutMs: options.connectTimeoutMs ?? 35_000 };
  return {
    create(gateway) {
      const wire = WIRES[gateway.profile] as GatewayProfileWire | undefined;
      if (!wire) throw new Error(`Unknown gateway profile ${String(gateway.profile)}`);
      return wire.createChannel(gateway, deps);
    },
  };
}
