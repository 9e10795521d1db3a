import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** How long a refused socket may linger after the response before it is destroyed. */
const LINGER_MS = 2000;

/**
 * Azure reports handshake failures as a plain HTTP status whose reason phrase carries the explanation and a
 * tracking id; clients surface the phrase (e.g. ws's `unexpected-response`), so the text goes there too.
 */
export function describe(message: string, trackingId: string, tracker: string): string {
  return `${message} TrackingId:${trackingId}, SystemTracker:${tracker}, Timestamp:${new Date().toISOString()}`;
}

/** A reason phrase may hold only visible ASCII, spaces and tabs (RFC 7230 §3.1.2); anything else becomes '?'. */
export function sanitizeReason(text: string): string {
  const cleaned = text.replace(/[^\t\x20-\x7e]/g, '?').trim();
  return cleaned.length > 512 ? `${cleaned.slice(0, 509)}...` : cleaned;
}

/** Refuses a WebSocket handshake on its raw socket with `status` and a reason phrase. Never throws. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  if (socket.destroyed) return;
  const phrase = sanitizeReason(reason) || STATUS_CODES[status] || 'Error';
  const body = `${phrase}\n`;
  const head =
    `HTTP/1.1 ${status} ${phrase}\r\n` +
    'Content-Type: text/plain; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Connection: close\r\n\r\n';
  try {
    socket.end(head + body);
  } catch {
    socket.destroy();
    return;
  }
  // Well-behaved clients close on the response; this bounds the ones that do not.
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}
