import { pocFiveReplySchema, replySchema, type Reply } from 'modality-link-protocol';
import type { Logger } from '../logger';
import { DeliveryFailure } from './delivery-failure';
import type { ChannelState, GatewayChannel, OutgoingAction, SendCallbacks } from './gateway-channel';
import { messageText, openRelaySocket } from './open-relay-socket';
import type { RelayEndpoint } from './relay-endpoint';

/**
 * `nhs-gateway/1` and `poc-five`: one connection per action, one JSON request, one JSON reply, as the
 * production gateway and the seed's listener expect. Unsigned: those peers cannot verify signatures.
 */
export function createSingleShotChannel(options: {
  profile: 'nhs-gateway/1' | 'poc-five';
  gatewayName: string;
  endpoint: RelayEndpoint;
  ackTimeoutMs: number;
  connectTimeoutMs: number;
  log: Logger;
}): GatewayChannel {
  const { profile, gatewayName } = options;
  let open = 0;
  let closed = false;

  const parseReply = (text: string, messageId: string): Reply | DeliveryFailure => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return new DeliveryFailure('rejected', `The gateway's reply is not JSON.`);
    }
    if (profile === 'poc-five') {
      const poc = pocFiveReplySchema.safeParse(json);
      if (poc.success && poc.data.message_id === messageId)
        return { status: 'accepted', action_id: messageId };
      const error = replySchema.safeParse(json);
      if (error.success && error.data.status === 'error') return error.data;
      return new DeliveryFailure(
        'rejected',
        `The gateway's reply is not a processed confirmation for this message.`,
      );
    }
    const reply = replySchema.safeParse(json);
    return reply.success
      ? reply.data
      : new DeliveryFailure('rejected', `The gateway's reply is not one the production protocol defines.`);
  };

  return {
    get state(): ChannelState {
      return closed ? 'closed' : open > 0 ? 'ready' : 'idle';
    },
    send(action: OutgoingAction, callbacks: SendCallbacks) {
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        fn();
      };
      open++;
      openRelaySocket(options.endpoint, gatewayName, options.connectTimeoutMs).then(
        (socket) => {
          let finished = false;
          const finish = () => {
            if (finished) return;
            finished = true;
            clearTimeout(timer);
            open--;
            socket.close();
          };
          const timer = setTimeout(() => {
            settle(() =>
              callbacks.failed(
                new DeliveryFailure(
                  'ack_timeout',
                  `The gateway "${gatewayName}" did not reply within ${Math.round(options.ackTimeoutMs / 1000)} s.`,
                ),
              ),
            );
            finish();
          }, options.ackTimeoutMs);
          socket.on('message', (data) => {
            const reply = parseReply(messageText(data), action.messageId);
            settle(() =>
              reply instanceof DeliveryFailure
                ? callbacks.failed(reply)
                : callbacks.replied(reply, new Date()),
            );
            finish();
          });
          socket.on('close', () => {
            settle(() =>
              callbacks.failed(
                new DeliveryFailure(
                  'send_failed',
                  `The gateway "${gatewayName}" closed the connection without replying.`,
                ),
              ),
            );
            finish();
          });
          const body = JSON.stringify(profile === 'poc-five' ? action.pocFive : action.envelope);
          socket.send(body, (error) => {
            if (error) {
              settle(() =>
                callbacks.failed(
                  new DeliveryFailure('send_failed', `Writing to the relay failed: ${error.message}`),
                ),
              );
              finish();
            } else if (!settled) callbacks.written(new Date());
          });
        },
        (failure: DeliveryFailure) => {
          open--;
          settle(() => callbacks.failed(failure));
        },
      );
    },
    connectOnly: () =>
      openRelaySocket(options.endpoint, gatewayName, options.connectTimeoutMs).then(
        (socket) => {
          socket.close();
          return null;
        },
        (failure: DeliveryFailure) => failure,
      ),
    close: async () => {
      closed = true;
    },
  };
}
