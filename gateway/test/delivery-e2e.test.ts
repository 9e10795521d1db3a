import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { action, oneShot, WorkstationSession } from './helpers/clients';
import { exited, spawnGateway } from './helpers/cli';
import { COMPAT_PROFILES_ON, writeTestConfig, type TestSetup } from './helpers/config';
import { startTestRelay, type TestRelay } from './helpers/relay';
import { verifyGatewayFrame } from './helpers/verify';

let r: TestRelay;
let setup: TestSetup;
let child: ChildProcess | undefined;

beforeAll(async () => {
  r = await startTestRelay();
  setup = await writeTestConfig(r, {
    profiles: COMPAT_PROFILES_ON,
    destinations: [
      { name: 'drop', type: 'file', directory: './out/drop' },
      { name: 'off-list', type: 'file', directory: './out/off-list' },
    ],
    allowed_destinations: ['drop'],
    log: { level: 'info' },
  });
  // No folders made here: the gateway creates each file-drop folder at start (ADR 0014).
  child = (await spawnGateway(setup.configFile)).child;
}, 60_000);
afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await exited(child);
  }
  await r?.relay.stop();
});

describe('the gateway process with its real destination adapters', () => {
  it('accepts message.deliver, drops the file, and pushes a signed delivered outcome', async () => {
    const s = await WorkstationSession.open(r, setup.workstationKey, setup.workstationId);
    const deliver = action('message.deliver', {
      type: 'HL7v2',
      payload: 'MSH|^~\\&|ML|CLINIC|RIS|HOSP|20260102093000||ORM^O01|1|P|2.4\r',
      destination: 'drop',
    });
    const refused = action('message.deliver', { type: 'HL7v2', payload: 'MSH|', destination: 'off-list' });
    await s.sendActions([deliver, refused]);
    const replies = await s.replies([deliver.action_id, refused.action_id]);
    expect(replies.get(deliver.action_id)).toEqual({ status: 'accepted', action_id: deliver.action_id });
    expect(replies.get(refused.action_id)).toMatchObject({
      status: 'error',
      code: 'not_allowed',
      retryable: false,
    });
    const events = await s.client.next(
      (f) =>
        f.kind === 'events' &&
        (f.events as Array<{ action_id?: string }>).some((e) => e.action_id === deliver.action_id),
      10_000,
    );
    expect(await verifyGatewayFrame(events, setup.gatewayKey.publicKey)).toBe(true);
    const event = (events.events as Array<Record<string, unknown>>).find(
      (e) => e.action_id === deliver.action_id,
    )!;
    expect(event.data).toMatchObject({ outcome: 'delivered', destination: 'drop' });
    s.client.send({ kind: 'event_acks', event_ids: [event.event_id] });
    const file = join(setup.dir, 'out', 'drop', `${deliver.action_id}.hl7`);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('ORM^O01');
    s.close();

    const health = await oneShot(r, action('health'));
    expect(health).toMatchObject({
      status: 'ok',
      health: { listener_state: 'listening', checks: { destinations: { drop: { ok: true } } } },
    });
  });
});
