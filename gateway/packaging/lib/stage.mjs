// Builds the gateway's self-contained folder: the Node runtime, the esbuild bundle, the bin shim, and the
// packages the bundle loads at run time. The .deb and the Windows zip are this folder plus their own
// service files.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { nodeRuntime, NODE_VERSION } from './node-runtime.mjs';
import { copyClosure, runtimeClosure } from './runtime-deps.mjs';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const GATEWAY_DIR = join(REPO_ROOT, 'gateway');

/**
 * Kept in step with gateway/build.mjs: native, dynamically loaded or require.cache-inspecting packages
 * stay outside the bundle and are copied as packages.
 */
export const EXTERNALS = ['better-sqlite3', 'dcmjs', 'dcmjs-dimse', 'hyco-ws'];

/** ws 8 tries these native speed-ups inside try/catch and works without them. */
const OPTIONAL_IMPORTS = new Set(['bufferutil', 'utf-8-validate']);

export function gatewayVersion() {
  return JSON.parse(readFileSync(join(GATEWAY_DIR, 'package.json'), 'utf8')).version;
}

/**
 * Stages the folder for `os` ('linux' or 'win') into `outDir` (emptied first).
 * Returns {closure, nodeDir} for the packagers (licences, control fields).
 */
export async function stageGateway({ os, version, outDir }) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'bin'), { recursive: true });
  // Bundled here rather than by gateway/build.mjs: the version is the package's (tests build a bumped
  // one), and gateway/dist is shared with colleagues' running tests.
  const result = await build({
    entryPoints: [join(GATEWAY_DIR, 'src/cli.ts')],
    outfile: join(outDir, 'dist/cli.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    conditions: ['source'],
    external: EXTERNALS,
    define: { __GATEWAY_VERSION__: JSON.stringify(version) },
    legalComments: 'none',
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    metafile: true,
  });
  const imported = new Set(
    Object.values(result.metafile.outputs).flatMap((o) =>
      o.imports.filter((i) => i.external && !i.path.startsWith('node:')).map((i) => i.path.split('/')[0]),
    ),
  );
  for (const name of imported) {
    if (EXTERNALS.includes(name) || builtinModules.includes(name) || OPTIONAL_IMPORTS.has(name)) continue;
    throw new Error(`the bundle imports ${name} at run time but it is not staged`);
  }
  copyFileSync(
    join(GATEWAY_DIR, 'bin/modality-link-gateway.js'),
    join(outDir, 'bin/modality-link-gateway.js'),
  );

  const closure = runtimeClosure(EXTERNALS, GATEWAY_DIR, REPO_ROOT);
  copyClosure(closure, outDir);
  const nodeDir = nodeRuntime(os, NODE_VERSION);
  const nodeBinary = os === 'win' ? 'node.exe' : 'node';
  copyFileSync(join(nodeDir, 'bin', nodeBinary), join(outDir, nodeBinary));
  chmodSync(join(outDir, nodeBinary), 0o755);
  if (os === 'win') {
    // The addon compiled here is a Linux ELF file: never ship it to Windows.
    rmSync(join(outDir, 'node_modules/better-sqlite3/build'), { recursive: true, force: true });
  } else {
    proveAddonLoads(outDir);
  }
  writeFileSync(join(outDir, 'THIRD-PARTY-LICENSES.txt'), licences(closure));
  return { closure, nodeDir };
}

/**
 * The shipped node must load the better-sqlite3 addon compiled on this machine (same NODE_MODULE_VERSION):
 * fail the build, not the hospital's first start.
 */
export function proveAddonLoads(folder) {
  const script = `const D = require(${JSON.stringify(join(folder, 'node_modules/better-sqlite3'))});
process.stdout.write(new D(':memory:').prepare('select sqlite_version() as v').get().v + ' ABI ' + process.versions.modules);`;
  try {
    return execFileSync(join(folder, 'node'), ['-e', script], { encoding: 'utf8' });
  } catch (error) {
    throw new Error(
      `the shipped Node ${NODE_VERSION} cannot load better-sqlite3 built on this machine (Node ${process.version}, ABI ${process.versions.modules}): ${error.message}`,
    );
  }
}

/** Node's licence and every shipped package's licence file, for the package's copyright notice. */
function licences(closure) {
  const linuxNode = nodeRuntime('linux', NODE_VERSION);
  const parts = [`Node.js ${NODE_VERSION}\n\n${readFileSync(join(linuxNode, 'LICENSE'), 'utf8')}`];
  for (const p of closure) {
    const file = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license', 'LICENCE'].find((f) =>
      existsSync(join(p.dir, f)),
    );
    const pkg = JSON.parse(readFileSync(join(p.dir, 'package.json'), 'utf8'));
    const text = file
      ? readFileSync(join(p.dir, file), 'utf8')
      : `License: ${pkg.license ?? 'see package'}\n`;
    parts.push(`${p.name} ${p.version}\n\n${text}`);
  }
  return `${parts.join(`\n${'-'.repeat(72)}\n\n`)}\n`;
}
