import {
  randomUUID,
  replyMismatch,
  SCHEMA_VERSION,
  SOURCE_SYSTEM,
  type ActionEnvelope,
  type Reply,
} from '../../shared/protocol';
import { DeliveryFailure } from './delivery-failure';
import type { GatewayChannel } from './gateway-channel';

export interface ProbeResult {
  reply: Reply | null;
  roundTripMs: number | null;
  failure: DeliveryFailure | null;
}

/**
 * `echo` and `health` are actions the gateway answers; `connect` only opens a connection through the
 * relay and closes it, sending nothing, for a peer that has neither (the seed's listener, `poc-five`).
 */
export type ProbeKind = 'echo' | 'health' | 'connect';

/**
 * Sends an `echo` or `health` action straight through a channel (never the outbox) and reports the
 * reply and the round trip: health proven by traffic, as "Test connection" needs.
 */
export function probeChannel(
  channel: GatewayChannel,
  kind: ProbeKind,
  now: Date,
  profile = 'modality-link/1',
): Promise<ProbeResult> {
  if (kind === 'connect') return connectOnly(channel);
  const actionType = kind;
  const id = randomUUID();
  const envelope: ActionEnvelope = {
    schema_version: SCHEMA_VERSION,
    action_id: id,
    action_type: actionType,
    timestamp: now.toISOString(),
    source_system: SOURCE_SYSTEM,
    parameters: actionType === 'echo' ? { payload: { probe: id } } : {},
  };
  return new Promise((resolve) => {
    let writtenAt = 0;
    try {
      channel.send(
        {
          messageId: id,
          envelope,
          pocFive: { message_id: id, type: 'echo', payload: { probe: id }, destination: 'echo' },
        },
        {
          written: (at) => (writtenAt = at.getTime()),
          replied: (reply, at) => {
            const roundTripMs = writtenAt ? at.getTime() - writtenAt : null;
            // An error reply is the gateway's answer and is shown as such; any other reply must fit.
            const mismatch =
              reply.status === 'error' ? null : replyMismatch({ actionId: id, actionType }, reply, profile);
            resolve(
              mismatch
                ? { reply, roundTripMs, failure: new DeliveryFailure('rejected', mismatch) }
                : { reply, roundTripMs, failure: null },
            );
          },
          failed: (failure) => resolve({ reply: null, roundTripMs: null, failure }),
        },
      );
    } catch (error) {
      const failure =
        error instanceof DeliveryFailure
          ? error
          : new DeliveryFailure('send_failed', (error as Error).message);
      resolve({ reply: null, roundTripMs: null, failure });
    }
  });
}

async function connectOnly(channel: GatewayChannel): Promise<ProbeResult> {
  if (!channel.connectOnly) {
    const failure = new DeliveryFailure('send_failed', 'This protocol has no connection-only check.');
    return { reply: null, roundTripMs: null, failure };
  }
  const started = performance.now();
  const failure = await channel.connectOnly();
  return failure
    ? { reply: null, roundTripMs: null, failure }
    : { reply: null, roundTripMs: performance.now() - started, failure: null };
}
