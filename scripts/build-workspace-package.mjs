// How a library workspace package (protocol/, sqlite-migrate/) builds its dist: one CommonJS bundle
// (dist/index.js, for plain `node` without the `source` condition) and its type declarations
// (tsconfig.build.json). The app and the gateway bundle these packages from source; dist is what a
// consumer outside this repository's bundlers would load.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * @param {string} packageDir the package's folder
 * @param {{ platform: 'node' | 'neutral', external: string[] }} options `neutral` for code that also runs in a browser
 */
export async function buildWorkspacePackage(packageDir, { platform, external }) {
  await build({
    entryPoints: [join(packageDir, 'src/index.ts')],
    outfile: join(packageDir, 'dist/index.js'),
    bundle: true,
    platform,
    // A neutral build picks no package entry by default; ours and zod's are ESM `module` or `main`.
    ...(platform === 'neutral' ? { mainFields: ['module', 'main'] } : {}),
    format: 'cjs',
    target: 'es2022',
    external,
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  const tsc = spawnSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(packageDir, 'tsconfig.build.json')],
    { stdio: 'inherit' },
  );
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  process.stdout.write(`${basename(packageDir)}: built dist/index.js\n`);
}
