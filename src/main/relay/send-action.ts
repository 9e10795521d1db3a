import { replyMismatch, type Reply } from 'modality-link-protocol';
import { DeliveryFailure } from './delivery-failure';
import type { EnvelopeAction, GatewayChannel } from './gateway-channel';

/** What one action sent straight through a channel came to: the reply and its round trip, or why not. */
export interface ActionResult {
  reply: Reply | null;
  roundTripMs: number | null;
  failure: DeliveryFailure | null;
}

/**
 * Sends one action straight through a gateway's channel (never the outbox) and resolves with its reply
 * and round trip; never rejects. An error reply is the gateway's answer and is returned as such; any
 * other reply must confirm this action (else a `rejected` failure naming the mismatch). Used by "Test
 * connection" and the pre-clinic rehearsal, which must see the gateway answer now, not in a retry.
 */
export function sendActionNow(
  channel: GatewayChannel,
  action: EnvelopeAction,
  profile = 'modality-link/1',
): Promise<ActionResult> {
  const { envelope } = action;
  return new Promise((resolve) => {
    let writtenAt = 0;
    try {
      channel.send(action, {
        written: (at) => (writtenAt = at.getTime()),
        replied: (reply, at) => {
          const roundTripMs = writtenAt ? at.getTime() - writtenAt : null;
          const mismatch =
            reply.status === 'error'
              ? null
              : replyMismatch(
                  { actionId: envelope.action_id, actionType: envelope.action_type },
                  reply,
                  profile,
                );
          resolve(
            mismatch
              ? { reply, roundTripMs, failure: new DeliveryFailure('rejected', mismatch) }
              : { reply, roundTripMs, failure: null },
          );
        },
        failed: (failure) => resolve({ reply: null, roundTripMs: null, failure }),
      });
    } catch (error) {
      const failure =
        error instanceof DeliveryFailure
          ? error
          : new DeliveryFailure('send_failed', (error as Error).message);
      resolve({ reply: null, roundTripMs: null, failure });
    }
  });
}
