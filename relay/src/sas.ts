import { createHmac, timingSafeEqual } from 'node:crypto';

/** The fields of a `SharedAccessSignature ...` token, with `sr` kept exactly as sent. */
export interface ParsedSasToken {
  /** The resource as it appears in the token (still URL-encoded): the signature covers these bytes. */
  srRaw: string;
  /** The resource URI, decoded. */
  resource: string;
  /** Base64 signature, decoded from its URL encoding. */
  signature: string;
  /** Expiry as it appears in the token: the signature covers this text, not the parsed number. */
  seRaw: string;
  expiresAt: number;
  keyName: string;
}

const PREFIX = 'SharedAccessSignature ';

/**
 * Builds a SAS token the way Azure's SDKs and hyco-ws's `createRelayToken` do: HMAC-SHA256 keyed with the
 * key *text* (the base64 string shown in the portal, not its decoded bytes) over `{encoded sr}\n{expiry}`.
 * One function for Azure and the local relay, so a token that works locally works against the service.
 */
export function createSasToken(
  resourceUri: string,
  keyName: string,
  key: string,
  expiresInSeconds: number,
): string {
  if (!(expiresInSeconds > 0)) throw new RangeError('expiresInSeconds must be positive');
  const sr = encodeURIComponent(resourceUri);
  const se = String(Math.floor(Date.now() / 1000) + Math.ceil(expiresInSeconds));
  const sig = sign(key, sr, se);
  return `${PREFIX}sr=${sr}&sig=${encodeURIComponent(sig)}&se=${se}&skn=${encodeURIComponent(keyName)}`;
}

export function sign(key: string, srRaw: string, seRaw: string): string {
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(`${srRaw}\n${seRaw}`).digest('base64');
}

/** Parses a token; returns undefined for anything that is not a well-formed SAS token. Never throws. */
export function parseSasToken(token: string): ParsedSasToken | undefined {
  const text = token.trim();
  if (!text.startsWith(PREFIX)) return undefined;
  const fields = new Map<string, string>();
  for (const part of text.slice(PREFIX.length).trim().split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    const name = part.slice(0, eq);
    // A repeated field is ambiguous; the service refuses such tokens rather than guessing.
    if (fields.has(name)) return undefined;
    fields.set(name, part.slice(eq + 1));
  }
  const srRaw = fields.get('sr');
  const sigRaw = fields.get('sig');
  const seRaw = fields.get('se');
  const sknRaw = fields.get('skn');
  if (!srRaw || !sigRaw || !seRaw || !sknRaw) return undefined;
  if (!/^\d{1,12}$/.test(seRaw)) return undefined;
  const resource = safeDecode(srRaw);
  const signature = safeDecode(sigRaw);
  const keyName = safeDecode(sknRaw);
  if (resource === undefined || signature === undefined || !keyName) return undefined;
  return { srRaw, resource, signature, seRaw, expiresAt: Number(seRaw), keyName };
}

/** Constant-time check of the token's signature against one key. */
export function signatureMatches(parsed: ParsedSasToken, key: string): boolean {
  const expected = Buffer.from(sign(key, parsed.srRaw, parsed.seRaw), 'base64');
  const given = Buffer.from(parsed.signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
