/**
 * Hybrid Connections addresses, built from configuration rather than hard-coded `wss://...:443` as hyco-ws
 * does, so the app and the gateway use one code path for Azure and for the local relay.
 */
export interface RelayBase {
  scheme: 'ws' | 'wss';
  host: string;
  port?: number;
}

export interface ConnectUrlOptions {
  /** Path after the entity name, e.g. `/site-a`; passed to the listener in the accept address. */
  suffix?: string;
  /** Application query parameters; passed to the listener in the accept address. */
  query?: Record<string, string>;
  id?: string;
}

/**
 * `ws://127.0.0.1:9000` → `{scheme:'ws', host:'127.0.0.1', port:9000}`; also accepts https/http spellings
 * and the portal's `sb://NAMESPACE.servicebus.windows.net`.
 */
export function parseRelayBase(url: string): RelayBase {
  const u = new URL(url);
  const scheme =
    // sb:// is how the Azure portal shows a namespace; it is reached over wss on 443.
    u.protocol === 'wss:' || u.protocol === 'https:' || u.protocol === 'sb:'
      ? 'wss'
      : u.protocol === 'ws:' || u.protocol === 'http:'
        ? 'ws'
        : undefined;
  if (!scheme) throw new TypeError(`Not a relay address: ${u.protocol}//${u.host}`);
  const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  return u.port ? { scheme, host, port: Number(u.port) } : { scheme, host };
}

/** The listener's control-channel URL, without a token (send it in the ServiceBusAuthorization header). */
export function buildListenUrl(base: RelayBase, entity: string, id?: string): string {
  const params = ['sb-hc-action=listen'];
  if (id !== undefined) params.push(`sb-hc-id=${encodeURIComponent(id)}`);
  return `${origin(base)}/$hc/${encodeEntity(entity)}?${params.join('&')}`;
}

/** The sender's URL, without a token. Application query parameters come first, as the protocol guide shows. */
export function buildConnectUrl(base: RelayBase, entity: string, opts: ConnectUrlOptions = {}): string {
  const suffix = opts.suffix ? `/${opts.suffix.replace(/^\/+/, '')}` : '';
  const params = Object.entries(opts.query ?? {}).map(
    ([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`,
  );
  params.push('sb-hc-action=connect');
  if (opts.id !== undefined) params.push(`sb-hc-id=${encodeURIComponent(opts.id)}`);
  return `${origin(base)}/$hc/${encodeEntity(entity)}${suffix}?${params.join('&')}`;
}

/**
 * The resource URI to sign for an entity (`http://{host}/{entity}`), as Azure's SDKs form it: scheme http,
 * no port, no `$hc`. A namespace-wide token signs `http://{host}/`.
 */
export function resourceUriFor(base: Pick<RelayBase, 'host'>, entity?: string): string {
  return `http://${bracket(base.host)}/${entity ? encodeEntity(entity) : ''}`;
}

/** Appends a token to a listen or connect URL as `sb-hc-token`, for clients that cannot set headers. */
export function withToken(url: string, token: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}sb-hc-token=${encodeURIComponent(token)}`;
}

function origin(base: RelayBase): string {
  const defaultPort = base.scheme === 'wss' ? 443 : 80;
  const port = base.port === undefined || base.port === defaultPort ? '' : `:${base.port}`;
  return `${base.scheme}://${bracket(base.host)}${port}`;
}

function bracket(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function encodeEntity(entity: string): string {
  return entity
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => encodeURIComponent(s))
    .join('/');
}
