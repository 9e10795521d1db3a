// Builds dist/index.js (CommonJS, for plain `node` without the `source` condition) and its type
// declarations. The app and the gateway bundle this package from source; dist is what a consumer
// outside this repository's bundlers would load.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
await build({
  entryPoints: [join(here, 'src/index.ts')],
  outfile: join(here, 'dist/index.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'es2022',
  external: ['better-sqlite3'],
  sourcemap: 'linked',
  logLevel: 'warning',
});
const tsc = spawnSync(
  process.execPath,
  [join(here, '../node_modules/typescript/bin/tsc'), '-p', join(here, 'tsconfig.build.json')],
  { stdio: 'inherit' },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
process.stdout.write('sqlite-migrate: built dist/index.js\n');
