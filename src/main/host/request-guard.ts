import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../logger';
import { HostError, rawErrorResponse, replyError } from './http-reply';

type Handle = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

/**
 * The top-level guard around every request: a HostError becomes its own reply; anything else a handler
 * throws is logged (name and message only, never the request) and becomes a 500 `internal`. If the reply
 * had already started, the connection is dropped so the client cannot mistake half a reply for a whole
 * one. Nothing escapes, so no request can end the process.
 */
export function guarded(handle: Handle, log: Pick<Logger, 'error'>): http.RequestListener {
  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      try {
        if (!(error instanceof HostError))
          log.error({ err: describeError(error), method: req.method }, 'web host request failed');
        if (res.headersSent) return void res.destroy();
        replyError(
          res,
          error instanceof HostError
            ? error
            : new HostError(500, 'internal', 'Something went wrong. The error has been logged.'),
        );
      } catch {
        res.destroy();
      }
    });
  };
}

/**
 * Guards for what never reaches a request handler. Requests Node's parser refuses (garbage, oversize
 * headers, timeouts) get the same named-error shape unless a reply is already under way on that
 * socket; CONNECT and unsupported `Expect` headers get a refusal instead of Node's bare defaults.
 */
export function guardServer(server: http.Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const pending = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || pending?.headersSent) return void socket.destroy();
    const [status, message] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'The request headers are too large.']
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'The request took too long to arrive.']
          : [400, 'The request is not valid HTTP/1.1.'];
    socket.end(rawErrorResponse(status, 'validation', message));
  });
  server.on('connect', (_req: http.IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    socket.end(rawErrorResponse(405, 'validation', 'CONNECT is not supported here.'));
  });
  server.on('checkExpectation', (_req: http.IncomingMessage, res: http.ServerResponse) =>
    replyError(res, new HostError(417, 'validation', 'Only "Expect: 100-continue" is supported.')),
  );
}

/** For logs: the error's name and message only, never a request body or header value. */
export function describeError(error: unknown): { name: string; message: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'NonError', message: String(error) };
}
