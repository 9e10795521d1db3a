#!/usr/bin/env node
// `npm run fuzz`: every bench/fuzz/*-fuzz.ts, each in its own process, each printing
// `fuzz.<target>.cases|crashes|unclean: N` lines. Prints those lines, then the totals
// `fuzz.cases`, `fuzz.crashes` and `fuzz.unclean` (goal for the last two: 0).
// Exits 1 when a fuzz script itself failed or any crash or unclean reply was counted.
// FUZZ_DIR points it at another folder (its own test uses that).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = path.resolve(process.env.FUZZ_DIR ?? 'bench/fuzz');
const METRICS = ['cases', 'crashes', 'unclean'];
const LINE = /^fuzz\.([A-Za-z0-9_-]+)\.(cases|crashes|unclean): (\d+)$/;

const files = fs.existsSync(dir)
  ? fs
      .readdirSync(dir)
      .filter((name) => name.endsWith('-fuzz.ts'))
      .sort()
  : [];
const totals = Object.fromEntries(METRICS.map((metric) => [metric, 0]));
let failed = false;

for (const name of files) {
  const file = path.join(dir, name);
  console.log(`\n# ${path.relative(process.cwd(), file)}`);
  const run = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', file], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  const lines = (run.stdout ?? '').split('\n').map((line) => line.trim());
  let found = 0;
  for (const line of lines) {
    const match = LINE.exec(line);
    if (!match) continue;
    console.log(line);
    totals[match[2]] += Number(match[3]);
    found += 1;
  }
  if (run.status !== 0 || found === 0) {
    console.log(`# ${name}: exited with ${run.status ?? run.signal} after ${found} figure lines`);
    failed = true;
  }
}

console.log('');
for (const metric of METRICS) console.log(`fuzz.${metric}: ${totals[metric]}`);
process.exit(failed || totals.crashes > 0 || totals.unclean > 0 ? 1 : 0);
