import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/**
 * A throwaway Debian root for `dpkg --root`: an empty dpkg database holding the host's entries for the
 * packages ours depends on (so Depends is checked, not forced), a passwd/group with root only, and the
 * host's systemd targets (so `systemd-analyze verify --root` can resolve the unit's dependencies).
 */
export function createRoot(dependsOn: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'ml-gateway-root-'));
  // The service user must reach its data folder inside the root.
  chmodSync(root, 0o755);
  for (const dir of [
    'etc/systemd/system',
    'var/lib/dpkg/info',
    'var/lib/dpkg/updates',
    'var/lib/dpkg/triggers',
    'var/log',
  ])
    mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  writeFileSync(join(root, 'etc/group'), 'root:x:0:\n');
  const status: string[] = [];
  for (const name of dependsOn) {
    const stanza = runSync('dpkg-query', ['-s', name]);
    status.push(stanza.trimEnd());
    const arch = /^Multi-Arch: same$/m.test(stanza) ? `:${/^Architecture: (\S+)$/m.exec(stanza)![1]}` : '';
    writeFileSync(join(root, `var/lib/dpkg/info/${name}${arch}.list`), '');
  }
  writeFileSync(join(root, 'var/lib/dpkg/status'), `${status.join('\n\n')}\n`);
  const units = join(root, 'usr/lib/systemd/system');
  mkdirSync(units, { recursive: true });
  for (const f of readdirSync('/usr/lib/systemd/system').filter((f) => f.endsWith('.target')))
    copyFileSync(join('/usr/lib/systemd/system', f), join(units, f));
  return root;
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (stdin closed, so any prompt fails rather than hangs). */
export function run(command: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    ).stdin?.end();
  });
}

function runSync(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8' });
}

/** dpkg against the throwaway root, maintainer scripts run on the host with DPKG_ROOT set. */
export function dpkg(root: string, args: string[]): Promise<Run> {
  return run('dpkg', [
    `--root=${root}`,
    '--force-script-chrootless',
    `--log=${join(root, 'var/log/dpkg.log')}`,
    ...args,
  ]);
}

/** uid and gid of a user in the root's own passwd. */
export function userIn(root: string, name: string): { uid: number; gid: number; shell: string } | undefined {
  const line = readFileSync(join(root, 'etc/passwd'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (!line) return undefined;
  const f = line.split(':');
  return { uid: Number(f[2]), gid: Number(f[3]), shell: f[6]! };
}

/** Runs a command as uid:gid with no supplementary groups, as systemd's User=/Group= would. */
export function asUser(
  user: { uid: number; gid: number },
  command: string,
  args: string[],
): [string, string[]] {
  return [
    'setpriv',
    [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', '--', command, ...args],
  ];
}

export function spawnAs(user: { uid: number; gid: number }, command: string, args: string[]): ChildProcess {
  const [cmd, argv] = asUser(user, command, args);
  return spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Every path below root, relative, for before/after comparisons. */
export function listTree(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      out.push(relative(root, path));
      if (e.isDirectory()) walk(path);
    }
  };
  walk(root);
  return out.sort();
}

/**
 * The gateway .deb of `version`, built into `out` by the release script. zstd, not the release's xz: it
 * packs in a fraction of the time and Debian 12's dpkg reads it.
 */
export async function buildGatewayDeb(version: string, out: string): Promise<string> {
  const script = join(__dirname, '../../../scripts/build-gateway-deb.mjs');
  const built = await run(process.execPath, [
    script,
    '--version',
    version,
    '--out',
    out,
    '--compression',
    'zstd',
  ]);
  if (built.code !== 0 || built.stderr !== '')
    throw new Error(`build-gateway-deb exited ${built.code}:\n${built.stderr}`);
  return join(out, `modality-link-gateway_${version}_amd64.deb`);
}
