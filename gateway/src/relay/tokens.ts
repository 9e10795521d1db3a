import { createSasToken, resourceUriFor, type RelayBase } from 'modality-link-relay';
import type { Secret } from '../config/secrets';

/**
 * Where relay tokens come from. hyco-ws calls the listener's token function synchronously on connect and
 * then every hour to renew, so providers are synchronous; a managed-identity provider would refresh in the
 * background and return its current bearer token here.
 */
export type TokenProvider = () => string;

/** At least 2 h: hyco-ws renews exactly hourly, so a shorter token would expire between renewals. */
export const MIN_TOKEN_SECONDS = 2 * 3600;

export function sasTokenProvider(
  base: RelayBase,
  entity: string,
  rule: string,
  key: Secret,
  lifetimeSeconds = 3 * 3600,
): TokenProvider {
  const lifetime = Math.max(lifetimeSeconds, MIN_TOKEN_SECONDS);
  const resource = resourceUriFor(base, entity);
  let last: string | undefined;
  // hyco-ws calls this from a bare setInterval: a throw there would be uncaught, so after the first
  // success a failure hands back the previous (still valid for another hour or more) token instead.
  return () => {
    try {
      last = createSasToken(resource, rule, key.reveal(), lifetime);
    } catch (error) {
      if (last === undefined) throw error;
    }
    return last;
  };
}
