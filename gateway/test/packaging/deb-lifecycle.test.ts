import Database from 'better-sqlite3';
import { type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { action, oneShot, worklistItem } from '../helpers/clients';
import { untilListening } from '../helpers/cli';
import { ENTITY, LISTEN_RULE, SEND_RULE, startTestRelay, type TestRelay } from '../helpers/relay';
import GATEWAY_PACKAGE from '../../package.json';
import SERVICE_NODE_FLAGS from '../../service-node-flags.json';
import { freePort } from '../../../test-support/free-port';
import { commandLine, isLink, stop } from './process-helpers';
import {
  asUser,
  buildGatewayDeb,
  createRoot,
  dpkg,
  listTree,
  run,
  spawnAs,
  userIn,
  type Run,
} from './throwaway-root';

/**
 * The .deb's whole life in a throwaway root: build (twice: the package's version and a bumped one),
 * install with `dpkg --root --force-script-chrootless`, `check`/`run`/`version` from the installed files as
 * the service user, upgrade, downgrade refusal by the database, remove (data kept), purge (data gone).
 * systemd itself is not running here: the unit is verified statically (systemd-analyze) and its Exec
 * lines are run as its User would run them. See docs/adr/0008-gateway-packaging.md.
 */
const NAME = 'modality-link-gateway';
const V1 = GATEWAY_PACKAGE.version;
const V2 = V1.replace(/(\d+)$/, (patch) => String(Number(patch) + 1));
const DEPENDS = ['libc6', 'libgcc-s1', 'libstdc++6', 'systemd'];
const STEP = 120_000;

let relay: TestRelay;
let out: string, root: string;
let before: string[];
let worklistPort: number, storagePort: number;
const debs: Record<string, string> = {};
const children: ChildProcess[] = [];

const etc = (...p: string[]): string => join(root, 'etc', NAME, ...p);
const data = (...p: string[]): string => join(root, 'var/lib', NAME, ...p);
const cli = (): string => join(root, 'usr/bin', NAME);
const serviceUser = (): { uid: number; gid: number; shell: string } => userIn(root, NAME)!;

/** The installed command as the service user (what the unit's ExecStartPre/ExecStart do). */
function asService(args: string[]): Promise<Run> {
  const [cmd, argv] = asUser(serviceUser(), cli(), args);
  return run(cmd, argv);
}

/** `run` from the installed files as the service user, until the listener is connected. */
function startInstalledGateway(): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawnAs(serviceUser(), cli(), ['run']);
  children.push(child);
  return untilListening(child);
}

