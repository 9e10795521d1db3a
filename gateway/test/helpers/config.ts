import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { generateSigningKeyPair, type ExportedKeyPair } from 'modality-link-protocol';
import { ConfigError, loadConfig } from '#gateway/config/load';
import { ENTITY, LISTEN_RULE, SEND_RULE, type TestRelay } from './relay';

export interface TestSetup {
  dir: string;
  configFile: string;
  gatewayKey: ExportedKeyPair;
  workstationKey: ExportedKeyPair;
  workstationId: string;
}

/**
 * The unsigned compatibility profiles turned on, as every test that speaks them must say explicitly:
 * they are off by default (ADR 0012). nhs-gateway/1 also gets message.deliver, which the tests use.
 */
export const COMPAT_PROFILES_ON = {
  'nhs-gateway/1': {
    enabled: true,
    actions: ['worklist.create_item', 'worklist.update_status', 'message.deliver', 'echo', 'health'],
  },
  'poc-five': { enabled: true, actions: ['message.deliver'] },
};

/**
 * Writes a gateway config for the test relay into a fresh temp folder: secrets by `env:`/`file:`
 * references as in production, one enrolled workstation, a `test-sink` destination on the allow-list
 * and a second configured one (`off-list`) that is not. Timers are short so tests run on counts, fast.
 */
export async function writeTestConfig(
  relay: TestRelay,
  overrides: Record<string, unknown> = {},
): Promise<TestSetup> {
  const dir = mkdtempSync(join(tmpdir(), 'ml-gateway-'));
  const gatewayKey = await generateSigningKeyPair();
  const workstationKey = await generateSigningKeyPair();
  const workstationId = 'ws-test-1';
  writeFileSync(
    join(dir, 'signing-key.json'),
    JSON.stringify({
      key_id: gatewayKey.keyId,
      public_key: gatewayKey.publicKey,
      private_key: gatewayKey.privateKey,
    }),
    { mode: 0o600 },
  );
  writeFileSync(join(dir, 'listen.key'), `${relay.listenKey}\n`, { mode: 0o600 });
  writeFileSync(join(dir, 'send.key'), relay.sendKey, { mode: 0o600 });
  const config = {
    gateway: { id: 'gw-test', name: 'Test gateway' },
    relay: {
      endpoint: relay.relay.url,
      hybrid_connection: ENTITY,
      listen: { rule: LISTEN_RULE, key: 'file:listen.key' },
      send: { rule: SEND_RULE, key: 'file:send.key' },
      backoff: { initial_ms: 50, max_ms: 500 },
    },
    data_dir: './data',
    signing_key: 'file:signing-key.json',
    trusted_workstations: [{ name: 'reception-1', id: workstationId, public_key: workstationKey.publicKey }],
    destinations: [
      { name: 'test-sink', type: 'file', directory: './out/sink' },
      { name: 'off-list', type: 'file', directory: './out/off-list' },
    ],
    allowed_destinations: ['test-sink'],
    worklist: { enabled: false },
    watchdog: { interval_seconds: 3600, timeout_seconds: 2 },
    session: { window: 2048, event_resend_seconds: 0.3 },
    delivery: { max_attempts: 3, initial_backoff_ms: 10, max_backoff_ms: 50 },
    log: { level: 'silent' },
    ...overrides,
  };
  const configFile = join(dir, 'gateway.yaml');
  writeFileSync(configFile, stringify(config));
  return { dir, configFile, gatewayKey, workstationKey, workstationId };
}

/** The issues `loadConfig` reports for a config file, as `path: message` lines; throws if it loads. */
export function configIssuesOf(file: string): string[] {
  try {
    loadConfig(file);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  throw new Error('expected a ConfigError');
}
