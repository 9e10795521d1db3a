import http from 'node:http';
import type { ErrorKind } from '#shared/ipc/contract';

/**
 * A refusal with its HTTP status and a named error. Every step of the request pipeline throws one of
 * these; the pipeline's guard turns it into the JSON reply the renderer already understands
 * (`{ ok: false, error: { kind, message } }`, kinds from the IPC contract so screens can present it).
 */
export class HostError extends Error {
  constructor(
    readonly status: number,
    readonly kind: ErrorKind,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HostError';
  }
}

/** Sent with every reply: nothing is sniffed, cached, framed or leaks the token-bearing URL as a referrer. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

export function errorBody(kind: ErrorKind, message: string): string {
  return JSON.stringify({ ok: false, error: { kind, message } });
}

export function replyJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export function replyError(res: http.ServerResponse, error: HostError): void {
  replyJson(res, error.status, errorBody(error.kind, error.message), error.headers);
}

/**
 * A whole HTTP/1.1 error response as bytes, for the places with no `ServerResponse`: a refused
 * websocket upgrade, a CONNECT, and requests Node's parser rejects before any handler runs.
 */
export function rawErrorResponse(status: number, kind: ErrorKind, message: string): string {
  const body = errorBody(kind, message);
  const headers = {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}
