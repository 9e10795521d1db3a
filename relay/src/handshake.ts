import type { IncomingMessage } from 'node:http';

const KEY = /^[+/0-9A-Za-z]{22}==$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Checks a WebSocket upgrade the way `ws` will when the relay completes it later. A sender's handshake is
 * held open until a listener accepts, so it must be known good up front: hyco-ws listeners crash on an
 * `accept` whose headers lack Sec-WebSocket-Key.
 */
export function upgradeProblem(req: IncomingMessage): string | undefined {
  if (req.method !== 'GET') return 'A WebSocket handshake must use GET.';
  if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') return 'Missing or invalid Upgrade header.';
  if (!KEY.test(req.headers['sec-websocket-key'] ?? ''))
    return 'Missing or invalid Sec-WebSocket-Key header.';
  const version = req.headers['sec-websocket-version'];
  if (version !== '13' && version !== '8') return 'Missing or unsupported Sec-WebSocket-Version header.';
  if (offeredProtocols(req) === undefined) return 'Invalid Sec-WebSocket-Protocol header.';
  return undefined;
}

/** The subprotocols a client offers, in order; undefined when the header is malformed. */
export function offeredProtocols(req: IncomingMessage): string[] | undefined {
  const header = req.headers['sec-websocket-protocol'];
  if (header === undefined) return [];
  const list = header.split(',').map((p) => p.trim());
  if (list.some((p) => !TOKEN.test(p)) || new Set(list).size !== list.length) return undefined;
  return list;
}

/**
 * The sender's handshake headers for the listener's `accept` message, original spelling, repeated headers
 * joined. The relay credential is stripped, as the service does, so a listener never sees a sender's token.
 */
export function connectHeaders(req: IncomingMessage, stripAuthorization: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  const spelled = new Map<string, string>();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    const value = raw[i + 1] as string;
    const lower = name.toLowerCase();
    if (lower === 'servicebusauthorization') continue;
    if (lower === 'authorization' && stripAuthorization) continue;
    const existing = spelled.get(lower);
    if (existing === undefined) {
      spelled.set(lower, name);
      out[name] = value;
    } else {
      out[existing] = `${out[existing]}, ${value}`;
    }
  }
  return out;
}

/**
 * The host name a client used to reach the relay, without port, spelled as `URL.hostname` spells it (IPv6 in
 * brackets) so it compares directly with the host of a token's `sr`. Undefined when Host is unusable.
 */
export function hostOf(req: IncomingMessage): string | undefined {
  const host = req.headers.host;
  if (!host) return undefined;
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return undefined;
  }
}

/**
 * The relay credential: `sb-hc-token` in the query wins, then the ServiceBusAuthorization header, then
 * (as the service allows) a plain Authorization header, which is then not passed on to the listener.
 */
export function tokenOf(
  req: IncomingMessage,
  hc: Map<string, string>,
): { token: string | undefined; fromAuthorization: boolean } {
  const query = hc.get('sb-hc-token');
  if (query) return { token: query, fromAuthorization: false };
  const sba = req.headers['servicebusauthorization'];
  if (typeof sba === 'string' && sba) return { token: sba, fromAuthorization: false };
  const auth = req.headers.authorization;
  if (auth) return { token: auth, fromAuthorization: true };
  return { token: undefined, fromAuthorization: false };
}
