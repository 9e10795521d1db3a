// Assembles the Debian package around the staged folder: /usr/lib/modality-link-gateway (runtime),
// /usr/bin symlink, systemd unit, sysusers entry, default config (conffile), docs, maintainer scripts.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { NODE_VERSION } from './node-runtime.mjs';
import { GATEWAY_DIR, REPO_ROOT, stageGateway } from './stage.mjs';

export const PACKAGE = 'modality-link-gateway';
const TEMPLATES = join(GATEWAY_DIR, 'packaging/debian');

/**
 * Builds `<outDir>/modality-link-gateway_<version>_amd64.deb` and returns its path.
 * `compression` is passed to dpkg-deb -Z (xz for releases; tests may pick a faster one).
 */
export async function buildDeb({ version, outDir, compression = 'xz', log = () => {} }) {
  const work = mkdtempSync(join(tmpdir(), 'ml-gateway-deb-'));
  try {
    const root = join(work, 'root');
    const lib = join(root, 'usr/lib', PACKAGE);
    log(`staging ${PACKAGE} ${version} (Node ${NODE_VERSION})`);
    await stageGateway({ os: 'linux', version, outDir: lib });
    install(join(TEMPLATES, PACKAGE), join(lib, 'bin', PACKAGE), 0o755);
    mkdirSync(join(root, 'usr/bin'), { recursive: true });
    symlinkSync(`../lib/${PACKAGE}/bin/${PACKAGE}`, join(root, 'usr/bin', PACKAGE));
    install(
      join(TEMPLATES, `${PACKAGE}.service`),
      join(root, 'usr/lib/systemd/system', `${PACKAGE}.service`),
    );
    install(join(TEMPLATES, 'sysusers.conf'), join(root, 'usr/lib/sysusers.d', `${PACKAGE}.conf`));
    // 0640 from the start; postinst gives the group to the service user.
    install(join(TEMPLATES, 'gateway.yaml'), join(root, 'etc', PACKAGE, 'gateway.yaml'), 0o640);
    const doc = join(root, 'usr/share/doc', PACKAGE);
    install(join(TEMPLATES, 'port-104.conf'), join(doc, 'examples/port-104.conf'));
    if (existsSync(join(REPO_ROOT, 'docs/operations.md')))
      install(join(REPO_ROOT, 'docs/operations.md'), join(doc, 'operations.md'));
    // Debian keeps licences in the doc folder's copyright file.
    install(join(lib, 'THIRD-PARTY-LICENSES.txt'), join(doc, 'copyright'));
    rmSync(join(lib, 'THIRD-PARTY-LICENSES.txt'));
    normaliseModes(root);
    chmodSync(join(root, 'etc', PACKAGE), 0o755);
    chmodSync(join(root, 'etc', PACKAGE, 'gateway.yaml'), 0o640);

    const debian = join(root, 'DEBIAN');
    mkdirSync(debian);
    for (const script of ['postinst', 'prerm', 'postrm']) {
      const text = readFileSync(join(TEMPLATES, script), 'utf8').replaceAll('@VERSION@', version);
      writeFileSync(join(debian, script), text, { mode: 0o755 });
    }
    writeFileSync(join(debian, 'conffiles'), `/etc/${PACKAGE}/gateway.yaml\n`);
    writeFileSync(join(debian, 'md5sums'), md5sums(root));
    writeFileSync(join(debian, 'control'), control({ version, root, lib }));

    mkdirSync(outDir, { recursive: true });
    const deb = join(outDir, `${PACKAGE}_${version}_amd64.deb`);
    log(`packing ${relative(REPO_ROOT, deb) || deb} (${compression})`);
    execFileSync('dpkg-deb', ['--root-owner-group', `-Z${compression}`, '--build', root, deb], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return deb;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function install(from, to, mode = 0o644) {
  mkdirSync(join(to, '..'), { recursive: true });
  copyFileSync(from, to);
  chmodSync(to, mode);
}

/** Directories 0755, files 0755 if executable else 0644: npm tarballs carry all sorts of modes. */
function normaliseModes(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) {
      chmodSync(path, 0o755);
      normaliseModes(path);
    } else {
      chmodSync(path, lstatSync(path).mode & 0o111 ? 0o755 : 0o644);
    }
  }
}

function md5sums(root) {
  const lines = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && !relative(root, path).startsWith('etc/')) {
        lines.push(`${createHash('md5').update(readFileSync(path)).digest('hex')}  ${relative(root, path)}`);
      }
    }
  };
  walk(root);
  return `${lines.sort((a, b) => a.slice(34).localeCompare(b.slice(34))).join('\n')}\n`;
}

function control({ version, root, lib }) {
  const installedKb = Number(
    execFileSync('du', ['-sk', '--exclude=DEBIAN', root], { encoding: 'utf8' }).split('\t')[0],
  );
  return `Package: ${PACKAGE}
Version: ${version}
Architecture: amd64
Maintainer: Modality Link <support@modality-link.example>
Installed-Size: ${installedKb}
Depends: ${sharedLibraryDepends(lib)}, systemd (>= 247)
Section: net
Priority: optional
Description: Modality Link gateway for breast-screening clinics
 Listens on an Azure Relay hybrid connection for the Modality Link desktop
 app, stores each action durably before acknowledging it, serves a DICOM
 Modality Worklist to the mammography machines and delivers messages to
 hospital systems (FHIR, HL7 v2 MLLP, file drop). Ships its own Node.js
 ${NODE_VERSION} runtime; runs as a hardened systemd service.
`;
}

/**
 * The C libraries the shipped node and the better-sqlite3 addon link against, at the versions their
 * symbols need (dpkg-shlibdeps, from dpkg-dev, which the addon's compiler toolchain brings along).
 */
function sharedLibraryDepends(lib) {
  const work = mkdtempSync(join(tmpdir(), 'ml-shlibdeps-'));
  try {
    mkdirSync(join(work, 'debian'));
    writeFileSync(
      join(work, 'debian/control'),
      `Source: ${PACKAGE}\n\nPackage: ${PACKAGE}\nArchitecture: amd64\n`,
    );
    const out = execFileSync(
      'dpkg-shlibdeps',
      [
        '-O',
        '--warnings=0',
        join(lib, 'node'),
        join(lib, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'),
      ],
      { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const depends = /^shlibs:Depends=(.*)$/m.exec(out)?.[1];
    if (!depends) throw new Error(`dpkg-shlibdeps gave no dependencies: ${out}`);
    return depends.trim();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
