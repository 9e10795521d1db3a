import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { enabledCompatProfiles } from '#gateway/config/profiles';
import { configSchema } from '#gateway/config/schema';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { action, connectClient, oneShot, worklistItem, WorkstationSession } from './helpers/clients';
import { exited, runCli, spawnGateway } from './helpers/cli';
import { COMPAT_PROFILES_ON, writeTestConfig } from './helpers/config';
import { freePort } from '../../test-support/free-port';
import { capturingLogger, startInProcess, type InProcessGateway } from './helpers/gateway';
import { startTestRelay, type TestRelay } from './helpers/relay';
import { findscu } from './dicom/dcmtk';

/**
 * Issue 12's first hole, replayed: anyone holding the relay Send key created the worklist item
 * `UNSIGNED^INJECTED` over the unsigned nhs-gateway/1 profile, and a modality's findscu returned it.
 * With the default config the compatibility profiles are off; when turned on, each does only what its
 * allow-list says (ADR 0012).
 */
const MWL_AE = 'MWLSCP';
const injected = (accession: string) => ({
  ...worklistItem(accession),
  participant: { nhs_number: '9990009999', name: 'UNSIGNED^INJECTED', birth_date: '19700101', sex: 'F' },
});

let r: TestRelay;
beforeAll(async () => {
  r = await startTestRelay();
});
afterAll(async () => {
  await r?.relay.stop();
});

describe('the injection, with the default config', () => {
  let child: ChildProcess | undefined;
  afterEach(async () => {
    child?.kill('SIGTERM');
    if (child) await exited(child);
  });

  it('refuses an unsigned nhs-gateway/1 create with a named error, and findscu does not return it', async () => {
    const mwlPort = await freePort();
    const setup = await writeTestConfig(r, {
      log: { level: 'info' },
      worklist: { enabled: true, host: '127.0.0.1', port: mwlPort, ae_title: MWL_AE },
    });
    const gateway = await spawnGateway(setup.configFile);
    child = gateway.child;

    const attack = action('worklist.create_item', { worklist_item: injected('INJ00000001') });
    expect(await oneShot(r, attack)).toMatchObject({
      status: 'error',
      code: 'profile_disabled',
      retryable: false,
      message: expect.stringContaining('Profile nhs-gateway/1 is turned off'),
    });
    const poc = { message_id: 'poc-inj-1', type: 'hl7', payload: 'MSH|', destination: 'test-sink' };
    expect(await oneShot(r, poc, 'poc-five')).toMatchObject({ status: 'error', code: 'profile_disabled' });
    // Not even bad JSON reaches a parser: the profile is refused whatever the frame holds.
    expect(await oneShot(r, '{"action_type":')).toMatchObject({ code: 'profile_disabled' });

    // A trusted workstation's signed create on the same gateway proves findscu would have seen an item.
    const session = await WorkstationSession.open(r, setup.workstationKey, setup.workstationId);
    const signed = action('worklist.create_item', { worklist_item: worklistItem('SIG00000001') });
    await session.sendActions([signed]);
    expect((await session.replies([signed.action_id])).get(signed.action_id)).toMatchObject({
      status: 'created',
    });
    session.close();

    const found = await findscu({ port: mwlPort, calledAe: MWL_AE }, ['AccessionNumber', 'PatientName']);
    expect(found.responses.map((x) => x.AccessionNumber)).toEqual(['SIG00000001']);
    expect(found.responses.map((x) => x.PatientName)).not.toContain('UNSIGNED^INJECTED');
    // The refusal is logged by profile and code, never with what the request carried.
    const log = gateway.output();
    expect(log).toMatch(/"profile":"nhs-gateway\/1".*"code":"profile_disabled"/);
    expect(log).not.toContain('INJECTED');
    expect(log).not.toContain('9990009999');
  }, 40_000);

  it('the packaged configs leave both profiles off', () => {
    for (const os of ['debian', 'windows']) {
      const file = join(__dirname, '../packaging', os, 'gateway.yaml');
      const parsed = configSchema.parse(parseDocument(readFileSync(file, 'utf8')).toJS());
      expect([os, enabledCompatProfiles(parsed.profiles)]).toEqual([os, []]);
    }
  });

  it('check passes without a warning; with a profile on it prints one WARN line for it', async () => {
    const none = { destinations: [], allowed_destinations: [] };
    const off = await writeTestConfig(r, none);
    const quiet = await runCli(['check', '--offline', '--config', off.configFile]);
    expect(quiet.stdout).not.toContain('WARN');
    expect(quiet.code).toBe(0);
    const on = await writeTestConfig(r, { ...none, profiles: { 'nhs-gateway/1': { enabled: true } } });
    const warned = await runCli(['check', '--offline', '--config', on.configFile]);
    expect(warned.stdout.split('\n').filter((l) => l.startsWith('WARN'))).toEqual([
      'WARN profile nhs-gateway/1: on and unsigned: any sender with the Send key may worklist.create_item, worklist.update_status, echo, health',
    ]);
    expect(warned.code).toBe(0);
  });
});

