import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { action, worklistItem, WorkstationSession } from './helpers/clients';
import { exited, spawnGateway } from './helpers/cli';
import { writeTestConfig, type TestSetup } from './helpers/config';
import { until } from './helpers/gateway';
import { startTestRelay, type TestRelay } from './helpers/relay';

let r: TestRelay;
let setup: TestSetup;
const children: ChildProcess[] = [];

beforeAll(async () => {
  r = await startTestRelay();
  setup = await writeTestConfig(r, { log: { level: 'info' }, destinations: [], allowed_destinations: [] });
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await r?.relay.stop();
});

describe('gateway killed mid-burst', () => {
  it('loses no acknowledged action and duplicates nothing after kill -9 and restart', async () => {
    const first = await spawnGateway(setup.configFile);
    children.push(first.child);
    const actions = Array.from({ length: 1200 }, (_, i) =>
      action('worklist.create_item', { worklist_item: worklistItem(`CR${String(i).padStart(8, '0')}`) }),
    );
    const acked = new Set<string>();
    const s = await WorkstationSession.open(r, setup.workstationKey, setup.workstationId);
    s.client.ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as {
        kind: string;
        replies?: Array<{ action_id: string; reply: { status: string } }>;
      };
      for (const reply of frame.replies ?? [])
        if (reply.reply.status === 'created') acked.add(reply.action_id);
    });
    // Half the burst, until replies are coming back; then the rest, and the kill lands while those are in
    // flight. (Waiting on acks rather than on the loop keeps this true on a slow or busy machine.)
    const half = actions.length / 2;
    for (let i = 0; i < half; i += 10) await s.sendActions(actions.slice(i, i + 10));
    await until(() => acked.size >= 100, 15_000);
    for (let i = half; i < actions.length; i += 10) await s.sendActions(actions.slice(i, i + 10));
    first.child.kill('SIGKILL');
    await exited(first.child);
    s.close();
    const ackedAtKill = new Set(acked);
    expect(ackedAtKill.size).toBeGreaterThan(0);
    expect(ackedAtKill.size).toBeLessThan(actions.length);

    // The app resends everything it has no reply for (and, here, everything): at-least-once delivery.
    const second = await spawnGateway(setup.configFile);
    children.push(second.child);
    const s2 = await WorkstationSession.open(r, setup.workstationKey, setup.workstationId);
    for (let i = 0; i < actions.length; i += 200) await s2.sendActions(actions.slice(i, i + 200));
    const replies = await s2.replies(
      actions.map((a) => a.action_id),
      15_000,
    );
    for (const id of ackedAtKill) expect(replies.get(id)).toEqual({ status: 'exists', action_id: id });
    expect(
      [...replies.values()].every((reply) => reply.status === 'created' || reply.status === 'exists'),
    ).toBe(true);
    s2.close();
    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toEqual({ code: 0, signal: null });

    const db = new Database(join(setup.dir, 'data', 'gateway.sqlite'), { readonly: true });
    try {
      const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
      expect(count(`SELECT COUNT(*) AS n FROM worklist_items WHERE accession_number LIKE 'CR%'`)).toBe(
        actions.length,
      );
      expect(
        count(`SELECT COUNT(*) AS n FROM inbox_actions WHERE action_type = 'worklist.create_item'`),
      ).toBe(actions.length);
      expect(
        count(
          `SELECT COUNT(DISTINCT source_message_id) AS n FROM worklist_items WHERE accession_number LIKE 'CR%'`,
        ),
      ).toBe(actions.length);
    } finally {
      db.close();
    }
  }, 60_000);
});
