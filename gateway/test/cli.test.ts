import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatFingerprint, generateSigningKeyPair } from 'modality-link-protocol';
import { ConfigError, loadConfig } from '#gateway/config/load';
import { parseArgs } from '#gateway/cli/args';
import { checkCommand } from '#gateway/cli/check';
import { keyCommand } from '#gateway/cli/key';
import { trustCommand } from '#gateway/cli/trust';
import { worklistCommand } from '#gateway/cli/worklist';
import { openGatewayDb } from '#gateway/db/open';
import { worklistStore } from '#gateway/worklist/binding';
import Database from 'better-sqlite3';
import { runCli } from './helpers/cli';
import { writeTestConfig } from './helpers/config';
import { ENTITY, startTestRelay, type TestRelay } from './helpers/relay';

let r: TestRelay;
beforeAll(async () => {
  r = await startTestRelay();
});
afterAll(async () => {
  await r?.relay.stop();
});

const trust = (argv: string[]): Promise<number> =>
  captureStdout(() => trustCommand(parseArgs(argv))).then(() => lastCode);
let lastCode = 0;

/** Runs `fn` with process.stdout.write captured; returns what it wrote. */
async function captureStdout(fn: () => Promise<number>): Promise<string> {
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    lastCode = await fn();
    return spy.mock.calls.map((c) => String(c[0])).join('');
  } finally {
    spy.mockRestore();
  }
}

function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config validation', () => {
  it('names the key path and the problem, and never echoes secrets', async () => {
    const setup = await writeTestConfig(r);
    const doc = parseDocument(readFileSync(setup.configFile, 'utf8'));
    doc.setIn(['relay', 'endpoint'], 'ftp://nowhere');
    doc.setIn(['relay', 'listen', 'key'], 'env:ML_TEST_UNSET_VARIABLE');
    doc.setIn(['worklist', 'port'], 70000);
    doc.setIn(['trusted_workstations', 0, 'public_key'], 'not-a-key');
    doc.setIn(['allowed_destinations'], ['test-sink', 'ghost']);
    doc.setIn(['relay', 'lisen'], { rule: 'typo' });
    writeFileSync(setup.configFile, doc.toString());
    const issues = issuesOf(() => loadConfig(setup.configFile));
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^relay\.endpoint: /),
        expect.stringMatching(/^worklist\.port: /),
        expect.stringMatching(/^trusted_workstations\.0\.public_key: /),
        'allowed_destinations.1: "ghost" is not a configured destination',
        'relay.lisen: unknown key',
      ]),
    );
    // Shape errors come first; once the shape is right, secret references are checked by name.
    doc.setIn(['relay', 'endpoint'], r.relay.url);
    doc.setIn(['worklist', 'port'], 0);
    doc.setIn(['trusted_workstations'], []);
    doc.setIn(['allowed_destinations'], ['test-sink']);
    doc.deleteIn(['relay', 'lisen']);
    doc.setIn(['relay', 'send', 'key'], 'file:missing.key');
    writeFileSync(setup.configFile, doc.toString());
    expect(issuesOf(() => loadConfig(setup.configFile))).toEqual([
      'relay.listen.key: environment variable ML_TEST_UNSET_VARIABLE is not set',
      expect.stringMatching(/^relay\.send\.key: cannot read .*missing\.key \(ENOENT\)$/),
    ]);
    doc.setIn(['relay', 'send', 'key'], 'file:send.key');
    writeFileSync(setup.configFile, doc.toString());
    const loaded = loadConfig(setup.configFile, { ML_TEST_UNSET_VARIABLE: r.listenKey });
    expect(JSON.stringify(loaded)).not.toContain(r.listenKey);
    expect(JSON.stringify(loaded)).not.toContain(setup.gatewayKey.privateKey);
  });
});

