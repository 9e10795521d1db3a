import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import type { LocalRelay } from 'modality-link-relay';
import { generateSigningKeyPair, type ExportedKeyPair } from 'modality-link-protocol';
import { LISTEN_KEY, SEND_KEY } from '../test-support/test-gateway';
import { freePort, listenOnLoopback } from '../test-support/free-port';

/** A FHIR server that answers 503 to the first `failures` requests, then 201; records what it got. */
export async function startFhirServer(failures: number) {
  const requests: Array<{ ifNoneExist: string | undefined; body: string }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests.push({ ifNoneExist: req.headers['if-none-exist'] as string | undefined, body });
      if (requests.length <= failures) {
        res.writeHead(503).end();
        return;
      }
      res.writeHead(201, {
        'content-type': 'application/fhir+json',
        location: `ServiceRequest/${requests.length}`,
      });
      res.end(JSON.stringify({ resourceType: 'ServiceRequest', id: String(requests.length) }));
    });
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((r) => server.close(r)),
  };
}

/** An MLLP listener answering each order with the next code in `codes` (AA, AE, AR), with an error text. */
export async function startMllpServer(codes: Array<'AA' | 'AE' | 'AR'>) {
  const received: string[] = [];
  const server = net.createServer((socket) => {
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      const end = buffer.indexOf('\x1c\r');
      if (end < 0) return;
      const message = buffer.slice(buffer.indexOf('\x0b') + 1, end);
      buffer = buffer.slice(end + 2);
      received.push(message);
      const code = codes[Math.min(received.length - 1, codes.length - 1)]!;
      const controlId = message.split('\r')[0]!.split('|')[9] ?? '';
      const text = code === 'AA' ? '' : code === 'AE' ? 'Unknown procedure code' : 'Order refused';
      const ack = `MSH|^~\\&|RIS|R99|MODALITY-LINK|R99|20261127090000||ACK^O01|A${received.length}|P|2.4\rMSA|${code}|${controlId}|${text}`;
      socket.write(`\x0b${ack}\x1c\r`);
    });
    socket.on('error', () => {});
  });
  const port = await listenOnLoopback(server);
  return {
    port,
    received,
    close: () => new Promise((r) => server.close(r)),
  };
}

export interface GatewaySetup {
  dir: string;
  configFile: string;
  gatewayKey: ExportedKeyPair;
  worklistPort: number;
  aeTitle: string;
  storagePort: number;
  storageAeTitle: string;
}

/** A gateway configuration for the test relay, trusting one workstation, as IT would write it. */
export async function writeGatewayConfig(options: {
  relay: LocalRelay;
  workstation: { id: string; publicKey: string };
  fhirUrl: string;
  mllpPort: number;
  /** Unacknowledged actions a session may have in flight; small values slow a burst down. */
  window?: number;
  /** The gateway's key pair, when the app must enrol it before the gateway starts. */
  gatewayKey?: ExportedKeyPair;
  /** Turn on the storage SCP (images) on a free port. */
  storage?: boolean;
  /** The gateway's `profiles` section, e.g. to turn the production `nhs-gateway/1` profile on. */
  profiles?: Record<string, unknown>;
}): Promise<GatewaySetup> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-integration-'));
  const gatewayKey = options.gatewayKey ?? (await generateSigningKeyPair());
  fs.writeFileSync(
    path.join(dir, 'signing-key.json'),
    JSON.stringify({
      key_id: gatewayKey.keyId,
      public_key: gatewayKey.publicKey,
      private_key: gatewayKey.privateKey,
    }),
    { mode: 0o600 },
  );
  fs.writeFileSync(path.join(dir, 'listen.key'), LISTEN_KEY, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'send.key'), SEND_KEY, { mode: 0o600 });
  const worklistPort = await freePort();
  const storagePort = await freePort();
  const aeTitle = 'ALPHA_MWL';
  const storageAeTitle = 'ALPHA_PACS';
  const config = {
    gateway: { id: 'gw-alpha', name: 'Alpha Hospital Trust gateway' },
    relay: {
      endpoint: options.relay.url,
      hybrid_connection: 'alpha-gateway',
      listen: { rule: 'listen', key: 'file:listen.key' },
      send: { rule: 'send', key: 'file:send.key' },
      backoff: { initial_ms: 50, max_ms: 500 },
    },
    data_dir: './data',
    signing_key: 'file:signing-key.json',
    trusted_workstations: [
      { name: 'clinic-workstation', id: options.workstation.id, public_key: options.workstation.publicKey },
    ],
    destinations: [
      { name: 'mwl', type: 'worklist' },
      { name: 'trust-fhir', type: 'fhir', base_url: options.fhirUrl, timeout_ms: 2000 },
      { name: 'tie-hl7', type: 'hl7-mllp', host: '127.0.0.1', port: options.mllpPort, timeout_ms: 2000 },
      { name: 'not-allowed', type: 'file', directory: './out/not-allowed' },
    ],
    allowed_destinations: ['mwl', 'trust-fhir', 'tie-hl7'],
    worklist: { enabled: true, host: '127.0.0.1', port: worklistPort, ae_title: aeTitle, mpps: true },
    storage: {
      enabled: options.storage ?? false,
      host: '127.0.0.1',
      port: storagePort,
      ae_title: storageAeTitle,
    },
    watchdog: { interval_seconds: 3600, timeout_seconds: 5 },
    session: { window: options.window ?? 4096, event_resend_seconds: 0.5 },
    delivery: { max_attempts: 6, initial_backoff_ms: 20, max_backoff_ms: 100 },
    ...(options.profiles ? { profiles: options.profiles } : {}),
  };
  const configFile = path.join(dir, 'gateway.yaml');
  fs.writeFileSync(configFile, stringify(config));
  return { dir, configFile, gatewayKey, worklistPort, aeTitle, storagePort, storageAeTitle };
}

/** Stops a gateway process started for a test (if it is still running) and waits until it has exited. */
export async function stopGateway(gateway: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM') {
  if (!gateway || gateway.exitCode !== null) return;
  const exited = new Promise((resolve) => gateway.once('exit', resolve));
  gateway.kill(signal);
  await exited;
}
