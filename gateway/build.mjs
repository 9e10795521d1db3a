// Bundles the gateway CLI into one CommonJS file (gateway/dist/cli.js) for the bin shim and installers.
// better-sqlite3 is native, dcmjs/dcmjs-dimse load codecs dynamically and hyco-ws inspects require.cache:
// they stay external packages.
// The `source` condition bundles the relay helpers, the wire protocol and the migrations package from
// TypeScript source.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const { version } = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));

await build({
  entryPoints: [join(here, 'src/cli.ts')],
  outfile: join(here, 'dist/cli.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  conditions: ['source'],
  // hyco-ws reaches into require.cache for its own ws 1.x copy, which only works unbundled.
  external: ['better-sqlite3', 'dcmjs', 'dcmjs-dimse', 'hyco-ws'],
  define: { __GATEWAY_VERSION__: JSON.stringify(version) },
  sourcemap: 'linked',
  legalComments: 'none',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
process.stdout.write(`gateway: built dist/cli.js (${version})\n`);
