import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { parseRelayBase, startRelay, type LocalRelay } from 'modality-link-relay';
import type { Db } from '../db/open-database';
import { DEMO_GATEWAY_ID } from '../db/seed/demo-seed';
import { gateways } from '../db/schema';
import type { Logger } from '../logger';
import type { SecretStore } from '../secrets/secret-store';

export const DEFAULT_RELAY_PORT = 47653;
export const DEMO_ENTITY = 'alpha-gateway';
export const DEMO_SEND_KEY = 'relay-send-key:gateway-alpha';
export const DEMO_LISTEN_KEY = 'relay-listen-key:gateway-alpha';

/** A 256-bit key in the same base64 shape Azure shows in the portal. */
const newRelayKey = () => randomBytes(32).toString('base64');

function secretOrNew(secrets: SecretStore, name: string, fromEnv: string | undefined): string {
  if (fromEnv) {
    secrets.set(name, fromEnv);
    return fromEnv;
  }
  const existing = secrets.get(name);
  if (existing) return existing;
  const created = newRelayKey();
  secrets.set(name, created);
  return created;
}

/**
 * The demo gateway's relay. With `MODALITY_LINK_RELAY_URL` set, the app uses that relay (another local
 * relay, or an Azure namespace); otherwise it embeds the local relay on loopback, so a newcomer needs
 * no Azure account. The demo keys are generated on first run and kept in the secret store.
 */
export async function prepareDemoRelay(options: {
  db: Db;
  secrets: SecretStore;
  log: Logger;
  env?: NodeJS.ProcessEnv;
}): Promise<LocalRelay | undefined> {
  const env = options.env ?? process.env;
  const sendKey = secretOrNew(options.secrets, DEMO_SEND_KEY, env.MODALITY_LINK_RELAY_SEND_KEY);
  const listenKey = secretOrNew(options.secrets, DEMO_LISTEN_KEY, env.MODALITY_LINK_RELAY_LISTEN_KEY);
  const external = env.MODALITY_LINK_RELAY_URL;
  const base = external
    ? parseRelayBase(external)
    : {
        scheme: 'ws' as const,
        host: '127.0.0.1',
        port: Number(env.MODALITY_LINK_RELAY_PORT ?? DEFAULT_RELAY_PORT),
      };
  options.db
    .update(gateways)
    .set({
      relayScheme: base.scheme,
      relayHost: base.host,
      relayPort: base.port ?? null,
      ...(env.MODALITY_LINK_GATEWAY_PUBLIC_KEY
        ? { gatewayPublicKey: env.MODALITY_LINK_GATEWAY_PUBLIC_KEY }
        : {}),
    })
    .where(eq(gateways.id, DEMO_GATEWAY_ID))
    .run();
  if (external) return undefined;
  try {
    const relay = await startRelay({
      port: base.port,
      entities: [DEMO_ENTITY],
      rules: [
        { name: 'send', key: sendKey, rights: ['send'] },
        { name: 'listen', key: listenKey, rights: ['listen'] },
      ],
    });
    // With port 0 the relay chose its own port: the demo gateway must point at it.
    options.db.update(gateways).set({ relayPort: relay.port }).where(eq(gateways.id, DEMO_GATEWAY_ID)).run();
    options.log.info({ url: relay.url }, 'embedded local relay listening');
    return relay;
  } catch (error) {
    // Another app instance (or a relay IT started) may already serve this port: use it.
    options.log.warn(
      { port: base.port, err: (error as Error).message },
      'embedded relay not started; using whatever listens on its port',
    );
    return undefined;
  }
}
