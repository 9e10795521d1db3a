import fs from 'node:fs/promises';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { events as eventSchemas, type EventName } from '#shared/ipc/contract';
import type { Logger } from '../logger';
import type { ServiceContext } from '../services/context';
import { dispatchCall } from '../ipc/dispatch';
import type { HandlerTable } from '../ipc/handlers';
import { HostError, rawErrorResponse, replyJson, SECURITY_HEADERS } from './http-reply';
import { bodyLimitFor } from './body-limits';
import { readJsonBody } from './read-body';
import { admit, type Admitted, type PipelineOptions } from './request-pipeline';
import { describeError, guarded, guardServer } from './request-guard';
import { contentTypeFor } from './static-files';

export interface WebHost {
  url: string;
  /** The address to open, token included. */
  uiUrl: string;
  port: number;
  close(): Promise<void>;
}

/** The page's policy, sent as a header: the API and the event socket on this very port, nothing else. */
export function webCsp(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The main-process API for a browser: the same handler table as Electron IPC, served on loopback.
 * Every request, the renderer's files included, goes through one pipeline (`admit`, then the body
 * limit, then the handler) inside one guard, so no request can take the process down: whatever a
 * handler throws becomes a 500 with a named error. A random token is required on every API call (a
 * bearer header) and on the event socket (its query, since browsers cannot set headers on websockets).
 */
export async function startWebHost(options: {
  ctx: ServiceContext;
  handlers: HandlerTable;
  log: Logger;
  rendererDir: string;
  port?: number;
  token?: string;
}): Promise<WebHost> {
  const { ctx, handlers, log } = options;
  const token = options.token ?? randomBytes(24).toString('base64url');
  // A second secret, not the token: the cookie is sent by the browser on its own, so it must unlock
  // nothing but the renderer's files.
  const filesKey = randomBytes(24).toString('base64url');
  const pipeline: PipelineOptions = {
    origin: '',
    rendererDir: options.rendererDir,
    tokenMatches: (given) => sameSecret(given, token),
    filesCookie: { name: '', matches: (given) => sameSecret(given, filesKey) },
  };
  let port = 0;

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const admitted = admit(req, pipeline, false);
    if (admitted.route === 'api') {
      const input = await readJsonBody(req, bodyLimitFor(admitted.channel));
      const result = await dispatchCall(ctx, handlers, log, admitted.channel, input);
      return replyJson(res, result.ok ? 200 : statusFor(result.error.kind), result);
    }
    if (admitted.route === 'events')
      throw new HostError(426, 'validation', 'The event stream is a WebSocket: open it with an upgrade.', {
        upgrade: 'websocket',
      });
    return serveFile(req, res, admitted, port, {
      // HttpOnly: no script reads it; SameSite=Strict: no other site's page makes the browser send it.
      'set-cookie': `${pipeline.filesCookie.name}=${filesKey}; Path=/; HttpOnly; SameSite=Strict`,
    });
  };

  const server = http.createServer(
    // Slow or stalled clients are cut off instead of holding sockets open forever. A missing Host is
    // refused by the pipeline with a named error rather than by Node with a bare 400.
    { headersTimeout: 10_000, requestTimeout: 30_000, requireHostHeader: false },
    guarded(handle, log),
  );
  guardServer(server);
  // Every socket, upgraded or half-open ones included (closeAllConnections knows only HTTP ones), so
  // close() never waits on a client that keeps its end open.
  const connections = new Set<Duplex>();
  server.on('connection', (socket: Duplex) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
  });
  // A client that half-closes after sending its request still gets the reply. Node's default ends the
  // socket at once, so a reply still being prepared (a file read, a handler) would be lost. Node
  // exposes this as a server property rather than a constructor option.
  (server as http.Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;

  // Clients never send anything on the event socket, so frames are kept tiny.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  sockets.on('connection', (ws: WebSocket) => ws.on('error', () => ws.terminate()));
  // A handshake ws itself refuses (no key, wrong version) gets the same named-error shape as the rest.
  sockets.on('wsClientError', (error: Error, socket: Duplex) =>
    socket.end(rawErrorResponse(400, 'validation', `The WebSocket handshake is invalid: ${error.message}.`)),
  );
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      admit(req, pipeline, true);
      sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
    } catch (error) {
      const refusal =
        error instanceof HostError ? error : new HostError(500, 'internal', 'The upgrade failed.');
      if (!(error instanceof HostError)) log.error({ err: describeError(error) }, 'web host upgrade failed');
      socket.end(rawErrorResponse(refusal.status, refusal.kind, refusal.message));
    }
  });
  const unsubscribe = ctx.events.subscribe((event: EventName, payload) => {
    try {
      const frame = JSON.stringify({ event, payload: eventSchemas[event].parse(payload) });
      for (const client of sockets.clients as Set<WebSocket>)
        if (client.readyState === client.OPEN) client.send(frame);
    } catch (error) {
      log.error({ err: describeError(error), event }, 'event could not be pushed to browsers');
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  // After listening, a server error (an accept failing under descriptor exhaustion, say) is logged:
  // with no listener it would be thrown and end the process.
  server.on('error', (error) => log.error({ err: describeError(error) }, 'web host server error'));
  port = (server.address() as { port: number }).port;
  pipeline.origin = `http://127.0.0.1:${port}`;
  pipeline.filesCookie.name = `modality_link_files_${port}`;
  log.info({ port }, 'web host listening');
  return {
    url: pipeline.origin,
    uiUrl: `${pipeline.origin}/?token=${token}#/clinics`,
    port,
    close: async () => {
      unsubscribe();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of connections) socket.destroy();
      await closed;
    },
  };
}

/** The shell and the renderer's files: read whole (the build is small), sent with the page's policy. */
async function serveFile(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  admitted: Exclude<Admitted, { route: 'api' | 'events' }>,
  port: number,
  shellHeaders: Record<string, string>,
): Promise<void> {
  if (!admitted.file)
    throw new HostError(503, 'internal', 'The renderer has not been built. Run `npm run build`.');
  const body = await fs.readFile(admitted.file);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': contentTypeFor(admitted.file),
    'content-length': String(body.length),
    'cache-control': admitted.route === 'shell' ? 'no-store' : 'no-cache',
    'content-security-policy': webCsp(port),
    ...(admitted.route === 'shell' ? shellHeaders : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function sameSecret(given: string | null | undefined, secret: string): boolean {
  return (
    typeof given === 'string' &&
    Buffer.byteLength(given) === Buffer.byteLength(secret) &&
    timingSafeEqual(Buffer.from(given), Buffer.from(secret))
  );
}

function statusFor(kind: string): number {
  return (
    { validation: 400, not_found: 404, invalid_transition: 409, conflict: 409, forbidden: 403 }[kind] ?? 500
  );
}
