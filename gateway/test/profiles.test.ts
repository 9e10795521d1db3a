import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { action, oneShot, worklistItem } from './helpers/clients';
import { COMPAT_PROFILES_ON, writeTestConfig, type TestSetup } from './helpers/config';
import { startInProcess, type InProcessGateway } from './helpers/gateway';
import { startTestRelay, type TestRelay } from './helpers/relay';

let r: TestRelay;
let setup: TestSetup;
let gw: InProcessGateway;

beforeAll(async () => {
  r = await startTestRelay();
  setup = await writeTestConfig(r, { profiles: COMPAT_PROFILES_ON });
  gw = await startInProcess(setup.configFile);
});

afterAll(async () => {
  await gw?.gateway.stop();
  await r?.relay.stop();
});

describe('nhs-gateway/1 (production contract, default profile)', () => {
  it('creates a worklist item, then answers exists for the same action and for the same accession', async () => {
    const create = action('worklist.create_item', { worklist_item: worklistItem('ACC202601020001') });
    expect(await oneShot(r, create)).toEqual({ status: 'created', action_id: create.action_id });
    expect(await oneShot(r, create)).toEqual({ status: 'exists', action_id: create.action_id });
    const again = action('worklist.create_item', { worklist_item: worklistItem('ACC202601020001') });
    expect(await oneShot(r, again)).toEqual({ status: 'exists', action_id: again.action_id });
    const rows = gw.gateway.db
      .prepare(`SELECT COUNT(*) AS n FROM worklist_items WHERE accession_number = ?`)
      .get('ACC202601020001') as { n: number };
    expect(rows.n).toBe(1);
  });

  it('updates status, echoes, reports health, refuses unknown actions and bad JSON', async () => {
    const update = action('worklist.update_status', {
      worklist_item: { accession_number: 'ACC202601020001', status: 'IN PROGRESS' },
    });
    expect(await oneShot(r, update)).toMatchObject({
      status: 'updated',
      accession_number: 'ACC202601020001',
    });
    const echo = action('echo', { payload: { hello: 1 } });
    expect(await oneShot(r, echo)).toEqual({ status: 'echo', payload: echo });
    const health = await oneShot(r, action('health'));
    expect(health).toMatchObject({
      status: 'ok',
      health: { listener_state: 'listening', inbox_depth: 0, checks: { disk: { ok: expect.any(Boolean) } } },
    });
    expect(await oneShot(r, { ...action('echo'), action_type: 'worklist.delete_everything' })).toEqual({
      status: 'error',
      message: 'Unsupported action: worklist.delete_everything',
    });
    expect(await oneShot(r, '{"action_type":')).toEqual({ status: 'error', message: 'Invalid JSON' });
    expect(await oneShot(r, { ...action('echo'), schema_version: 2 })).toMatchObject({
      status: 'error',
      code: 'unsupported_version',
    });
  });

  it('accepts message.deliver for an allowed destination and refuses one off the allow-list', async () => {
    const ok = action('message.deliver', { type: 'fhir', payload: '{}', destination: 'test-sink' });
    expect(await oneShot(r, ok)).toEqual({ status: 'accepted', action_id: ok.action_id });
    const refused = action('message.deliver', { type: 'fhir', payload: '{}', destination: 'off-list' });
    expect(await oneShot(r, refused)).toMatchObject({
      status: 'error',
      code: 'not_allowed',
      retryable: false,
    });
    const unknown = action('message.deliver', { type: 'fhir', payload: '{}', destination: 'nowhere' });
    expect(await oneShot(r, unknown)).toMatchObject({ status: 'error', code: 'not_allowed' });
    expect(gw.offList.requests).toHaveLength(0);
  });
});

describe('poc-five', () => {
  it('answers processed after the commit, delivers once, and answers the same for a resend', async () => {
    const message = { message_id: 'poc-msg-1', type: 'hl7', payload: 'MSH|^~\\&|', destination: 'test-sink' };
    expect(await oneShot(r, message, 'poc-five')).toEqual({ status: 'processed', message_id: 'poc-msg-1' });
    expect(await oneShot(r, message, 'poc-five')).toEqual({ status: 'processed', message_id: 'poc-msg-1' });
    const rows = gw.gateway.db
      .prepare(`SELECT COUNT(*) AS n FROM inbox_actions WHERE action_id = 'poc-msg-1'`)
      .get() as { n: number };
    expect(rows.n).toBe(1);
    const { until } = await import('./helpers/gateway');
    await until(() => gw.sink.requests.some((q) => q.actionId === 'poc-msg-1'));
    expect(gw.sink.requests.filter((q) => q.actionId === 'poc-msg-1')).toHaveLength(1);
    expect(
      await oneShot(r, { ...message, message_id: 'poc-msg-2', destination: 'off-list' }, 'poc-five'),
    ).toMatchObject({
      status: 'error',
      message_id: 'poc-msg-2',
      code: 'not_allowed',
    });
    expect(await oneShot(r, { message_id: 'x' }, 'poc-five')).toMatchObject({
      status: 'error',
      code: 'bad_frame',
    });
  });
});

describe('unknown profile', () => {
  it('is refused with a structured error', async () => {
    expect(await oneShot(r, action('echo'), 'telnet/9')).toMatchObject({
      status: 'error',
      code: 'unsupported_profile',
    });
  });
});