beforeAll(async () => {
  expect(process.getuid?.(), 'dpkg --root and the service user need root (as on CI)').toBe(0);
  relay = await startTestRelay();
  worklistPort = await freePort();
  storagePort = await freePort();
  out = mkdtempSync(join(tmpdir(), 'ml-gateway-debs-'));
  debs[V1] = await buildGatewayDeb(V1, out);
  debs[V2] = await buildGatewayDeb(V2, out);
  root = createRoot(DEPENDS);
  before = listTree(root);
}, 300_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await relay?.relay.stop();
  if (root) rmSync(root, { recursive: true, force: true });
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('gateway .deb in a throwaway root', () => {
  it('declares its dependencies, its conffile and its files', async () => {
    const info = await run('dpkg-deb', ['--field', debs[V1]!]);
    expect(info.stdout).toMatch(new RegExp(`^Package: ${NAME}$`, 'm'));
    expect(info.stdout).toMatch(new RegExp(`^Version: ${V1.replace(/\./g, '\\.')}$`, 'm'));
    expect(info.stdout).toMatch(
      /^Depends: libc6 \(>= [\d.]+\), libgcc-s1 .*libstdc\+\+6 .*systemd \(>= 247\)$/m,
    );
    const conffiles = await run('dpkg-deb', ['--ctrl-tarfile', debs[V1]!]);
    expect(conffiles.code).toBe(0);
    const contents = (await run('dpkg-deb', ['--contents', debs[V1]!])).stdout;
    for (const path of [
      `./usr/lib/${NAME}/node`,
      `./usr/lib/${NAME}/dist/cli.js`,
      `./usr/lib/${NAME}/node_modules/better-sqlite3/build/Release/better_sqlite3.node`,
      `./usr/lib/${NAME}/node_modules/hyco-ws/node_modules/ws/package.json`,
      // The storage SCP decodes lossless-compressed images for thumbnails with these (ADR 0009).
      `./usr/lib/${NAME}/node_modules/dcmjs-codecs/build/dcmjs-codecs.min.js`,
      `./usr/lib/${NAME}/node_modules/dcmjs-codecs/build/dcmjs-native-codecs.wasm`,
      `./usr/lib/systemd/system/${NAME}.service`,
      `./usr/lib/sysusers.d/${NAME}.conf`,
      `./usr/share/doc/${NAME}/copyright`,
    ])
      expect(contents).toContain(path);
    expect(contents).toMatch(new RegExp(`^-rw-r----- root/root .* \\./etc/${NAME}/gateway\\.yaml$`, 'm'));
    expect(contents).toMatch(new RegExp(`\\./usr/bin/${NAME} -> \\.\\./lib/${NAME}/bin/${NAME}$`, 'm'));
    // Only what runs: no C sources or object files of better-sqlite3, no install-time tools.
    expect(contents).not.toMatch(/better-sqlite3\/(deps|src)\//);
    expect(contents).not.toContain('prebuild-install');
  });

  it(
    'installs: service user, 0700 data, group-readable config, a fresh signing key; not enabled',
    async () => {
      const installed = await dpkg(root, ['--install', debs[V1]!]);
      expect(installed.stderr).not.toMatch(/error/i);
      expect(installed.code).toBe(0);
      expect(installed.stdout).toContain(`${NAME}: generated a signing key for this gateway`);
      expect(installed.stdout).toMatch(/Gateway public key: {2}[A-Za-z0-9+/]{43}=/);

      const user = serviceUser();
      expect(user.shell).toBe('/usr/sbin/nologin');
      expect(user.uid).toBeGreaterThan(0);
      const mode = (p: string): string => (statSync(p).mode & 0o777).toString(8);
      expect([mode(data()), statSync(data()).uid]).toEqual(['700', user.uid]);
      expect([mode(data('backups')), statSync(data('backups')).uid]).toEqual(['700', user.uid]);
      expect([mode(etc()), statSync(etc()).uid, statSync(etc()).gid]).toEqual(['750', 0, user.gid]);
      for (const f of ['gateway.yaml', 'gateway-signing-key.json', 'listen.key', 'send.key'])
        expect([f, mode(etc(f)), statSync(etc(f)).gid]).toEqual([f, '640', user.gid]);
      // Not enabled until configured: it could only fail without relay keys.
      expect(isLink(join(root, `etc/systemd/system/multi-user.target.wants/${NAME}.service`))).toBe(false);

      const version = await asService(['version']);
      expect(version).toEqual({ code: 0, stdout: `${V1}\n`, stderr: '' });
      // `key` prints what the install printed, from the key file, before any relay key is set.
      const key = await asService(['key']);
      expect(key.code).toBe(0);
      expect(key.stdout).toMatch(/^Gateway public key: {2}\S{44}\nGateway fingerprint: [0-9A-F ]+\n$/);
      for (const printed of key.stdout.trim().split('\n'))
        expect(installed.stdout).toContain(`${NAME}: ${printed}`);
      // The packaged config turns the storage SCP on, as init's starter does (allow-lists: packaged-config).
      expect(parseDocument(readFileSync(etc('gateway.yaml'), 'utf8')).toJS()).toMatchObject({
        worklist: { port: 4243, ae_title: 'MODALITYLINK', mpps: true },
        storage: { enabled: true, port: 4244, ae_title: 'MODLINK_STORE' },
      });
    },
    STEP,
  );

  it(
    'has a unit systemd accepts, with the hardening and the check before start',
    async () => {
      const verify = await run('systemd-analyze', ['verify', `--root=${root}`, `${NAME}.service`]);
      expect(verify).toEqual({ code: 0, stdout: '', stderr: '' });
      const unit = readFileSync(join(root, `usr/lib/systemd/system/${NAME}.service`), 'utf8');
      for (const line of [
        `User=${NAME}`,
        `ExecStartPre=/usr/lib/${NAME}/bin/${NAME} check --offline --config /etc/${NAME}/gateway.yaml`,
        `ExecStart=/usr/lib/${NAME}/bin/${NAME} run --config /etc/${NAME}/gateway.yaml`,
        'Restart=on-failure',
        `StateDirectory=${NAME}`,
        'StateDirectoryMode=0700',
        'ProtectSystem=strict',
        'NoNewPrivileges=yes',
        'PrivateTmp=yes',
        'CapabilityBoundingSet=',
      ])
        expect(unit.split('\n')).toContain(line);
      // The documented port-104 drop-in is valid too.
      const dropIns = join(root, `etc/systemd/system/${NAME}.service.d`);
      await run('install', [
        '-D',
        '-m',
        '0644',
        join(root, `usr/share/doc/${NAME}/examples/port-104.conf`),
        join(dropIns, 'port-104.conf'),
      ]);
      expect(await run('systemd-analyze', ['verify', `--root=${root}`, `${NAME}.service`])).toEqual({
        code: 0,
        stdout: '',
        stderr: '',
      });
    },
    STEP,
  );

  it(
    'check from the installed files names the missing relay keys of a fresh install',
    async () => {
      // No --config: the installed command defaults to its own root's /etc/modality-link-gateway/gateway.yaml.
      const check = await asService(['check']);
      expect(check.stdout).toBe(
        `FAIL config: relay.listen.key: ${etc('listen.key')} is empty; relay.send.key: ${etc('send.key')} is empty\n`,
      );
      expect(check.code).toBe(1);
    },
    STEP,
  );

  it(
    'configured: check passes as the service user, run serves the relay and the worklist',
    async () => {
      writeFileSync(etc('listen.key'), `${relay.listenKey}\n`); // in place: owner and mode stay
      writeFileSync(etc('send.key'), `${relay.sendKey}\n`);
      const doc = parseDocument(readFileSync(etc('gateway.yaml'), 'utf8'));
      doc.setIn(['relay', 'endpoint'], relay.relay.url);
      doc.setIn(['relay', 'hybrid_connection'], ENTITY);
      doc.setIn(['relay', 'listen', 'rule'], LISTEN_RULE);
      doc.setIn(['relay', 'send', 'rule'], SEND_RULE);
      doc.setIn(['data_dir'], data()); // inside the throwaway root, never the host's /var/lib
      for (const [section, port] of Object.entries({ worklist: worklistPort, storage: storagePort })) {
        doc.setIn([section, 'host'], '127.0.0.1');
        doc.setIn([section, 'port'], port);
        doc.setIn([section, 'allowed_calling_ae_titles'], ['MODALITY1']); // set-up names the modality
      }
      doc.setIn(['profiles', 'nhs-gateway/1', 'enabled'], true); // packaged off; needed here (ADR 0012)
      writeFileSync(etc('gateway.yaml'), doc.toString());
      const key = JSON.parse(readFileSync(etc('gateway-signing-key.json'), 'utf8')) as { key_id: string };

      const check = await asService(['check']);
      const FREE = '[\\d.]+ GiB free \\([\\d.]+ %\\)';
      expect(check.stdout.split('\n')).toEqual([
        `PASS config: ${etc('gateway.yaml')}`,
        `PASS signing key: key ${key.key_id}`,
        'PASS trusted workstations: none enrolled (modality-link/1 sessions will be refused)',
        'WARN profile nhs-gateway/1: on and unsigned: any sender with the Send key may worklist.create_item, worklist.update_status, echo, health',
        expect.stringMatching(new RegExp(`^PASS data dir: ${data()}: ${FREE}$`)),
        `PASS database: ${data('gateway.sqlite')}`,
        'SKIP proxy: none: relay connections go direct',
        `PASS relay listen: ${relay.relay.url} ${ENTITY} (rule ${LISTEN_RULE})`,
        `PASS relay echo: echo through the relay with rule ${SEND_RULE}`,
        `PASS worklist port: 127.0.0.1:${worklistPort} is free`,
        'PASS worklist calling AE titles: MODALITY1',
        `PASS storage port: 127.0.0.1:${storagePort} is free`,
        expect.stringMatching(new RegExp(`^PASS storage directory: ${data('images')}: writable, ${FREE}$`)),
        'PASS storage calling AE titles: MODALITY1',
        'SKIP destinations: none configured',
        'All checks passed.',
        '',
      ]);
      expect(check.code).toBe(0);
      expect(check.stdout + check.stderr).not.toContain(relay.listenKey);
      // The unit's ExecStartPre: the same lines, the relay's replaced by one saying it was not tried.
      const preStart = await asService(['check', '--offline']);
      expect(preStart.stdout.split('\n').filter((l) => /relay/.test(l))).toEqual([
        'SKIP relay: listen and echo not tried (--offline)',
      ]);
      expect(preStart.stdout).toMatch(
        /^PASS storage port: .*\nPASS storage directory: .*\n[^]*All checks passed\.\n$/m,
      );
      expect(preStart.code).toBe(0);
      // The shipped node loads the shipped codecs (WebAssembly) the thumbnails of compressed images need.
      const lib = join(root, 'usr/lib', NAME);
      const codecs = await run(join(lib, 'node'), [
        '-e',
        `require(${JSON.stringify(join(lib, 'node_modules/dcmjs-dimse'))}).Transcoding.initializeAsync().then(() => process.stdout.write('codecs ready'))`,
      ]);
      expect(codecs).toEqual({ code: 0, stdout: 'codecs ready', stderr: '' });

      const gateway = await startInstalledGateway();
      // The launcher puts the service's node flags before the script: V8 reads them only at start.
      const argv = [join(lib, 'node'), ...SERVICE_NODE_FLAGS, join(lib, 'bin/modality-link-gateway.js')];
      expect(commandLine(gateway.child.pid!).slice(0, argv.length)).toEqual(argv);
      const reply = await oneShot(
        relay,
        action(
          'worklist.create_item',
          { worklist_item: worklistItem('PKG00000001') },
          'a7d1c0de-0000-4000-8000-000000000001',
        ),
      );
      expect(reply).toEqual({ status: 'created', action_id: 'a7d1c0de-0000-4000-8000-000000000001' });
      // A modality's worklist query, as in the runbook, against the installed gateway.
      const find = await run('findscu', [
        '-v',
        '-W',
        '-aet',
        'MODALITY1',
        '-aec',
        'MODALITYLINK',
        '-k',
        'ScheduledProcedureStepSequence[0].Modality=MG',
        '-k',
        'AccessionNumber',
        '-k',
        'PatientName',
        '127.0.0.1',
        String(worklistPort),
      ]);
      expect(find.stdout + find.stderr).toMatch(/\(0008,0050\) SH \[PKG00000001 ?\]/);
      expect(await stop(gateway.child)).toBe(0);
      expect(gateway.output()).not.toContain('9990001112'); // logs never carry patient data
      expect(statSync(data('gateway.sqlite')).uid).toBe(serviceUser().uid);
      // The runbook's weekly backup and reset, into the 0700 backups folder the package made.
      const backup = await asService(['worklist', 'backup-reset', data('backups/worklist-test.sqlite')]);
      expect(backup.stdout).toMatch(
        /^Backed up to .*\/backups\/worklist-test\.sqlite; removed 1 items scheduled before \d{8} or finished; 0 remain\.\n$/,
      );
      expect(backup.code).toBe(0);
    },
    STEP,
  );

  it(
    `upgrades to ${V2}: config, keys and data kept, the same action answers "exists"`,
    async () => {
      const kept = ['gateway.yaml', 'gateway-signing-key.json', 'listen.key', 'send.key'].map((f) =>
        readFileSync(etc(f), 'utf8'),
      );
      const upgraded = await dpkg(root, ['--install', debs[V2]!]); // stdin closed: a conffile prompt would fail
      expect(upgraded.code).toBe(0);
      expect(upgraded.stdout).not.toContain('generated a signing key');
      expect(
        ['gateway.yaml', 'gateway-signing-key.json', 'listen.key', 'send.key'].map((f) =>
          readFileSync(etc(f), 'utf8'),
        ),
      ).toEqual(kept);
      expect((await asService(['version'])).stdout).toBe(`${V2}\n`);

      const gateway = await startInstalledGateway();
      const again = await oneShot(
        relay,
        action(
          'worklist.create_item',
          { worklist_item: worklistItem('PKG00000001') },
          'a7d1c0de-0000-4000-8000-000000000001',
        ),
      );
      expect(again).toEqual({ status: 'exists', action_id: 'a7d1c0de-0000-4000-8000-000000000001' });
      expect(await stop(gateway.child)).toBe(0);
    },
    STEP,
  );

  it(
    'refuses to check or run on a database written by a newer gateway, saying so',
    async () => {
      const db = new Database(data('gateway.sqlite'));
      db.prepare(
        `INSERT INTO schema_migrations VALUES (99, '0099_from_a_newer_gateway', 'x', '2030-01-01T00:00:00Z')`,
      ).run();
      db.close();
      const refused = await asService(['run']);
      expect(refused.stderr).toBe(
        'Failed: This database was written by a newer gateway (it has migration 0099_from_a_newer_gateway, this gateway knows up to 0004_images_by_received). Install the newer gateway; the database has not been changed.\n',
      );
      expect(refused.code).toBe(1);
      // The check before start refuses it too, with the same words, so systemd never gets to run.
      const preStart = await asService(['check', '--offline']);
      expect(preStart.stdout.split('\n')).toContain(
        'FAIL database: This database was written by a newer gateway (it has migration 0099_from_a_newer_gateway, this gateway knows up to 0004_images_by_received). Install the newer gateway; the database has not been changed.',
      );
      expect(preStart.code).toBe(1);
    },
    STEP,
  );

  it(
    'remove keeps config, keys and data and disables the unit; purge deletes them and leaves the root as it was',
    async () => {
      expect((await run('systemctl', [`--root=${root}`, 'enable', `${NAME}.service`])).code).toBe(0);
      const wants = join(root, `etc/systemd/system/multi-user.target.wants/${NAME}.service`);
      expect(isLink(wants)).toBe(true);

      const removed = await dpkg(root, ['--remove', NAME]);
      expect(removed.code).toBe(0);
      expect(isLink(wants)).toBe(false);
      for (const gone of [`usr/lib/${NAME}`, `usr/bin/${NAME}`, `usr/lib/systemd/system/${NAME}.service`])
        expect([gone, existsSync(join(root, gone))]).toEqual([gone, false]);
      for (const f of ['gateway.yaml', 'gateway-signing-key.json', 'listen.key', 'send.key'])
        expect([f, existsSync(etc(f))]).toEqual([f, true]);
      expect(existsSync(data('gateway.sqlite'))).toBe(true);
      expect(
        (await run('dpkg-query', [`--admindir=${join(root, 'var/lib/dpkg')}`, '-W', '-f', '${Status}', NAME]))
          .stdout,
      ).toBe('deinstall ok config-files');

      const purged = await dpkg(root, ['--purge', NAME]);
      expect(purged.code).toBe(0);
      expect(existsSync(etc())).toBe(false);
      expect(existsSync(data())).toBe(false);
      // Everything else is as before the install, except dpkg's own records and the system user, which
      // Debian keeps after purge (files elsewhere may still belong to it).
      const ours =
        /^(var\/lib\/dpkg|var\/log\/dpkg\.log|etc\/(passwd|group|shadow|gshadow)-?$|etc\/\.pwd\.lock$)/;
      expect(listTree(root).filter((p) => !ours.test(p))).toEqual(before.filter((p) => !ours.test(p)));
      expect(serviceUser()).toBeDefined();
    },
    STEP,
  );
});
