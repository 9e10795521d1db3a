import { WebSocket } from 'ws';
import type { LegacySocket } from 'hyco-ws';
import { errorText, type Logger } from '../logger';

/**
 * hyco-ws's control-channel message handler JSON-parses without a try and crashes the process on a
 * non-JSON frame, and on an `accept` without Sec-WebSocket-Key it calls an undefined `WebSocketClient`.
 * We replace the handler once the channel is open with one that parses first, rejects bad accepts the
 * protocol's way (connect to the address with sb-hc-statusCode, so the sender gets a status instead of
 * hanging), and only then hands well-formed frames to hyco-ws inside a try.
 */
export function guardControlChannel(channel: LegacySocket, log: Logger): void {
  const original = channel.onmessage;
  if (typeof original !== 'function') return;
  channel.onmessage = (event) => {
    let message: unknown;
    try {
      message = JSON.parse(String(event.data));
    } catch {
      log.warn({ phase: 'control' }, 'ignored a control frame that is not JSON');
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const accept = (message as { accept?: unknown }).accept;
    if (accept !== undefined) {
      const problem = acceptProblem(accept);
      if (problem) {
        log.warn({ phase: 'accept', problem }, 'rejected a malformed accept');
        const address = (accept as { address?: unknown } | null)?.address;
        if (typeof address === 'string') rejectRendezvous(address, 400, 'Bad Request');
        return;
      }
    }
    try {
      original.call(channel, event);
    } catch (error) {
      log.error({ phase: 'accept', error: errorText(error) }, 'hyco-ws failed to handle a control frame');
    }
  };
}

function acceptProblem(accept: unknown): string | undefined {
  if (typeof accept !== 'object' || accept === null) return 'accept is not an object';
  const { address, connectHeaders } = accept as { address?: unknown; connectHeaders?: unknown };
  if (typeof address !== 'string' || !/^wss?:\/\//.test(address)) return 'no rendezvous address';
  if (typeof connectHeaders !== 'object' || connectHeaders === null) return 'no connect headers';
  const hasKey = Object.keys(connectHeaders).some((k) => k.toLowerCase() === 'sec-websocket-key');
  return hasKey ? undefined : 'no Sec-WebSocket-Key';
}

/** Rejects a sender: the listener's own handshake fails with 410 by design; the sender gets `status`. */
export function rejectRendezvous(address: string, status: number, description: string): void {
  try {
    const url = `${address}${address.includes('?') ? '&' : '?'}sb-hc-statusCode=${status}&sb-hc-statusDescription=${encodeURIComponent(description)}`;
    const ws = new WebSocket(url);
    ws.on('error', () => undefined);
    ws.on('unexpected-response', (req, res) => {
      res.resume();
      req.destroy();
    });
    ws.on('open', () => ws.terminate());
  } catch {
    // an unusable address: nothing to reject
  }
}
