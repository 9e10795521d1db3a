import type { ActionEnvelope } from 'modality-link-protocol';
import { envelopeOf } from '../outbox/envelope';
import type { GatewayProfileWire } from './gateway-profile-wire';
import { ModalityLinkChannel } from './modality-link-channel';
import { relayEndpoint } from './relay-endpoint';

/**
 * `modality-link/1`, the core protocol: each action is an envelope, sent in signed batches over one
 * long-lived session per gateway; replies and events arrive as verified session frames.
 */
export const modalityLinkWire: GatewayProfileWire<ActionEnvelope> = {
  profile: 'modality-link/1',
  frame: envelopeOf,
  createChannel: (gateway, deps) =>
    new ModalityLinkChannel({
      gatewayName: gateway.name,
      endpoint: relayEndpoint(gateway, deps.secrets, {
        profile: 'modality-link/1',
        workstation: deps.identity.workstationId,
      }),
      identity: deps.identity,
      gatewayPublicKey: gateway.gatewayPublicKey,
      ackTimeoutMs: gateway.ackTimeoutSeconds * 1000,
      connectTimeoutMs: deps.connectTimeoutMs,
      log: deps.log.child({ gatewayId: gateway.id }),
      ...(deps.now ? { now: deps.now } : {}),
      onEvents: (events) => deps.applyEvents(gateway.id, events),
      wantOpen: () => deps.expectsEvents?.(gateway.id) ?? false,
      onStateChange: (state, failure) => deps.onStateChange?.(gateway.id, state, failure),
    }),
};