describe('CLI', () => {
  it('init writes a config and a 0600 key; check then passes against a local relay', async () => {
    const setup = await writeTestConfig(r);
    const dir = join(setup.dir, 'fresh');
    const init = await runCli([
      'init',
      '--dir',
      dir,
      '--relay',
      r.relay.url,
      '--hybrid-connection',
      ENTITY,
      '--worklist-port',
      '0',
      '--storage-port',
      '0',
    ]);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('Gateway fingerprint:');
    const { statSync } = await import('node:fs');
    expect(statSync(join(dir, 'gateway-signing-key.json')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'gateway.yaml'), 'utf8')).toMatch(/^# Modality Link gateway configuration/);
    // Both DICOM ports are written closed to all but the modality (a placeholder until set-up names it).
    const written = loadConfig(join(dir, 'gateway.yaml'), {
      MODALITY_LINK_LISTEN_KEY: r.listenKey,
      MODALITY_LINK_SEND_KEY: r.sendKey,
    }).raw;
    expect(written.worklist.allowed_calling_ae_titles).toEqual(['MAMMO1']);
    expect(written.storage.allowed_calling_ae_titles).toEqual(['MAMMO1']);
    const env = { MODALITY_LINK_LISTEN_KEY: r.listenKey, MODALITY_LINK_SEND_KEY: r.sendKey };
    const check = await runCli(['check', '--config', join(dir, 'gateway.yaml')], env);
    expect(check.stdout).toMatch(/^PASS config: /m);
    expect(check.stdout).toMatch(/^PASS database: .*gateway\.sqlite$/m);
    expect(check.stdout).toMatch(/^PASS relay listen: /m);
    expect(check.stdout).toMatch(/^PASS relay echo: /m);
    expect(check.stdout).toMatch(/^PASS worklist port: /m);
    expect(check.stdout).toMatch(/^PASS storage port: 0\.0\.0\.0:0 is free$/m);
    expect(check.stdout).toMatch(/^PASS storage directory: /m);
    expect(check.stdout).toMatch(/^PASS worklist calling AE titles: MAMMO1$/m);
    expect(check.stdout).toMatch(/^PASS storage calling AE titles: MAMMO1$/m);
    expect(check.stdout).not.toMatch(/^WARN /m);
    expect(check.stdout).not.toContain(r.listenKey);
    // init leaves the unsigned compatibility profiles off, so nothing to warn about (ADR 0012).
    expect(check.stdout).not.toContain('WARN');
    expect(parseDocument(readFileSync(join(dir, 'gateway.yaml'), 'utf8')).toJS()).toMatchObject({
      profiles: { 'nhs-gateway/1': { enabled: false }, 'poc-five': { enabled: false } },
    });
    expect(check.code).toBe(0);
    const bad = await runCli(['check', '--config', join(dir, 'gateway.yaml')], {
      ...env,
      MODALITY_LINK_SEND_KEY: 'wrong',
    });
    expect(bad.stdout).toMatch(/^FAIL relay echo: .*401/m);
    expect(bad.code).toBe(1);
    expect((await runCli(['init', '--dir', dir])).code).toBe(2);
  }, 60_000);

  it('init --modality-ae names the modalities; check warns (but passes) when a DICOM port is open', async () => {
    const setup = await writeTestConfig(r, { destinations: [], allowed_destinations: [] });
    const dir = join(setup.dir, 'named');
    const init = await runCli(['init', '--dir', dir, '--modality-ae', 'ROOM1_MG, ROOM2_MG']);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('DICOM ports admit calling AE titles: ROOM1_MG, ROOM2_MG');
    const written = parseDocument(readFileSync(join(dir, 'gateway.yaml'), 'utf8'));
    expect(written.toJS().worklist.allowed_calling_ae_titles).toEqual(['ROOM1_MG', 'ROOM2_MG']);
    expect(written.toJS().storage.allowed_calling_ae_titles).toEqual(['ROOM1_MG', 'ROOM2_MG']);
    const refused = await runCli(['init', '--dir', join(setup.dir, 'bad'), '--modality-ae', 'A\\B']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--modality-ae: "A\\B" is not a DICOM AE title/);
    expect(existsSync(join(setup.dir, 'bad', 'gateway.yaml'))).toBe(false);

    const doc = parseDocument(readFileSync(setup.configFile, 'utf8'));
    doc.setIn(['worklist', 'enabled'], true);
    doc.setIn(['worklist', 'port'], 0);
    doc.deleteIn(['worklist', 'allowed_calling_ae_titles']);
    doc.setIn(['storage', 'enabled'], true);
    doc.setIn(['storage', 'port'], 0);
    doc.setIn(['storage', 'allowed_calling_ae_titles'], ['ROOM1_MG']);
    writeFileSync(setup.configFile, doc.toString());
    const output = await captureStdout(() =>
      checkCommand(parseArgs(['check', '--offline', '--config', setup.configFile])),
    );
    expect(output).toContain(
      'WARN worklist calling AE titles: open to any calling AE title; set worklist.allowed_calling_ae_titles to your modalities\n',
    );
    expect(output).toContain('PASS storage calling AE titles: ROOM1_MG\n');
    expect(lastCode).toBe(0);
  }, 60_000);

  it('check opens the database without destinations and refuses one a newer gateway wrote', async () => {
    const setup = await writeTestConfig(r, { destinations: [], allowed_destinations: [] });
    const check = (argv: string[]): Promise<string> =>
      captureStdout(() => checkCommand(parseArgs(['check', ...argv, '--config', setup.configFile])));
    const dbFile = join(setup.dir, 'data', 'gateway.sqlite');
    const passed = await check([]);
    expect(passed).toContain(`PASS database: ${dbFile}\n`);
    expect(lastCode).toBe(0);
    const db = new Database(dbFile);
    db.prepare(
      `INSERT INTO schema_migrations VALUES (99, '0099_from_a_newer_gateway', 'x', '2030-01-01T00:00:00Z')`,
    ).run();
    db.close();
    const refused = await check(['--offline']);
    expect(refused).toContain(
      'FAIL database: This database was written by a newer gateway (it has migration 0099_from_a_newer_gateway, this gateway knows up to 0004_images_by_received). Install the newer gateway; the database has not been changed.\n',
    );
    expect(lastCode).toBe(1);
  });

  it('check creates a missing file-drop folder, and fails a line naming the destination and folder it cannot make', async () => {
    const setup = await writeTestConfig(r, {
      destinations: [
        { name: 'trust-fhir', type: 'file', directory: './deliveries/fhir' },
        { name: 'tie-hl7', type: 'file', directory: './blocker/hl7' },
      ],
      allowed_destinations: ['trust-fhir', 'tie-hl7'],
    });
    writeFileSync(join(setup.dir, 'blocker'), 'a file where a folder should be');
    const output = await captureStdout(() =>
      checkCommand(parseArgs(['check', '--offline', '--config', setup.configFile])),
    );
    const fhir = join(setup.dir, 'deliveries', 'fhir');
    expect(output).toContain(
      `PASS destination trust-fhir: file: folder ${fhir} ready; directory is writable\n`,
    );
    expect(statSync(fhir).mode & 0o777).toBe(0o700);
    expect(output).toContain(
      `FAIL destination tie-hl7: destination "tie-hl7": cannot prepare folder ${join(setup.dir, 'blocker', 'hl7')}: ENOTDIR\n`,
    );
    expect(lastCode).toBe(1);
  });

  it('check --offline skips the relay lines with one line saying so', async () => {
    // A relay nobody listens on: only an offline check can pass.
    const setup = await writeTestConfig(r, { destinations: [], allowed_destinations: [] });
    const doc = parseDocument(readFileSync(setup.configFile, 'utf8'));
    doc.setIn(['relay', 'endpoint'], 'ws://127.0.0.1:9');
    writeFileSync(setup.configFile, doc.toString());
    const output = await captureStdout(() =>
      checkCommand(parseArgs(['check', '--offline', '--config', setup.configFile])),
    );
    expect(lastCode).toBe(0);
    expect(output).toContain('SKIP relay: listen and echo not tried (--offline)\n');
    expect(output).not.toMatch(/relay (listen|echo)/);
    expect(output).toMatch(/All checks passed\.\n$/);
  });

  it('key prints the public key and fingerprint, even before the relay keys are set; --create makes one', async () => {
    const setup = await writeTestConfig(r);
    writeFileSync(join(setup.dir, 'listen.key'), ''); // a fresh install: relay keys still empty
    const printed = await captureStdout(() => keyCommand(parseArgs(['key', '--config', setup.configFile])));
    expect(lastCode).toBe(0);
    expect(printed).toBe(
      `Gateway public key:  ${setup.gatewayKey.publicKey}\nGateway fingerprint: ${formatFingerprint(setup.gatewayKey.keyId)}\n`,
    );
    expect(printed).not.toContain(setup.gatewayKey.privateKey);

    const doc = parseDocument(readFileSync(setup.configFile, 'utf8'));
    doc.setIn(['signing_key'], 'file:new-key.json');
    writeFileSync(setup.configFile, doc.toString());
    const keyFile = join(setup.dir, 'new-key.json');
    await expect(
      captureStdout(() => keyCommand(parseArgs(['key', '--config', setup.configFile]))),
    ).rejects.toThrow(/signing_key: cannot read .*new-key\.json \(ENOENT\)/);
    const created = await captureStdout(() =>
      keyCommand(parseArgs(['key', '--create', '--config', setup.configFile])),
    );
    expect(created).toMatch(/^Wrote .*new-key\.json \(mode 0600\)\nGateway public key: {2}\S{44}\n/);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const again = await captureStdout(() =>
      keyCommand(parseArgs(['key', '--create', '--config', setup.configFile])),
    );
    expect(again).toBe(created.replace(/^Wrote .*\n/, '')); // an existing key is never replaced
    expect(existsSync(keyFile)).toBe(true);
  });

  it('trust add, list (with fingerprints) and remove edit the config and keep its comments', async () => {
    const setup = await writeTestConfig(r);
    writeFileSync(setup.configFile, `# keep me\n${readFileSync(setup.configFile, 'utf8')}`);
    const pair = await generateSigningKeyPair();
    // In-process (the command functions the CLI dispatches to) to keep the suite quick; init and check
    // above already prove the spawned CLI end to end.
    expect(
      await trust([
        'trust',
        'add',
        'mammo-desk-2',
        pair.publicKey,
        '--id',
        'ws-2',
        '--config',
        setup.configFile,
      ]),
    ).toBe(0);
    const listed = await captureStdout(() =>
      trustCommand(parseArgs(['trust', 'list', '--config', setup.configFile])),
    );
    expect(listed).toContain(`mammo-desk-2\tws-2\t${formatFingerprint(pair.keyId)}`);
    expect(listed).toContain('reception-1');
    await expect(
      trust(['trust', 'add', 'dup', pair.publicKey, '--config', setup.configFile]),
    ).rejects.toThrow(/already trusted/);
    expect(await trust(['trust', 'remove', pair.keyId, '--config', setup.configFile])).toBe(0);
    const after = readFileSync(setup.configFile, 'utf8');
    expect(after).toMatch(/^# keep me/);
    expect(after).not.toContain(pair.publicKey);
    expect(loadConfig(setup.configFile).raw.trusted_workstations.map((w) => w.name)).toEqual(['reception-1']);
  });

  it('worklist backup-reset copies the database aside and clears finished items', async () => {
    const setup = await writeTestConfig(r);
    const config = loadConfig(setup.configFile);
    const db = openGatewayDb(config.dataDir);
    const item = (accession: string) => ({
      accession_number: accession,
      participant: { nhs_number: '9990001112', name: 'DOE^ANN', birth_date: '19700101', sex: 'F' as const },
      scheduled: { date: '20200101', time: '090000' },
      procedure: { modality: 'MG', study_description: 'Screening' },
    });
    worklistStore.createItem(db, { actionId: 'a1', item: item('OLD1') });
    db.close();
    const backup = join(setup.dir, 'backup.sqlite');
    const output = await captureStdout(() =>
      worklistCommand(parseArgs(['worklist', 'backup-reset', backup, '--config', setup.configFile])),
    );
    expect(lastCode).toBe(0);
    expect(output).toMatch(/removed 1 items/);
    const copy = new Database(backup, { readonly: true });
    expect((copy.prepare(`SELECT COUNT(*) AS n FROM worklist_items`).get() as { n: number }).n).toBe(1);
    copy.close();
  });
});
