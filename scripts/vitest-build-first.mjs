// Vitest global set-up: several integration tests run the built app, relay and gateway as real
// processes, so `npm run test:unit` on a fresh clone (or after an edit) builds first when the build
// stamp says the outputs are missing or stale — the same decision `npm start` makes. `npm test` has
// just built, so this is a fingerprint check and nothing more there.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDecision } from './build-stamp.mjs';

export default function buildFirst() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const decision = buildDecision(root);
  if (!decision.build) return;
  console.log(`vitest: building first (${decision.reason})…`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const built = spawnSync(npm, ['run', '--silent', 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    shell: process.platform === 'win32',
  });
  if (built.status !== 0) throw new Error('npm run build failed before the tests (see above)');
}
