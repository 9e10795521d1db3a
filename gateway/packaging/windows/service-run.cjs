'use strict';
// The Windows service's entry point (WinSW runs `node.exe service\service-run.cjs --config FILE`).
// WinSW 1.x has no pre-start hook, so this is the ExecStartPre of the Linux unit: it runs `check --offline`
// (not the relay: an outage must not keep the worklist down; run reconnects by itself) as a child and, only when every check passes, starts `run` in this same process, so WinSW's Ctrl+C on stop
// reaches the gateway directly. A failed check exits 1 and WinSW restarts after its onfailure delay,
// with the FAIL lines in the service log.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const shim = path.join(__dirname, '..', 'bin', 'modality-link-gateway.js');
const args = process.argv.slice(2);
const check = spawnSync(process.execPath, [shim, 'check', '--offline', ...args], { stdio: 'inherit' });
if (check.status !== 0) {
  process.stderr.write(`service: check failed (exit ${check.status ?? check.signal}); not starting\n`);
  process.exit(1);
}
process.argv = [process.argv[0], shim, 'run', ...args];
require(shim);
