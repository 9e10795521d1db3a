import http from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { events as eventSchemas, type EventName } from '../../shared/ipc/contract';
import type { Logger } from '../logger';
import type { ServiceContext } from '../services/context';
import { dispatchCall } from '../ipc/dispatch';
import type { HandlerTable } from '../ipc/handlers';
import { serveStatic } from './static-files';

export interface WebHost {
  url: string;
  /** The address to open, token included. */
  uiUrl: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

/**
 * The main-process API for a browser: the same handler table as Electron IPC, served on loopback.
 * A random token is required on every call (a bearer header for calls, the query for the event
 * socket, since browsers cannot set headers on websockets); requests from any other origin or Host
 * are refused, which also defeats DNS rebinding.
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
  let origin = '';

  const tokenMatches = (given: string | null | undefined) =>
    typeof given === 'string' &&
    given.length === token.length &&
    timingSafeEqual(Buffer.from(given), Buffer.from(token));
  const sameOrigin = (req: http.IncomingMessage) =>
    req.headers.host === new URL(origin).host &&
    (req.headers.origin === undefined || req.headers.origin === origin);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (!sameOrigin(req))
      return reply(res, 403, {
        ok: false,
        error: { kind: 'forbidden', message: 'Requests from other origins are refused.' },
      });
    if (!url.pathname.startsWith('/api/')) return serveStatic(options.rendererDir, url.pathname, req, res);
    if (req.method !== 'POST')
      return reply(res, 405, { ok: false, error: { kind: 'validation', message: 'Use POST.' } });
    const bearer = req.headers.authorization?.replace(/^Bearer /, '');
    if (!tokenMatches(bearer))
      return reply(res, 401, {
        ok: false,
        error: { kind: 'forbidden', message: 'Missing or wrong access token.' },
      });
    readJson(req)
      .then(async (input) => {
        const result = await dispatchCall(ctx, handlers, log, url.pathname.slice('/api/'.length), input);
        reply(res, result.ok ? 200 : statusFor(result.error.kind), result);
      })
      .catch((error: Error) =>
        reply(res, 400, { ok: false, error: { kind: 'validation', message: error.message } }),
      );
  });

  const sockets = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname !== '/events' || !sameOrigin(req) || !tokenMatches(url.searchParams.get('token'))) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws));
  });
  const unsubscribe = ctx.events.subscribe((event: EventName, payload) => {
    const frame = JSON.stringify({ event, payload: eventSchemas[event].parse(payload) });
    for (const client of sockets.clients as Set<WebSocket>)
      if (client.readyState === client.OPEN) client.send(frame);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  origin = `http://127.0.0.1:${port}`;
  log.info({ port }, 'web host listening');
  return {
    url: origin,
    uiUrl: `${origin}/?token=${token}#/clinics`,
    port,
    close: async () => {
      unsubscribe();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function statusFor(kind: string): number {
  return (
    { validation: 400, not_found: 404, invalid_transition: 409, conflict: 409, forbidden: 403 }[kind] ?? 500
  );
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`Request body is larger than ${MAX_BODY_BYTES} bytes.`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({});
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new Error('Request body is not valid JSON.'));
      }
    });
    req.on('error', reject);
  });
}
