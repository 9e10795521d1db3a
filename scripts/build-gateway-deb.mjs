#!/usr/bin/env node
// `npm run build:gateway-deb [-- --version V] [--out DIR] [--compression xz|gzip|zstd|none]`:
// the gateway's Debian package, with its own Node runtime, into gateway/release/ (gitignored).
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildDeb } from '../gateway/packaging/lib/build-deb.mjs';
import { GATEWAY_DIR, gatewayVersion } from '../gateway/packaging/lib/stage.mjs';

const { values } = parseArgs({
  options: {
    version: { type: 'string' },
    out: { type: 'string' },
    compression: { type: 'string', default: 'xz' },
  },
});
try {
  const deb = await buildDeb({
    version: values.version ?? gatewayVersion(),
    outDir: values.out ?? join(GATEWAY_DIR, 'release'),
    compression: values.compression,
    log: (line) => process.stdout.write(`build-gateway-deb: ${line}\n`),
  });
  process.stdout.write(`build-gateway-deb: wrote ${deb}\n`);
} catch (error) {
  process.stderr.write(`build-gateway-deb: ${error.message}\n`);
  process.exit(1);
}
