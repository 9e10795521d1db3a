import type { Reply } from 'modality-link-protocol';
import { DEFAULT_BACKOFF } from '../src/main/outbox/backoff';
import { createLogger } from '../src/main/logger';
import { buildMessage } from '../src/main/outbox/build-message';
import type { OrderContext } from '../src/main/outbox/builders';
import { toOutgoingAction } from '../src/main/outbox/envelope';
import type { OutboxRow } from '../src/main/outbox/outbox-row';
import type { ClaimedMessage, Settlement } from '../src/main/outbox/outbox-store';
import { settleReply } from '../src/main/outbox/settle-policy';
import type { DeliveryFailure } from '../src/main/relay/delivery-failure';
import type { GatewayChannel } from '../src/main/relay/gateway-channel';
import { createOneShotChannel } from '../src/main/compat/one-shot-channel';
import { nhsGatewayWire } from '../src/main/compat/nhs-gateway-wire';
import { pocFiveWire } from '../src/main/compat/poc-five-wire';
import type { ScriptedPeer } from './scripted-peer';

/**
 * The app's half of a golden-frame exchange: an outbox row built by the real builders, framed by the
 * real profile wire, sent by the real one-shot channel through the relay to a scripted peer, and the
 * reply settled by the real policy.
 */
export function oneShotChannel(peer: ScriptedPeer, profile: 'nhs-gateway/1' | 'poc-five'): GatewayChannel {
  return createOneShotChannel({
    wire: profile === 'poc-five' ? pocFiveWire : nhsGatewayWire,
    gatewayName: 'Peer',
    endpoint: peer.endpoint(profile),
    ackTimeoutMs: 5_000,
    connectTimeoutMs: 5_000,
    log: createLogger({ level: 'silent' }),
  });
}

/** An outbox row as "Send to modality" stores it, from the real builder for its type. */
export function builtRow(ctx: OrderContext, type: OutboxRow['type'], destination: string): ClaimedMessage {
  const built = buildMessage(type, ctx);
  return {
    id: ctx.messageId,
    type,
    actionType: built.actionType,
    payload: built.payload,
    destination,
    appointmentId: ctx.appointment.id,
    participantId: ctx.participant.id,
    createdAt: ctx.createdAt,
    accessionNumber: ctx.accessionNumber,
    gatewayId: 'gateway-peer',
    attempts: 1,
    clinicDayEndsAt: null,
  };
}

export type Outcome = { reply: Reply; settlement: Settlement } | { failure: DeliveryFailure };

/** Sends one row and settles the peer's answer as the dispatcher would. */
export function exchange(
  channel: GatewayChannel,
  row: ClaimedMessage,
  profile: 'nhs-gateway/1' | 'poc-five',
): Promise<Outcome> {
  const now = new Date('2026-12-04T10:00:00.000Z');
  return new Promise((resolve) =>
    channel.send(toOutgoingAction(row), {
      written: () => undefined,
      replied: (reply) =>
        resolve({ reply, settlement: settleReply({ backoff: DEFAULT_BACKOFF }, row, profile, reply, now) }),
      failed: (failure) => resolve({ failure }),
    }),
  );
}
