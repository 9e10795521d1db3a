#!/usr/bin/env node
// `npm run bench`: every benchmark, each printing `name: value unit` lines with its own baseline from
// the same run. Figures are reported, never judged: tests do not assert time.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const node = process.execPath;
const benches = [
  ['relay', [node, '--conditions=source', '--import', 'tsx', 'relay/bench/relay-bench.ts']],
  ['dispatch', [node, '--conditions=source', '--import', 'tsx', 'bench/dispatch-bench.ts']],
  ['dispatch-idle', [node, '--conditions=source', '--import', 'tsx', 'bench/idle-latency-bench.ts']],
  ['decode', [node, '--conditions=source', '--import', 'tsx', 'bench/decode-bench.ts']],
  ['gateway', [node, '--conditions=source', '--import', 'tsx', 'gateway/bench/gateway-bench.ts']],
  ['gateway-cfind', [node, '--conditions=source', '--import', 'tsx', 'gateway/bench/cfind-bench.ts']],
  ['gateway-store', [node, '--conditions=source', '--import', 'tsx', 'gateway/bench/store-bench.ts']],
  ['app-start', [node, '--conditions=source', '--import', 'tsx', 'bench/app-start-bench.ts']],
  ['ui', [node, '--conditions=source', '--import', 'tsx', 'bench/ui-bench.ts']],
  ['ui-render', [node, '--conditions=source', '--import', 'tsx', 'bench/ui-render-bench.ts']],
  ['import', [node, '--conditions=source', '--import', 'tsx', 'bench/import-bench.ts']],
];

let failed = false;
for (const [name, [cmd, ...args]] of benches) {
  const script = args.at(-1);
  if (!fs.existsSync(script)) continue;
  console.log(`\n# ${name} (${script})`);
  const { status } = spawnSync(cmd, args, { stdio: 'inherit' });
  if (status !== 0) {
    console.log(`# ${name}: exited with ${status}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
