import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { action, oneShot, WorkstationSession } from './helpers/clients';
import { exited, spawnGateway } from './helpers/cli';
import { COMPAT_PROFILES_ON, writeTestConfig, type TestSetup } from './helpers/config';
import { freePort } from '../../test-support/free-port';
import { outcomeEvents } from './helpers/outcome-events';
import { startTestRelay, type TestRelay } from './helpers/relay';

/**
 * What a gateway restart must get right for deliveries: file-drop folders made at start and cleared of
 * a crash's temp files, and the allow-list as configured now (not as it was when a message arrived).
 */
let r: TestRelay;
let setup: TestSetup;
const children: ChildProcess[] = [];
const ORDER = 'MSH|^~\\&|ML|CLINIC|RIS|HOSP|20261127093000||ORM^O01|CTRL1|P|2.4\rORC|NW|ACC1';

async function start(): Promise<ChildProcess> {
  const { child } = await spawnGateway(setup.configFile);
  children.push(child);
  return child;
}

async function kill9(child: ChildProcess): Promise<void> {
  child.kill('SIGKILL');
  await exited(child);
}

async function pendingDeliveries(): Promise<Record<string, { pending: number; retrying: number }>> {
  const reply = (await oneShot(r, action('health'))) as { health: { pending_deliveries: never } };
  return reply.health.pending_deliveries;
}

beforeAll(async () => {
  r = await startTestRelay();
  // Nothing listens on this port: every delivery to ris-hl7 is a transient connection fault.
  const deadPort = await freePort();
  setup = await writeTestConfig(r, {
    // The tests drive the gateway with one-shot production-profile actions, off by default (ADR 0012).
    profiles: COMPAT_PROFILES_ON,
    destinations: [
      { name: 'drop', type: 'file', directory: './out/fhir/drop' },
      { name: 'ris-hl7', type: 'hl7-mllp', host: '127.0.0.1', port: deadPort, timeout_ms: 500 },
    ],
    allowed_destinations: ['drop', 'ris-hl7'],
    log: { level: 'info' },
  });
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) await kill9(c);
  await r?.relay.stop();
});

describe('deliveries across a gateway restart', () => {
  it('creates the file-drop folder 0700 at start and removes a crashed write on the next start', async () => {
    const folder = join(setup.dir, 'out', 'fhir', 'drop');
    expect(existsSync(folder)).toBe(false);
    const first = await start();
    expect(statSync(folder).isDirectory()).toBe(true);
    expect(statSync(folder).mode & 0o777).toBe(0o700);

    await kill9(first);
    // What a kill in the middle of a write leaves: the dot-prefixed temp file, never the final name.
    const leftover = '.3f1c2a9e-5b7d-4e1f-9a2b-6c8d0e4f1a3b.0b6f1a52-1c4e-4d7a-9a51-3f0e2d9c8b7a.tmp';
    writeFileSync(join(folder, leftover), 'MSH|^~\\&|ML|CLI');
    writeFileSync(join(folder, '.engine-lock'), 'not ours');
    const second = await start();
    expect(readdirSync(folder)).toEqual(['.engine-lock']);

    const s = await WorkstationSession.open(r, setup.workstationKey, setup.workstationId);
    const deliver = action('message.deliver', { type: 'HL7v2', payload: ORDER, destination: 'drop' });
    await s.sendActions([deliver]);
    const events = await outcomeEvents(s, [deliver.action_id]);
    expect(events.get(deliver.action_id)?.data).toMatchObject({ outcome: 'delivered', attempts: 1 });
    expect(readFileSync(join(folder, `${deliver.action_id}.hl7`), 'utf8')).toBe(ORDER);
    s.close();
    await kill9(second);
  }, 60_000);

  it('fails a waiting delivery as not_allowed once its destination leaves the allow-list', async () => {
    const first = await start();
    const s = await WorkstationSession.open(r, setup.workstationKey, setup.workstationId);
    const deliver = action('message.deliver', { type: 'HL7v2', payload: ORDER, destination: 'ris-hl7' });
    await s.sendActions([deliver]);
    expect((await s.replies([deliver.action_id])).get(deliver.action_id)).toMatchObject({
      status: 'accepted',
    });
    s.close();
    // Accepted, then failing transiently: waiting, counted, not given up on.
    let retrying = 0;
    for (let i = 0; i < 100 && retrying < 1; i += 1) {
      retrying = (await pendingDeliveries())['ris-hl7']?.retrying ?? 0;
      if (retrying < 1) await new Promise((ok) => setTimeout(ok, 100));
    }
    expect(retrying).toBe(1);
    await kill9(first);

    const doc = parseDocument(readFileSync(setup.configFile, 'utf8'));
    doc.setIn(['allowed_destinations'], ['drop']);
    writeFileSync(setup.configFile, doc.toString());
    const second = await start();
    const s2 = await WorkstationSession.open(r, setup.workstationKey, setup.workstationId);
    const event = (await outcomeEvents(s2, [deliver.action_id])).get(deliver.action_id);
    expect(event?.data).toMatchObject({
      outcome: 'failed',
      destination: 'ris-hl7',
      reason: 'not_allowed',
      message: expect.stringMatching(/^Destination "ris-hl7" is not on this gateway's allow-list now/),
    });
    expect((event?.data as { attempts: number }).attempts).toBeGreaterThan(1);
    expect(await pendingDeliveries()).toEqual({});
    s2.close();
    await kill9(second);
  }, 60_000);
});
