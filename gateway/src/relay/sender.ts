import type { Agent } from 'node:http';
import { WebSocket } from 'ws';

export type SenderFailurePhase = 'connect' | 'auth' | 'no_listener' | 'timeout' | 'refused';

export class SenderError extends Error {
  override name = 'SenderError';
  constructor(
    readonly phase: SenderFailurePhase,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * Opens a sender connection through the relay (`ws` 8, token in the ServiceBusAuthorization header) and
 * names the failing phase the way operators need it: 404 = no listener (gateway down or zombie), 401/403 =
 * credentials, no answer = timeout. Used by the watchdog and by `check`. `agent` tunnels through a proxy.
 */
export function connectSender(
  url: string,
  token: string,
  timeoutMs: number,
  agent?: Agent,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, {
      headers: { ServiceBusAuthorization: token },
      perMessageDeflate: false,
      ...(agent ? { agent } : {}),
    });
    const fail = (error: SenderError): void => {
      clearTimeout(timer);
      ws.removeAllListeners('open');
      ws.on('error', () => undefined);
      ws.terminate();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new SenderError('timeout', `no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    ws.once('open', () => {
      clearTimeout(timer);
      resolve(ws);
    });
    ws.once('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      res.resume();
      const phase = status === 404 ? 'no_listener' : status === 401 || status === 403 ? 'auth' : 'refused';
      fail(new SenderError(phase, `relay answered ${status} ${res.statusMessage ?? ''}`.trim(), status));
    });
    ws.once('error', (error) => fail(new SenderError('connect', error.message)));
  });
}

/** Sends one text frame and waits for the first text frame back (or times out). Closes the socket. */
export function requestReply(ws: WebSocket, text: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new SenderError('timeout', `no reply within ${timeoutMs} ms`));
    }, timeoutMs);
    ws.on('error', () => undefined);
    ws.once('message', (data) => {
      clearTimeout(timer);
      ws.close(1000);
      resolve(data.toString());
    });
    ws.once('close', () => {
      clearTimeout(timer);
      reject(new SenderError('connect', 'closed before replying'));
    });
    ws.send(text);
  });
}
