import { buildConnectUrl, createSasToken, resourceUriFor, type RelayBase } from 'modality-link-relay';
import type { GatewayRow } from '../services/gateways/gateways';
import type { SecretStore } from '../secrets/secret-store';
import { DeliveryFailure } from './delivery-failure';

const TOKEN_LIFETIME_SECONDS = 60 * 60;

export interface RelayEndpoint {
  url: string;
  token(): string;
}

/**
 * The sender address and token for one gateway, from its configuration: the local relay and Azure take
 * the same path. Tokens come from a function and are reissued once half their life has passed, so a
 * long-lived workstation never presents an expired one.
 */
export function relayEndpoint(
  gateway: GatewayRow,
  secrets: SecretStore,
  query: Record<string, string>,
  now: () => number = Date.now,
): RelayEndpoint {
  const base: RelayBase = {
    scheme: gateway.relayScheme,
    host: gateway.relayHost,
    ...(gateway.relayPort ? { port: gateway.relayPort } : {}),
  };
  let cached: { token: string; renewAt: number } | undefined;
  return {
    url: buildConnectUrl(base, gateway.hybridConnection, { query }),
    token: () => {
      if (cached && now() < cached.renewAt) return cached.token;
      const key = secrets.get(gateway.sendKeyRef);
      if (!key) {
        throw new DeliveryFailure(
          'credentials_rejected',
          `No relay send key is stored for "${gateway.name}". Add it in the gateway settings.`,
        );
      }
      const token = createSasToken(
        resourceUriFor(base, gateway.hybridConnection),
        gateway.sendRuleName,
        key,
        TOKEN_LIFETIME_SECONDS,
      );
      cached = { token, renewAt: now() + (TOKEN_LIFETIME_SECONDS * 1000) / 2 };
      return token;
    },
  };
}