describe('an enabled profile does only what its allow-list names', () => {
  let gw: InProcessGateway | undefined;
  afterEach(async () => {
    await gw?.gateway.stop();
    gw = undefined;
  });

  it('nhs-gateway/1 with the default allow-list: create and echo yes, message.deliver and test items no', async () => {
    const setup = await writeTestConfig(r, {
      profiles: { 'nhs-gateway/1': { enabled: true, request_timeout_seconds: 0.5 } },
    });
    const { log, lines } = capturingLogger();
    gw = await startInProcess(setup.configFile, log);
    // run warns at start for each unsigned profile that is on, and only for those.
    const warnings = lines.filter((l) => l.includes('unsigned compatibility profile is on'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"profile":"nhs-gateway/1"');
    const create = action('worklist.create_item', { worklist_item: worklistItem('ALW00000001') });
    expect(await oneShot(r, create)).toEqual({ status: 'created', action_id: create.action_id });
    expect(await oneShot(r, action('echo'))).toMatchObject({ status: 'echo' });
    for (const type of ['message.deliver', 'worklist.create_test_item'] as const) {
      const refused = action(type, { type: 'fhir', payload: '{}', destination: 'test-sink' });
      expect(await oneShot(r, refused)).toEqual({
        status: 'error',
        action_id: refused.action_id,
        code: 'not_allowed',
        retryable: false,
        message: `Action ${type} is not allowed on profile nhs-gateway/1 (profiles.nhs-gateway/1.actions).`,
      });
    }
    const rows = gw.gateway.db.prepare(`SELECT action_type FROM inbox_actions`).all() as Array<{
      action_type: string;
    }>;
    expect(rows.map((x) => x.action_type)).toEqual(['worklist.create_item']);
    // An action_type that cannot be turned into text (found by bench/fuzz) is named by its type.
    expect(await oneShot(r, { ...action('echo'), action_type: { toString: 0 } })).toEqual({
      status: 'error',
      message: 'Unsupported action: object',
    });
    // poc-five stays off while nhs-gateway/1 is on.
    expect(
      await oneShot(r, { message_id: 'p', type: 'x', payload: '', destination: 'test-sink' }, 'poc-five'),
    ).toMatchObject({ code: 'profile_disabled' });
    // A sender that says nothing is told so and dropped, as production's listener drops it.
    const idle = await connectClient(r);
    expect(await idle.next()).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/^No request within/),
    });
  });

  it('poc-five limited to named destinations refuses the others before they reach the inbox', async () => {
    const setup = await writeTestConfig(r, {
      allowed_destinations: ['test-sink', 'off-list'],
      profiles: { 'poc-five': { ...COMPAT_PROFILES_ON['poc-five'], destinations: ['test-sink'] } },
    });
    gw = await startInProcess(setup.configFile);
    const ok = { message_id: 'poc-allowed', type: 'hl7', payload: 'MSH|', destination: 'test-sink' };
    expect(await oneShot(r, ok, 'poc-five')).toEqual({ status: 'processed', message_id: 'poc-allowed' });
    const other = { ...ok, message_id: 'poc-elsewhere', destination: 'off-list' };
    expect(await oneShot(r, other, 'poc-five')).toMatchObject({
      status: 'error',
      message_id: 'poc-elsewhere',
      code: 'not_allowed',
      message: 'Destination off-list is not allowed on profile poc-five (profiles.poc-five.destinations).',
    });
    const ids = gw.gateway.db.prepare(`SELECT action_id FROM inbox_actions`).all() as Array<{
      action_id: string;
    }>;
    expect(ids.map((x) => x.action_id)).toEqual(['poc-allowed']);
  });

  it('refuses a config whose profile names an unknown destination or action', async () => {
    const bad = await writeTestConfig(r, {
      profiles: {
        'poc-five': { enabled: true, actions: ['message.deliver', 'drop_tables'], destinations: ['nowhere'] },
      },
    });
    const result = await runCli(['check', '--offline', '--config', bad.configFile]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^FAIL config: .*profiles\.poc-five\.actions\.1: /);
  });
});
