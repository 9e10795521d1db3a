#!/usr/bin/env node
// `npm run screenshots`: builds, then runs the end-to-end specs that take the README's screenshots
// (docs/images/*.png). `npm test` runs the same specs without writing them.
import { spawnSync } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const built = spawnSync(npm, ['run', '--silent', 'build'], { stdio: 'inherit' }).status;
if (built !== 0) process.exit(built ?? 1);
const specs = [
  'e2e/clinic-day.spec.ts',
  'e2e/return-path.spec.ts',
  'e2e/delivery-alerts.spec.ts',
  'e2e/dashboard.spec.ts',
  'e2e/rehearsal.spec.ts',
];
const run = spawnSync(npx, ['playwright', 'test', ...specs], {
  stdio: 'inherit',
  env: { ...process.env, MODALITY_LINK_SCREENSHOTS: '1' },
});
process.exit(run.status ?? 1);
