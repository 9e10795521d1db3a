import LegacyWebSocket, { relayedConnect, type RelayedSocket } from 'hyco-ws';
import { skipLegacyBufferCheck } from 'modality-link-protocol';
import { DeliveryFailure, failureFromConnectError } from './delivery-failure';
import type { RelayEndpoint } from './relay-endpoint';
import { relayAgentFor } from './relay-proxy';

/**
 * hyco-ws's `relayedConnect` takes no options, so behind a proxy we make the same socket it would
 * (its bundled ws 1.1.5, token in the ServiceBusAuthorization header) with our CONNECT agent added.
 */
function connectSender(url: string, token: string, timeoutMs: number): RelayedSocket {
  const agent = relayAgentFor(url, timeoutMs);
  if (!agent) return relayedConnect(url, token);
  return new LegacyWebSocket(url, null, { headers: { ServiceBusAuthorization: token }, agent });
}

/**
 * Opens a sender connection through the relay and resolves once it is open. hyco-ws's `relayedConnect`
 * is a bare websocket with no timeout and an `error` event that would crash the process unhandled, so
 * both are dealt with here, and every failure is mapped to the phase it happened in.
 */
export function openRelaySocket(
  endpoint: RelayEndpoint,
  gatewayName: string,
  timeoutMs: number,
  /**
   * Attached before the socket opens: ws 1.x may deliver a frame that came with the upgrade response
   * on the next tick, before an awaiting caller could add its own listener (the gateway speaks first).
   */
  onMessage?: (data: string | Buffer) => void,
): Promise<RelayedSocket> {
  skipLegacyBufferCheck(); // before hyco-ws's first frame
  return new Promise((resolve, reject) => {
    let socket: RelayedSocket;
    try {
      socket = connectSender(endpoint.url, endpoint.token(), timeoutMs);
    } catch (error) {
      reject(error instanceof DeliveryFailure ? error : failureFromConnectError(error as Error, gatewayName));
      return;
    }
    if (onMessage) socket.on('message', onMessage);
    const timer = setTimeout(() => {
      socket.removeAllListeners('open');
      socket.on('error', () => {});
      socket.terminate();
      reject(
        new DeliveryFailure(
          'gateway_offline',
          `The gateway "${gatewayName}" did not accept the connection within ${Math.round(timeoutMs / 1000)} s.`,
        ),
      );
    }, timeoutMs);
    socket.once('open', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      // Later errors are reported through `close`; keep a handler so they never crash the process.
      socket.on('error', () => {});
      reject(failureFromConnectError(error, gatewayName));
    });
  });
}

/** Text of a websocket message from a ws 1.x socket (string or Buffer). */
export function messageText(data: string | Buffer): string {
  return typeof data === 'string' ? data : data.toString('utf8');
}
