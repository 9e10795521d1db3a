import type { Reply } from 'modality-link-protocol';
import { DeliveryFailure } from '../relay/delivery-failure';
import type { ChannelState, GatewayChannel, OutgoingAction, SendCallbacks } from '../relay/gateway-channel';
import type { GatewayProfileWire } from '../relay/gateway-profile-wire';
import type { Logger } from '../logger';
import { messageText, openRelaySocket } from '../relay/open-relay-socket';
import { relayEndpoint, type RelayEndpoint } from '../relay/relay-endpoint';

/**
 * A compatibility profile whose peer takes one JSON request per connection and answers with one JSON
 * reply: `nhs-gateway/1` (the production gateway) and `poc-five` (the seed's listener). Unsigned:
 * those peers cannot verify signatures.
 */
export interface OneShotWire extends GatewayProfileWire<string> {
  readonly profile: 'nhs-gateway/1' | 'poc-five';
  /** The peer's reply (already parsed JSON) read for the action `messageId`. */
  readReply(json: unknown, messageId: string): Reply | DeliveryFailure;
}

/** A one-shot profile from its frame and reply reader; its channels are all made the same way. */
export function oneShotWire(spec: Omit<OneShotWire, 'createChannel'>): OneShotWire {
  const wire: OneShotWire = {
    ...spec,
    // The endpoint names the profile, so the gateway knows which shape to expect.
    createChannel: (gateway, deps) =>
      createOneShotChannel({
        wire,
        gatewayName: gateway.name,
        endpoint: relayEndpoint(gateway, deps.secrets, { profile: spec.profile }),
        ackTimeoutMs: gateway.ackTimeoutSeconds * 1000,
        connectTimeoutMs: deps.connectTimeoutMs,
        log: deps.log.child({ gatewayId: gateway.id }),
      }),
  };
  return wire;
}

/** One connection per action: the frame goes out, the one reply settles it, the connection closes. */
export function createOneShotChannel(options: {
  wire: Pick<OneShotWire, 'frame' | 'readReply'>;
  gatewayName: string;
  endpoint: RelayEndpoint;
  ackTimeoutMs: number;
  connectTimeoutMs: number;
  log: Logger;
}): GatewayChannel {
  const { wire, gatewayName } = options;
  let open = 0;
  let closed = false;

  const parseReply = (text: string, messageId: string): Reply | DeliveryFailure => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return new DeliveryFailure('rejected', `The gateway's reply is not JSON.`);
    }
    return wire.readReply(json, messageId);
  };

  return {
    get state(): ChannelState {
      return closed ? 'closed' : open > 0 ? 'ready' : 'idle';
    },
    send(action: OutgoingAction, callbacks: SendCallbacks) {
      // Framed before connecting: an action the profile cannot carry throws to the caller, unsent.
      const body = wire.frame(action);
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
