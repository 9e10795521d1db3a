import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/main/db/open-database';
import { generateLargeClinic } from '../../src/main/db/seed/large-clinic';
import { seedDemoData } from '../../src/main/db/seed/demo-seed';
import { localDate } from '../../src/main/db/seed/local-time';
import { DEMO_ENTITY } from '../../src/main/relay/demo-relay';
import { freePort } from '../../test-support/free-port';
import { DEMO_AE, prepareDemo, writeGatewayConfig } from '../../scripts/demo/demo-setup.mjs';
import { SupervisedProcess } from './supervised-process';

const ROOT = path.resolve(__dirname, '../..');
/**
 * All three run as built and installed (`npm run build`): the app's web host, and the relay's and the
 * gateway's bin shims, the gateway with the service's node flags as `npm start` and the packages run it.
 * Each is one node process, so a SIGKILL hits the real thing; built code also restarts in about half
 * the time tsx needs on a busy machine, and a restart's length is part of every fault.
 */
const WEB_ENTRY = path.join(ROOT, 'out/main/web.js');
const RELAY_BIN = path.join(ROOT, 'relay/bin/modality-link-relay.js');
const GATEWAY_BIN = path.join(ROOT, 'gateway/bin/modality-link-gateway.js');
const BUILT = [WEB_ENTRY, path.join(ROOT, 'relay/dist/cli.js'), path.join(ROOT, 'gateway/dist/cli.js')];
const gatewayNodeFlags = () =>
  JSON.parse(fs.readFileSync(path.join(ROOT, 'gateway/service-node-flags.json'), 'utf8')) as string[];

export interface ChaosWorld {
  root: string;
  appDataDir: string;
  appDb: string;
  gatewayDb: string;
  dropDirs: string[];
  clinicId: string;
  appointmentIds: string[];
  worklist: { port: number; aeTitle: string };
  relay: SupervisedProcess;
  gateway: SupervisedProcess;
  app: SupervisedProcess;
}

/**
 * Everything a clinic and a hospital would have, in one temporary folder: the app's database with a
 * large clinic for today, the demo gateway's keys and configuration (the same files `npm start` writes,
 * on free ports), and the three processes ready to start. The app is started once here, because the
 * gateway can only be configured to trust the workstation identity the app creates on its first start.
 */
export async function prepareChaosWorld(options: {
  appointments: number;
  seed: number;
}): Promise<ChaosWorld> {
  for (const file of BUILT)
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first.`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-chaos-'));
  const appDataDir = path.join(root, 'app');
  const logs = path.join(root, 'logs');
  fs.mkdirSync(logs);
  const relayPort = await freePort();
  const worklistPort = await freePort();

  // The clinic exists before the app first opens the database; its start-up seeding adds only what is missing.
  const appDb = path.join(appDataDir, 'modality-link.db');
  const db = openDatabase(appDb);
  const now = new Date();
  seedDemoData(db, { now, relayPort });
  const clinicId = generateLargeClinic(db, {
    date: localDate(now, 'Europe/London'),
    appointments: options.appointments,
    seed: options.seed,
    id: `clinic-chaos-${options.seed}`,
  });
  db.$client.close();
  const appointmentIds = Array.from({ length: options.appointments }, (_, i) => `${clinicId}-appt-${i + 1}`);

  const demo = prepareDemo(root);
  const relay = new SupervisedProcess({
    name: 'relay',
    command: process.execPath,
    args: [
      RELAY_BIN,
      ...['--port', String(relayPort), '--entity', DEMO_ENTITY],
      ...['--rule', `send:${demo.sendKey}:send`, '--rule', `listen:${demo.listenKey}:listen`],
    ],
    ready: /relay listening on (\S+)/,
    logFile: path.join(logs, 'relay.log'),
  });
  const app = new SupervisedProcess({
    name: 'app',
    command: process.execPath,
    args: [WEB_ENTRY],
    env: {
      MODALITY_LINK_DATA_DIR: appDataDir,
      MODALITY_LINK_RELAY_URL: `ws://127.0.0.1:${relayPort}`,
      MODALITY_LINK_RELAY_SEND_KEY: demo.sendKey,
      MODALITY_LINK_RELAY_LISTEN_KEY: demo.listenKey,
      MODALITY_LINK_GATEWAY_PUBLIC_KEY: demo.gatewayPublicKey,
      MODALITY_LINK_LOG_LEVEL: 'warn',
    },
    ready: /^UI: (\S+)$/m,
    logFile: path.join(logs, 'app.log'),
  });
  await app.start();
  const card = JSON.parse(fs.readFileSync(path.join(appDataDir, 'workstation.json'), 'utf8')) as {
    workstationId: string;
    publicKey: string;
  };
  writeGatewayConfig(demo, card, {
    relay: {
      endpoint: `ws://127.0.0.1:${relayPort}`,
      hybrid_connection: DEMO_ENTITY,
      listen: { rule: 'listen', key: 'file:relay-listen.key' },
      send: { rule: 'send', key: 'file:relay-send.key' },
    },
    worklist: {
      enabled: true,
      host: '127.0.0.1',
      port: worklistPort,
      ae_title: DEMO_AE.worklist,
      mpps: true,
    },
    storage: { enabled: false },
    log: { level: 'info' },
  });
  // The drop folders as IT would create them for the demo routes (FHIR and HL7 v2 as files), so file
  // drops are counted rather than failing for a missing folder.
  const dropDirs = ['fhir', 'hl7'].map((d) => path.join(demo.dir, 'deliveries', d));
  for (const dir of dropDirs) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const gateway = new SupervisedProcess({
    name: 'gateway',
    command: process.execPath,
    args: [...gatewayNodeFlags(), GATEWAY_BIN, 'run', '--config', demo.configFile],
    ready: /"gateway started"/,
    logFile: path.join(logs, 'gateway.log'),
  });
  return {
    root,
    appDataDir,
    appDb,
    gatewayDb: path.join(demo.dir, 'data', 'gateway.sqlite'),
    dropDirs,
    clinicId,
    appointmentIds,
    worklist: { port: worklistPort, aeTitle: DEMO_AE.worklist },
    relay,
    gateway,
    app,
  };
}
