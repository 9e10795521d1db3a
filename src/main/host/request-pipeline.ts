import type http from 'node:http';
import { HostError } from './http-reply';
import { decodeRequestPath, resolveInside } from './static-files';

/** Longer request targets are refused: no route needs more, and a bound keeps the work per request small. */
export const MAX_TARGET_LENGTH = 2048;

export interface PipelineOptions {
  /** `http://127.0.0.1:<port>`: the only Host and Origin this server answers. */
  origin: string;
  rendererDir: string;
  tokenMatches(given: string | null | undefined): boolean;
  /**
   * The cookie the shell hands out with a valid token, which alone unlocks the renderer's own files
   * (a browser cannot put a bearer header on `<script>`, `<link>` or `<img>` requests). Its name carries
   * the port, so two hosts on one machine do not overwrite each other's.
   */
  filesCookie: { name: string; matches(given: string | null): boolean };
}

/** What a request was admitted to, once every check in `admit` has passed. */
export type Admitted =
  | { route: 'shell'; file: string | null }
  | { route: 'asset'; file: string }
  | { route: 'api'; channel: string }
  | { route: 'events' };

const METHODS: Record<Admitted['route'], readonly string[]> = {
  shell: ['GET', 'HEAD'],
  asset: ['GET', 'HEAD'],
  api: ['POST'],
  events: ['GET'],
};

/**
 * The one request pipeline, used for plain requests and websocket upgrades alike. The steps run in this
 * order and the first that fails decides the reply (see ADR 0011):
 *
 * 1. target: an origin-form path of bounded length whose every segment decodes (400 `validation`);
 * 2. Host: present (400 `validation`) and exactly this server's `127.0.0.1:<port>`, which defeats DNS
 *    rebinding (403 `forbidden`);
 * 3. Origin: absent or exactly this server's origin (403 `forbidden`);
 * 4. route: the HTML shell, a built renderer file, `/api/<channel>` or `/events` (404 `not_found`);
 * 5. method: allowed for that route (405 `validation`, with `Allow`);
 * 6. token: the bearer token for the API, the `token` query for the shell and the event socket, the
 *    files cookie (set by the shell) for the renderer's own files (401 `forbidden`). Nothing is served
 *    without one: see ADR 0011.
 *
 * Body limits and the handler itself come after, in the web host. Never throws anything but HostError.
 */
export function admit(req: http.IncomingMessage, options: PipelineOptions, upgrade: boolean): Admitted {
  const target = parseTarget(req.url);

  const expectedHost = new URL(options.origin).host;
  if (req.headers.host === undefined) throw new HostError(400, 'validation', 'The Host header is missing.');
  if (req.headers.host !== expectedHost)
    throw new HostError(
      403,
      'forbidden',
      `This server answers only requests addressed to ${expectedHost}; the Host header was different.`,
    );
  if (req.headers.origin !== undefined && req.headers.origin !== options.origin)
    throw new HostError(403, 'forbidden', 'Requests from other origins are refused.');

  const admitted = route(target.segments, options.rendererDir);
  if (admitted.route !== 'events' && upgrade)
    throw new HostError(404, 'not_found', 'Only /events accepts a WebSocket upgrade.');

  const allowed = METHODS[admitted.route];
  if (!allowed.includes(req.method ?? ''))
    throw new HostError(405, 'validation', `Use ${allowed.join(' or ')} for this address.`, {
      allow: allowed.join(', '),
    });

  if (admitted.route === 'api' && !options.tokenMatches(bearer(req.headers.authorization)))
    throw new HostError(401, 'forbidden', 'Missing or wrong access token.');
  if (
    (admitted.route === 'events' || admitted.route === 'shell') &&
    !options.tokenMatches(target.query.get('token'))
  )
    throw new HostError(
      401,
      'forbidden',
      'Missing or wrong access token: open the address Modality Link printed when it started (its UI: line).',
    );
  if (
    admitted.route === 'asset' &&
    !options.filesCookie.matches(cookie(req.headers.cookie, options.filesCookie.name))
  )
    throw new HostError(401, 'forbidden', 'The page must be opened with its access token first.');
  return admitted;
}

function parseTarget(raw: string | undefined): { segments: string[]; query: URLSearchParams } {
  // Origin-form only: absolute-form (`http://x/`), authority-form and `*` name no file here, and a
  // target starting `//` would be read as a host by the URL parser.
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.length > MAX_TARGET_LENGTH)
    throw new HostError(400, 'validation', 'The request target must be a path starting with a single "/".');
  let url: URL;
  try {
    url = new URL(raw, 'http://127.0.0.1');
  } catch {
    throw new HostError(400, 'validation', 'The request target is not a valid URL path.');
  }
  const segments = decodeRequestPath(url.pathname);
  if (!segments)
    throw new HostError(
      400,
      'validation',
      'The request path is malformed: bad percent-encoding, an encoded separator or a control character.',
    );
  return { segments, query: url.searchParams };
}

function route(segments: string[], rendererDir: string): Admitted {
  const path = segments.join('/');
  if (path === '' || path === 'index.html')
    return { route: 'shell', file: resolveInside(rendererDir, ['index.html']) };
  if (segments[0] === 'api') {
    if (segments.length === 2 && segments[1] !== '') return { route: 'api', channel: segments[1]! };
    throw new HostError(404, 'not_found', 'API calls are POST /api/<channel>.');
  }
  if (path === 'events') return { route: 'events' };
  const file = resolveInside(rendererDir, segments);
  if (!file) throw new HostError(404, 'not_found', 'There is nothing at this address.');
  return { route: 'asset', file };
}

function cookie(header: string | undefined, name: string): string | null {
  for (const pair of (header ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return null;
}

function bearer(header: string | undefined): string | null {
  const match = header === undefined ? null : /^Bearer ([^\s]+)$/.exec(header);
  return match?.[1] ?? null;
}
