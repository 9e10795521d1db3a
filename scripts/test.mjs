#!/usr/bin/env node
// `npm test`: typecheck, lint, build, unit/integration tests (vitest) and end-to-end tests (Playwright).
// CI reads neither runner's own closing line, so this prints one plain `<runner>: N passed, N failed,
// N skipped` line per runner from their JSON reports, and exits non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const reports = path.resolve('.reports');
fs.rmSync(reports, { recursive: true, force: true });
fs.mkdirSync(reports, { recursive: true });
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

const summary = [];
let failed = false;
function step(name, cmd, args) {
  const started = Date.now();
  const status = run(cmd, args);
  console.log(
    `\n== ${name}: ${status === 0 ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
  if (status !== 0) failed = true;
  return status === 0;
}

step('typecheck', npm, ['run', '--silent', 'typecheck']);
step('lint', npm, ['run', '--silent', 'lint']);
const builtOk = step('build', npm, ['run', '--silent', 'build']);

const vitestJson = path.join(reports, 'vitest.json');
run(npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
summary.push(readVitest(vitestJson));

const playwrightJson = path.join(reports, 'playwright.json');
if (builtOk)
  run(npx, ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson });
summary.push(readPlaywright(playwrightJson, builtOk));

console.log('');
for (const line of summary) {
  console.log(line.text);
  if (line.failed > 0) failed = true;
}
process.exit(failed ? 1 : 0);

function readVitest(file) {
  try {
    const r = JSON.parse(fs.readFileSync(file, 'utf8'));
    const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    // A suite that fails to load has no failed tests but must still fail the run.
    const failedCount =
      r.numFailedTests + (r.numFailedTestSuites > 0 && r.numFailedTests === 0 ? r.numFailedTestSuites : 0);
    return {
      failed: failedCount,
      text: `vitest: ${r.numPassedTests} passed, ${failedCount} failed, ${skipped} skipped`,
    };
  } catch {
    return {
      failed: 1,
      text: 'vitest: 0 passed, 1 failed, 0 skipped (no report: the runner did not finish)',
    };
  }
}

function readPlaywright(file, built) {
  if (!built)
    return { failed: 1, text: 'playwright: 0 passed, 1 failed, 0 skipped (not run: the build failed)' };
  try {
    const { stats, errors = [] } = JSON.parse(fs.readFileSync(file, 'utf8'));
    const failedCount = stats.unexpected + (errors.length > 0 && stats.unexpected === 0 ? errors.length : 0);
    return {
      failed: failedCount,
      text: `playwright: ${stats.expected + stats.flaky} passed, ${failedCount} failed, ${stats.skipped} skipped`,
    };
  } catch {
    return {
      failed: 1,
      text: 'playwright: 0 passed, 1 failed, 0 skipped (no report: the runner did not finish)',
    };
  }
}
