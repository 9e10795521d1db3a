import { parseSasToken, signatureMatches } from './sas.js';
import type { RelayRule } from './types.js';

export interface AuthRequest {
  token: string | undefined;
  /** Canonical name of the hybrid connection addressed. */
  entity: string;
  /** Decoded path segments of the addressed resource: the entity's, then any suffix. */
  resourceSegments: string[];
  /** Host names a token's `sr` may carry: the namespace name and the address the relay was reached at. */
  hosts: string[];
  need: 'listen' | 'send';
  nowSeconds: number;
}

export type AuthResult =
  { ok: true; expiresAt: number; keyName: string } | { ok: false; status: 401 | 403; message: string };

/**
 * Validates a SAS token the way the service does: a known rule (entity-level or namespace-level), a correct
 * signature over the encoded `sr` as sent, not expired, an `sr` whose host is the namespace and whose path
 * is a segment prefix of the resource (ports and scheme ignored), and the right for the action.
 * 401 for a token that is missing, malformed, unverifiable or expired; 403 for a good token that does not
 * cover this resource or action.
 */
export function authorize(req: AuthRequest, rules: readonly RelayRule[]): AuthResult {
  if (!req.token) return deny(401, 'MissingToken: The request does not carry a SharedAccessSignature token.');
  const parsed = parseSasToken(req.token);
  if (!parsed) return deny(401, 'MalformedToken: The SharedAccessSignature token is malformed.');

  const entityKey = req.entity.toLowerCase();
  const candidates = rules.filter(
    (r) => r.name === parsed.keyName && (r.entity === undefined || r.entity.toLowerCase() === entityKey),
  );
  if (candidates.length === 0) {
    return deny(401, `InvalidSignature: No shared access policy named '${parsed.keyName}' applies here.`);
  }
  const rule = candidates.find((r) => signatureMatches(parsed, r.key));
  if (!rule) return deny(401, 'InvalidSignature: The token has an invalid signature.');
  if (parsed.expiresAt <= req.nowSeconds) {
    return deny(
      401,
      `ExpiredToken: The token expired at ${new Date(parsed.expiresAt * 1000).toISOString()}.`,
    );
  }
  if (!audienceCovers(parsed.resource, req)) {
    return deny(403, 'InvalidAudience: The token is not valid for this path.');
  }
  const rights = rule.rights;
  if (!rights.includes(req.need) && !rights.includes('manage')) {
    const claim = req.need === 'listen' ? 'Listen' : 'Send';
    return deny(403, `Unauthorized: The token lacks the '${claim}' right for this action.`);
  }
  return { ok: true, expiresAt: parsed.expiresAt, keyName: rule.name };
}

/** True when the token's resource names an accepted host and a path prefix (by whole segments) of the resource. */
export function audienceCovers(
  resource: string,
  req: Pick<AuthRequest, 'hosts' | 'resourceSegments'>,
): boolean {
  let url: URL;
  try {
    url = new URL(resource);
  } catch {
    return false;
  }
  const host = url.hostname.toLowerCase();
  if (!req.hosts.some((h) => h.toLowerCase() === host)) return false;
  const tokenSegments = decodeSegments(url.pathname);
  if (!tokenSegments || tokenSegments.length > req.resourceSegments.length) return false;
  return tokenSegments.every((s, i) => s.toLowerCase() === req.resourceSegments[i]?.toLowerCase());
}

function decodeSegments(pathname: string): string[] | undefined {
  try {
    return pathname
      .split('/')
      .filter((s) => s.length > 0)
      .map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

function deny(status: 401 | 403, message: string): AuthResult {
  return { ok: false, status, message };
}
