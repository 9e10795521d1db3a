#!/usr/bin/env node
// `npm start`: the whole demo on one machine, no Azure account or hardware needed. It builds (unless
// the sources are unchanged), starts the app (the desktop window, or the same app in your browser where
// Electron cannot start) with its embedded local relay, then the gateway enrolled with the app, then the
// modality simulator polling the worklist, so "Send to modality" goes all the way to "Complete".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildDecision } from './build-stamp.mjs';
import { electronBinaryPath, electronUnavailableReason } from './electron-availability.mjs';
import { DEMO_AE, freeDemoPorts, prepareDemo, writeGatewayConfig } from './demo/demo-setup.mjs';
import { startProcess, stopAll } from './demo/processes.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const node = process.execPath;
const processes = [];
let stopping;

/** Stops every child and waits for each before exiting: exiting first left the gateway running. */
function stop(code) {
  if (!stopping && processes.length > 0) console.log('start: stopping the app, gateway and simulator…');
  stopping ??= stopAll(processes).then(() => process.exit(code));
  return stopping;
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

/** Starts a child unless Ctrl-C came while an earlier one was starting. */
function launch(name, command, args, options) {
  if (stopping) throw new Error('stopping');
  const started = startProcess(name, command, args, options);
  processes.push(started);
  return started;
}

async function main() {
  const decision = buildDecision(process.cwd());
  if (decision.build) {
    console.log(`start: building the app and the gateway (${decision.reason})…`);
    const built = spawnSync(npm, ['run', '--silent', 'build'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      shell: process.platform === 'win32',
    });
    if (built.status !== 0) throw new Error('the build failed (see above)');
  } else {
    console.log(`start: not building: ${decision.reason}`);
  }

  const dataDir = spawnSync(node, ['out/main/web.js', '--print-data-dir'], {
    encoding: 'utf8',
  }).stdout.trim();
  const ports = await freeDemoPorts();
  const webPort = process.env.MODALITY_LINK_WEB_PORT ?? String(ports.web);
  const demo = prepareDemo(dataDir, ports);
  const appEnv = {
    MODALITY_LINK_DATA_DIR: dataDir,
    MODALITY_LINK_RELAY_PORT: String(ports.relay),
    MODALITY_LINK_WEB_PORT: webPort,
    MODALITY_LINK_RELAY_SEND_KEY: demo.sendKey,
    MODALITY_LINK_RELAY_LISTEN_KEY: demo.listenKey,
    MODALITY_LINK_GATEWAY_PUBLIC_KEY: demo.gatewayPublicKey,
    MODALITY_LINK_LOG_LEVEL: process.env.MODALITY_LINK_LOG_LEVEL ?? 'warn',
  };
  console.log(`start: local relay on ws://127.0.0.1:${ports.relay}`);

  const reason = electronUnavailableReason();
  if (reason) {
    console.log(`Electron cannot start here: ${reason}. Serving Modality Link to your browser instead.`);
    await launch('app', node, ['out/main/web.js'], { env: appEnv, ready: /^UI: \S+$/m }).ready;
  } else {
    launch('app', electronBinaryPath(), ['.'], { env: appEnv });
  }

  // The app writes its public identity on start; the gateway enrols it.
  const card = path.join(dataDir, 'workstation.json');
  for (let i = 0; i < 200 && !fs.existsSync(card); i++) await new Promise((r) => setTimeout(r, 100));
  writeGatewayConfig(demo, JSON.parse(fs.readFileSync(card, 'utf8')));
  // Started the way the installed service starts it: node with the service's flags, then the bin shim.
  const serviceFlags = JSON.parse(fs.readFileSync('gateway/service-node-flags.json', 'utf8'));
  const gateway = launch(
    'gateway',
    node,
    [...serviceFlags, 'gateway/bin/modality-link-gateway.js', 'run', '--config', demo.configFile],
    { ready: /listener connected/, quiet: true },
  );
  await gateway.ready;
  console.log(
    `start: gateway listening on the local relay; worklist and MPPS on 127.0.0.1:${ports.worklist} (AE ${DEMO_AE.worklist}), images on 127.0.0.1:${ports.storage} (AE ${DEMO_AE.storage})`,
  );

  const simulator = path.join('gateway', 'src', 'modality-sim', 'cli.ts');
  if (fs.existsSync(simulator)) {
    const args = [
      '--conditions=source',
      '--import',
      'tsx',
      simulator,
      '--poll-seconds',
      '3',
      '--ae',
      DEMO_AE.modality,
    ];
    args.push('--mwl-port', String(ports.worklist), '--mwl-ae', DEMO_AE.worklist);
    args.push('--store-port', String(ports.storage), '--store-ae', DEMO_AE.storage);
    launch('modality', node, args);
    console.log(`start: modality simulator ${DEMO_AE.modality} polls the worklist every 3 s`);
  }
  console.log('start: check a participant in and send them to the modality. Ctrl-C stops everything.');
}

main().catch((error) => {
  // After Ctrl-C a child that was still starting exits "before it was ready": that is no failure.
  if (stopping) return;
  console.error(`start: ${error.message}`);
  void stop(1);
});
