import { spawn, type ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGatewayDb } from '#gateway/db/open';
import { writeTestConfig, type TestSetup } from '../helpers/config';
import { freePort } from '../../../test-support/free-port';
import { startTestRelay, type TestRelay } from '../helpers/relay';
import SERVICE_NODE_FLAGS from '../../service-node-flags.json';
import { commandLine } from './process-helpers';
import { run } from './throwaway-root';

/**
 * The Windows zip, as far as Linux can take it: its layout, WinSW's definition pointing at files that are
 * there, and the service launcher (check, then run in-process; stop on Ctrl+C = SIGINT) run with this
 * machine's node from the unzipped folder. Installing the service, the virtual account, the ACLs and
 * node.exe itself are Windows-only (docs/operations.md lists them).
 */
const REPO = resolve(__dirname, '../../..');
const ID = 'modality-link-gateway';
const VERSION = (JSON.parse(readFileSync(join(REPO, 'gateway/package.json'), 'utf8')) as { version: string })
  .version;
const NAME = `${ID}-${VERSION}-win-x64`;

let work: string;
let folder: string;
let relay: TestRelay;
let setup: TestSetup;
const children: ChildProcess[] = [];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ml-gateway-winzip-'));
  const built = await run(process.execPath, [
    join(REPO, 'gateway/packaging/windows/build-zip.mjs'),
    '--out',
    work,
  ]);
  expect(built.stderr).toBe('');
  expect(built.code).toBe(0);
  expect(built.stdout).toContain('WARNING: no better-sqlite3 Windows addon (cannot be built here)');
  expect((await run('unzip', ['-q', join(work, `${NAME}-no-addon.zip`), '-d', work])).code).toBe(0);
  folder = join(work, NAME);
  relay = await startTestRelay();
  setup = await writeTestConfig(relay, {
    log: { level: 'info' },
    destinations: [],
    allowed_destinations: [],
  });
}, 180_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await relay?.relay.stop();
  if (work) rmSync(work, { recursive: true, force: true });
  if (setup) rmSync(setup.dir, { recursive: true, force: true });
});

/** The machine type of a PE image (0x8664 = x64), or undefined if it is not one. */
function peMachine(file: string): number | undefined {
  const b = readFileSync(file).subarray(0, 4096);
  const pe = b.readUInt32LE(0x3c);
  if (b.toString('latin1', 0, 2) !== 'MZ' || b.toString('latin1', pe, pe + 4) !== 'PE\0\0') return undefined;
  return b.readUInt16LE(pe + 4);
}

/**
 * The command line WinSW runs, read from the service definition: this machine's node stands in for
 * node.exe, %BASE% is the unzipped folder and the config argument is the test's.
 */
function serviceArguments(config: string): string[] {
  const xml = readFileSync(join(folder, `${ID}-service.xml`), 'utf8');
  const args = [...xml.matchAll(/<argument>([^<]*)<\/argument>/g)].map((m) => m[1]!);
  const configAt = args.indexOf('--config') + 1;
  expect(configAt, 'the service definition passes --config').toBeGreaterThan(0);
  return args.map((arg, i) =>
    i === configAt ? config : arg.replace(/^%BASE%\\/, `${folder}/`).replace(/\\/g, '/'),
  );
}

function launch(config: string): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, serviceArguments(config), { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  return { child, output: () => text, exit: new Promise((r) => child.once('exit', (code) => r(code))) };
}

