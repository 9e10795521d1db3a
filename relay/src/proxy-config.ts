/**
 * Which outbound HTTP proxy (if any) a connection to a given URL should use. Trust networks commonly allow
 * traffic out only through a proxy, so every relay connection (app sender, gateway listener and watchdog)
 * and the gateway's FHIR client ask here. The rules follow curl's, which IT staff already know:
 * `https_proxy`/`HTTPS_PROXY` for wss/https targets, `http_proxy`/`HTTP_PROXY` for ws/http, lowercase
 * first, `NO_PROXY` a comma list of hosts, domain suffixes, `host:port` or `*`. No implicit bypass for
 * loopback (curl has none either, and the tests rely on sending loopback traffic through a proxy).
 */

/** A proxy set explicitly (gateway YAML `proxy:`, the app's MODALITY_LINK_PROXY); it beats the environment. */
export interface ExplicitProxy {
  /** `http://host:port`, optionally with `user:password@`; `none` means connect directly, ignoring the environment. */
  url?: string;
  username?: string;
  password?: string;
  /** Hosts reached directly; when absent the environment's NO_PROXY applies. */
  noProxy?: string[];
  /** What to call this setting in messages (default `config`). */
  source?: string;
}

export interface ProxyRule {
  /** The proxy's address without credentials (safe to log). */
  proxy: URL;
  auth?: { username: string; password: string };
  /** Where the setting came from, for `check` and logs: `config` or the variable's name. */
  source: string;
}

export class ProxyConfigError extends Error {
  override name = 'ProxyConfigError';
}

/** Parses a proxy URL; a bare `host:port` (as some estates set HTTPS_PROXY) is taken as http://. */
export function parseProxyUrl(text: string, source: string): ProxyRule {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ProxyConfigError(`${source}: not a proxy URL`);
  }
  // An https:// proxy (TLS to the proxy itself) is rare on trust networks and not supported: say so.
  if (url.protocol !== 'http:') throw new ProxyConfigError(`${source}: only http:// proxies are supported`);
  if (!url.hostname) throw new ProxyConfigError(`${source}: the proxy URL has no host`);
  const auth = url.username
    ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
    : undefined;
  const proxy = new URL(`http://${url.host}`);
  return { proxy, ...(auth ? { auth } : {}), source };
}

function envValue(env: NodeJS.ProcessEnv, names: string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

function noProxyList(env: NodeJS.ProcessEnv): string[] {
  const value = envValue(env, ['no_proxy', 'NO_PROXY'])?.value ?? '';
  return value
    .split(/[,\s]+/)
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean);
}

const DEFAULT_PORTS: Record<string, string> = { 'ws:': '80', 'http:': '80', 'wss:': '443', 'https:': '443' };

/** True when `target` matches an entry of a NO_PROXY-style list. */
export function bypassesProxy(target: URL, noProxy: string[]): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || DEFAULT_PORTS[target.protocol] || '';
  return noProxy.some((raw) => {
    const entry = raw.toLowerCase();
    if (entry === '*') return true;
    const match = /^(.*?)(?::(\d+))?$/.exec(entry.replace(/^\[|\](?=:|$)/g, ''));
    const entryHost = (match?.[1] ?? entry).replace(/^\*?\./, '.');
    if (match?.[2] && match[2] !== port) return false;
    if (entryHost.startsWith('.')) return host.endsWith(entryHost) || host === entryHost.slice(1);
    return host === entryHost || host.endsWith(`.${entryHost}`);
  });
}

/**
 * The proxy for one target URL, or undefined for a direct connection. An explicit setting wins over the
 * environment; `url: none` forces direct connections even when the environment names a proxy.
 */
export function proxyForTarget(
  target: string | URL,
  explicit: ExplicitProxy | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ProxyRule | undefined {
  const url = typeof target === 'string' ? new URL(target) : target;
  const explicitUrl = explicit?.url?.trim();
  if (explicitUrl?.toLowerCase() === 'none') return undefined;
  const noProxy = explicit?.noProxy?.map((e) => e.trim().toLowerCase()).filter(Boolean) ?? noProxyList(env);
  if (bypassesProxy(url, noProxy)) return undefined;
  let rule: ProxyRule | undefined;
  if (explicitUrl) {
    rule = parseProxyUrl(explicitUrl, explicit?.source ?? 'config');
  } else {
    const secure = url.protocol === 'wss:' || url.protocol === 'https:';
    const found = envValue(env, secure ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY']);
    if (!found) return undefined;
    rule = parseProxyUrl(found.value, found.name);
  }
  if (explicit?.username !== undefined)
    rule = { ...rule, auth: { username: explicit.username, password: explicit.password ?? '' } };
  return rule;
}

/** One line naming a proxy for people and logs: never the password. */
export function describeProxy(rule: ProxyRule): string {
  const who = rule.auth ? `, as ${rule.auth.username}` : '';
  return `${rule.proxy.host} (from ${rule.source}${who})`;
}
