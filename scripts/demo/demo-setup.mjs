// The demo's gateway set-up, made once per data folder: relay keys for the embedded local relay, the
// gateway's signing key and its configuration. Everything stays on loopback; nothing here is a real
// site's secret, but keys are still written 0600 as a real install would.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

import { freePort } from './processes.mjs';

/** The ports a demo gateway gets when none are chosen (the chaos benchmark overrides them all). */
export const DEMO_PORTS = { relay: 47653, worklist: 4243, storage: 4244 };
export const DEMO_AE = { worklist: 'ALPHA_MWL', storage: 'ALPHA_PACS', modality: 'ALPHA_MG1' };

const writeSecret = (file, text) => fs.writeFileSync(file, text, { mode: 0o600 });

function ensureKey(file) {
  if (!fs.existsSync(file)) writeSecret(file, crypto.randomBytes(32).toString('base64'));
  return fs.readFileSync(file, 'utf8').trim();
}

/** Ed25519 key pair in the gateway's key-file shape; the key id is the first 16 bytes of SHA-256 of the raw key. */
function ensureSigningKey(file) {
  if (!fs.existsSync(file)) {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
    const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
    writeSecret(
      file,
      JSON.stringify({
        key_id: crypto.createHash('sha256').update(raw).digest('hex').slice(0, 32),
        public_key: raw.toString('base64'),
        private_key: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
      }),
    );
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * Ports free on this machine now, for one `npm start`: fixed ports made a second demo, or a demo and a
 * test run, fail on "address in use". Chosen afresh each start; the config is rewritten each start too.
 */
export async function freeDemoPorts() {
  const taken = [];
  while (taken.length < 4) taken.push(await freePort(taken));
  const [relay, worklist, storage, web] = taken;
  return { relay, worklist, storage, web };
}

export function prepareDemo(dataDir, ports = DEMO_PORTS) {
  const dir = path.join(dataDir, 'demo', 'gateway');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const sendKey = ensureKey(path.join(dir, 'relay-send.key'));
  const listenKey = ensureKey(path.join(dir, 'relay-listen.key'));
  const signing = ensureSigningKey(path.join(dir, 'gateway-signing-key.json'));
  return {
    dir,
    sendKey,
    listenKey,
    gatewayPublicKey: signing.public_key,
    configFile: path.join(dir, 'gateway.yaml'),
    ports,
  };
}

/** Writes the gateway's configuration, trusting the workstation the app created. */
export function writeGatewayConfig(demo, workstation, extra = {}) {
  const config = {
    gateway: { id: 'alpha-gateway', name: 'Alpha Hospital Trust gateway (demo)' },
    relay: {
      endpoint: `ws://127.0.0.1:${demo.ports.relay}`,
      hybrid_connection: 'alpha-gateway',
      listen: { rule: 'listen', key: 'file:relay-listen.key' },
      send: { rule: 'send', key: 'file:relay-send.key' },
    },
    data_dir: './data',
    signing_key: 'file:gateway-signing-key.json',
    trusted_workstations: [
      { name: 'demo-workstation', id: workstation.workstationId, public_key: workstation.publicKey },
    ],
    destinations: [
      { name: 'mwl', type: 'worklist' },
      { name: 'trust-fhir', type: 'file', directory: './deliveries/fhir' },
      { name: 'tie-hl7', type: 'file', directory: './deliveries/hl7' },
    ],
    worklist: {
      enabled: true,
      host: '127.0.0.1',
      port: demo.ports.worklist,
      ae_title: DEMO_AE.worklist,
      mpps: true,
      // Only the simulated modality may query, report procedures or send images, as in a real site.
      allowed_calling_ae_titles: [DEMO_AE.modality],
    },
    storage: {
      enabled: true,
      host: '127.0.0.1',
      port: demo.ports.storage,
      ae_title: DEMO_AE.storage,
      allowed_calling_ae_titles: [DEMO_AE.modality],
    },
    // The demo turns the unsigned compatibility profiles on, so a gateway set to either in the app still
    // reaches this gateway. A real site leaves them off (ADR 0012); the gateway logs a warning for each.
    profiles: {
      'nhs-gateway/1': {
        enabled: true,
        actions: ['worklist.create_item', 'worklist.update_status', 'message.deliver', 'echo', 'health'],
      },
      'poc-five': { enabled: true, actions: ['message.deliver'] },
    },
    // info, so the demo sees "listener connected"; it prints only warnings and errors.
    log: { level: 'info' },
    ...extra,
  };
  fs.writeFileSync(
    demo.configFile,
    `# Written by npm start for the local demo; see docs/gateway.md.\n${stringify(config)}`,
  );
}
