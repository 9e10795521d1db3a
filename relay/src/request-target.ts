/**
 * Parses the request target of a Hybrid Connections handshake: `/$hc/{entity}[/suffix]?...&sb-hc-*`.
 * The raw text of the suffix and of the application's query parameters is kept so that it reaches the
 * listener exactly as the sender wrote it.
 */
export interface HcTarget {
  /** Decoded path segments after `$hc/` (entity name followed by any suffix). */
  segments: string[];
  /** Raw path segments, still percent-encoded, aligned with `segments`. */
  rawSegments: string[];
  /** `sb-hc-*` parameters, decoded, first occurrence wins; names lower-cased. */
  hc: Map<string, string>;
  /** Raw `name=value` pairs that are not relay parameters, in order. */
  appQuery: string[];
}

export type ParseResult = { ok: true; target: HcTarget } | { ok: false; message: string };

const HC_PREFIX = /^\/(\$|%24)hc\//i;

export function parseHcTarget(url: string | undefined): ParseResult {
  if (!url) return fail('The request has no target.');
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? '' : url.slice(q + 1);
  const prefix = HC_PREFIX.exec(path);
  if (!prefix) return fail('The base URL is malformed: expected /$hc/{path}.');
  const rawSegments = path
    .slice(prefix[0].length)
    .split('/')
    .filter((s) => s.length > 0);
  const segments: string[] = [];
  for (const raw of rawSegments) {
    const decoded = decode(raw, false);
    if (decoded === undefined) return fail('The Hybrid Connection path is not validly encoded.');
    segments.push(decoded);
  }
  if (segments.length === 0) return fail('The Hybrid Connection path is empty.');

  const hc = new Map<string, string>();
  const appQuery: string[] = [];
  for (const pair of query.split('&')) {
    if (pair.length === 0) continue;
    const eq = pair.indexOf('=');
    const name = decode(eq === -1 ? pair : pair.slice(0, eq), true);
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1), true);
    if (name === undefined || value === undefined) return fail('The query string is not validly encoded.');
    const lower = name.toLowerCase();
    if (lower.startsWith('sb-hc-')) {
      if (!hc.has(lower)) hc.set(lower, value);
    } else {
      appQuery.push(pair);
    }
  }
  return { ok: true, target: { segments, rawSegments, hc, appQuery } };
}

/** Query components use form decoding (`+` is a space) as .NET and browsers encode them. */
function decode(text: string, form: boolean): string | undefined {
  try {
    return decodeURIComponent(form ? text.replace(/\+/g, ' ') : text);
  } catch {
    return undefined;
  }
}

function fail(message: string): ParseResult {
  return { ok: false, message };
}
