#!/usr/bin/env node
// `npm start`: the whole demo on one machine, no Azure account or hardware needed. It builds, starts the
// app (the desktop window, or the same app in your browser where Electron cannot start) with its
// embedded local relay, then the gateway enrolled with the app, then the modality simulator polling the
// worklist, so "Send to modality" goes all the way to "Complete" with thumbnails.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildDecision } from './build-stamp.mjs';
import { electronBinaryPath, electronUnavailableReason } from './electron-availability.mjs';
import { DEMO_AE, DEMO_PORTS, prepareDemo, writeGatewayConfig } from './demo/demo-setup.mjs';
import { startProcess, stopAll } from './demo/processes.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const node = process.execPath;
const processes = [];
const stop = () => {
  stopAll(processes);
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

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
  const demo = prepareDemo(dataDir);
  const appEnv = {
    MODALITY_LINK_DATA_DIR: dataDir,
    MODALITY_LINK_RELAY_PORT: String(DEMO_PORTS.relay),
    MODALITY_LINK_RELAY_SEND_KEY: demo.sendKey,
    MODALITY_LINK_RELAY_LISTEN_KEY: demo.listenKey,
    MODALITY_LINK_GATEWAY_PUBLIC_KEY: demo.gatewayPublicKey,
    MODALITY_LINK_LOG_LEVEL: process.env.MODALITY_LINK_LOG_LEVEL ?? 'warn',
  };

  const reason = electronUnavailableReason();
  if (reason) {
    console.log(`Electron cannot start here: ${reason}. Serving Modality Link to your browser instead.`);
    const app = startProcess('app', node, ['out/main/web.js'], { env: appEnv, ready: /^UI: \S+$/m });
    processes.push(app);
    await app.ready;
  } else {
    const app = startProcess('app', electronBinaryPath(), ['.'], { env: appEnv });
    processes.push(app);
  }

  // The app writes its public identity on start; the gateway enrols it.
  const card = path.join(dataDir, 'workstation.json');
  for (let i = 0; i < 200 && !fs.existsSync(card); i++) await new Promise((r) => setTimeout(r, 100));
  writeGatewayConfig(demo, JSON.parse(fs.readFileSync(card, 'utf8')));
  // Started the way the installed service starts it: node with the service's flags, then the bin shim.
  const serviceFlags = JSON.parse(fs.readFileSync('gateway/service-node-flags.json', 'utf8'));
  const gateway = startProcess(
    'gateway',
    node,
    [...serviceFlags, 'gateway/bin/modality-link-gateway.js', 'run', '--config', demo.configFile],
    {
      ready: /listener connected/,
      quiet: true,
    },
  );
  processes.push(gateway);
  await gateway.ready;
  console.log(
    `start: gateway listening on the local relay; worklist and MPPS on 127.0.0.1:${DEMO_PORTS.worklist} (AE ${DEMO_AE.worklist}), images on 127.0.0.1:${DEMO_PORTS.storage} (AE ${DEMO_AE.storage})`,
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
    args.push('--mwl-port', String(DEMO_PORTS.worklist), '--mwl-ae', DEMO_AE.worklist);
    args.push('--store-port', String(DEMO_PORTS.storage), '--store-ae', DEMO_AE.storage);
    processes.push(startProcess('modality', node, args));
    console.log(`start: modality simulator ${DEMO_AE.modality} polls the worklist every 3 s`);
  }
  console.log('start: check a participant in and send them to the modality. Ctrl-C stops everything.');
}

main().catch((error) => {
  console.error(`start: ${error.message}`);
  stopAll(processes);
  process.exit(1);
});