/** Stand-in for the Windows prebuild the release machine adds: this machine's addon, same Node ABI. */
function addStandInAddon(): void {
  const release = join(folder, 'node_modules/better-sqlite3/build/Release');
  mkdirSync(release, { recursive: true });
  copyFileSync(
    join(REPO, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'),
    join(release, 'better_sqlite3.node'),
  );
}

describe('gateway Windows zip', () => {
  it('holds node.exe, WinSW with its definition, the scripts and the default config', () => {
    expect(peMachine(join(folder, 'node.exe'))).toBe(0x8664);
    expect(peMachine(join(folder, `${ID}-service.exe`))).toBeDefined();
    for (const f of [
      `${ID}-service.exe.config`,
      'service/service-run.cjs',
      'bin/modality-link-gateway.js',
      'dist/cli.js',
      'config/gateway.yaml',
      `${ID}.cmd`,
      'install.ps1',
      'uninstall.ps1',
      'THIRD-PARTY-LICENSES.txt',
      'node_modules/better-sqlite3/lib/index.js',
      'node_modules/hyco-ws/node_modules/ws/package.json',
      // The storage SCP's thumbnails of lossless-compressed images (ADR 0009): the codecs and their wasm.
      'node_modules/dcmjs-codecs/build/dcmjs-codecs.min.js',
      'node_modules/dcmjs-codecs/build/dcmjs-native-codecs.wasm',
    ])
      expect([f, existsSync(join(folder, f))]).toEqual([f, true]);
    // The Linux addon compiled here must never reach Windows.
    expect(existsSync(join(folder, 'node_modules/better-sqlite3/build'))).toBe(false);
    for (const script of ['install.ps1', 'uninstall.ps1', `${ID}.cmd`])
      expect([script, /(^|[^\r])\n/.test(readFileSync(join(folder, script), 'utf8'))]).toEqual([
        script,
        false,
      ]);

    const xml = readFileSync(join(folder, `${ID}-service.xml`), 'utf8');
    expect(xml).toContain(`<id>${ID}</id>`);
    for (const [, path] of xml.matchAll(/%BASE%\\([^<]+)</g))
      expect([path, existsSync(join(folder, path!.replace(/\\/g, '/')))]).toEqual([path, true]);
    expect(xml).toContain('<onfailure action="restart" delay="10 sec"/>');
    for (const script of ['install.ps1', 'uninstall.ps1'])
      expect(readFileSync(join(folder, script), 'utf8')).toContain(`$Id = '${ID}'`);
    // Windows default config: data beside the config in ProgramData, keys by file.
    const config = parseDocument(readFileSync(join(folder, 'config/gateway.yaml'), 'utf8')).toJS() as Record<
      string,
      unknown
    >;
    expect(config).toMatchObject({ data_dir: 'data', signing_key: 'file:gateway-signing-key.json' });
    // The storage SCP on, as init's starter has it; both DICOM ports closed to all but a placeholder
    // modality AE that set-up replaces.
    expect(config).toMatchObject({
      worklist: { port: 4243, ae_title: 'MODALITYLINK', mpps: true, allowed_calling_ae_titles: ['MAMMO1'] },
      storage: {
        enabled: true,
        port: 4244,
        ae_title: 'MODLINK_STORE',
        allowed_calling_ae_titles: ['MAMMO1'],
      },
    });
    // The unsigned compatibility profiles off (ADR 0012).
    expect(config).toMatchObject({
      profiles: { 'nhs-gateway/1': { enabled: false }, 'poc-five': { enabled: false } },
    });
  });

  it('the service launcher does not start the gateway when its offline check fails', async () => {
    addStandInAddon();
    // A database a newer gateway wrote: refused by the check before start, with run's message. The relay
    // is not tried at all (an outage must not keep the worklist down), so a dead endpoint passes.
    const closedPort = await freePort();
    const doc = parseDocument(readFileSync(setup.configFile, 'utf8'));
    doc.setIn(['relay', 'endpoint'], `ws://127.0.0.1:${closedPort}`);
    doc.setIn(['data_dir'], './newer-data');
    const broken = join(setup.dir, 'broken.yaml');
    writeFileSync(broken, doc.toString());
    const db = openGatewayDb(join(setup.dir, 'newer-data'));
    db.prepare(
      `INSERT INTO schema_migrations VALUES (99, '0099_from_a_newer_gateway', 'x', '2030-01-01T00:00:00Z')`,
    ).run();
    db.close();
    const service = launch(broken);
    expect(await service.exit).toBe(1);
    const lines = service.output().split('\n');
    expect(lines).toContain(
      'FAIL database: This database was written by a newer gateway (it has migration 0099_from_a_newer_gateway, this gateway knows up to 0004_images_by_received). Install the newer gateway; the database has not been changed.',
    );
    expect(lines).toContain('SKIP relay: listen and echo not tried (--offline)');
    expect(lines).toContain('service: check failed (exit 1); not starting');
    expect(service.output()).not.toMatch(/relay (listen|echo)|listener connected/);
  }, 60_000);

  it('starts run after a passing check and stops cleanly on Ctrl+C (SIGINT)', async () => {
    addStandInAddon();
    const service = launch(setup.configFile);
    await new Promise<void>((resolveListening, reject) => {
      const timer = setInterval(() => {
        if (service.output().includes('"listener connected"')) {
          clearInterval(timer);
          resolveListening();
        }
      }, 50);
      void service.exit.then((code) => {
        clearInterval(timer);
        reject(new Error(`exited ${code}: ${service.output()}`));
      });
    });
    expect(service.output()).toMatch(/^All checks passed\.$/m);
    // The service's node flags reach node itself, ahead of the script (V8 reads them only at start).
    expect(commandLine(service.child.pid!).slice(1, 2 + SERVICE_NODE_FLAGS.length)).toEqual([
      ...SERVICE_NODE_FLAGS,
      join(folder, 'service/service-run.cjs'),
    ]);
    service.child.kill('SIGINT');
    expect(await service.exit).toBe(0);
    expect(readdirSync(join(setup.dir, 'data'))).toContain('gateway.sqlite');
  }, 60_000);
});
