import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActionEnvelope } from '../../../src/shared/protocol';
import { openGatewayDb } from '../db/open';
import { silentLogger } from '../logger';
import { worklistStore } from '../worklist-binding';
import { FakeDestination } from '../../test/helpers/fake-destination';
import { createActionApplier } from './action-applier';
import { CommitQueue } from './commit-queue';
import { DeliveryWorker } from './delivery-worker';
import { EventOutbox } from './event-outbox';
import { InboxStore } from './inbox-store';

function setup() {
  const db = openGatewayDb(mkdtempSync(join(tmpdir(), 'ml-inbox-')), [worklistStore.applySchema]);
  const inbox = new InboxStore(db);
  const outbox = new EventOutbox(db);
  const queue = new CommitQueue(
    db,
    createActionApplier({ inbox, worklist: worklistStore, isAllowed: (n) => n === 'sink' }),
    silentLogger(),
  );
  return { db, inbox, outbox, queue };
}

const deliver = (id: string, destination = 'sink'): ActionEnvelope => ({
  schema_version: 1,
  action_id: id,
  action_type: 'message.deliver',
  timestamp: new Date().toISOString(),
  source_system: 'test',
  parameters: { type: 'hl7', payload: 'MSH|', destination },
});

describe('commit queue', () => {
  it('commits every batch submitted in one tick in a single transaction', async () => {
    const { queue, db } = setup();
    const batches = Array.from({ length: 10 }, (_, b) =>
      Array.from({ length: 50 }, (_, i) => ({
        action: deliver(`a-${b}-${i}`),
        profile: 'test',
        workstationId: 'ws',
      })),
    );
    const replies = await Promise.all(batches.map((batch) => queue.submit(batch)));
    expect(replies.flat().every((r) => r.status === 'accepted')).toBe(true);
    expect(queue.stats).toEqual({ commits: 1, actions: 500 });
    expect((db.prepare(`SELECT COUNT(*) AS n FROM inbox_actions`).get() as { n: number }).n).toBe(500);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('answers a repeat with the first reply, and refuses off-list destinations without storing them', async () => {
    const { queue, inbox } = setup();
    const [first] = await queue.submit([
      { action: deliver('x1'), profile: 'test', workstationId: undefined },
    ]);
    const [again] = await queue.submit([
      { action: deliver('x1'), profile: 'test', workstationId: undefined },
    ]);
    expect(again).toEqual(first);
    const [refused] = await queue.submit([
      { action: deliver('x2', 'elsewhere'), profile: 'test', workstationId: undefined },
    ]);
    expect(refused).toMatchObject({ status: 'error', code: 'not_allowed', retryable: false });
    expect(inbox.storedReply('x2')).toBeUndefined();
  });
});

describe('delivery worker', () => {
  async function deliverWith(script: FakeDestination['script'], maxAttempts = 3) {
    const { queue, inbox, outbox } = setup();
    const sink = new FakeDestination('sink');
    sink.script = script;
    let events = 0;
    const worker = new DeliveryWorker(
      inbox,
      outbox,
      new Map([['sink', sink]]),
      { maxAttempts, initialBackoffMs: 1, maxBackoffMs: 5 },
      silentLogger(),
      () => (events += 1),
    );
    await queue.submit([{ action: deliver('d1'), profile: 'test', workstationId: 'ws-a' }]);
    worker.wake();
    const deadline = Date.now() + 5000;
    while (inbox.depth() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    worker.stop();
    const pending = outbox.pendingFor('ws-a', 0, 10);
    return { sink, events, pending, inbox };
  }

  it('retries retryable failures with backoff, then reports delivered once', async () => {
    const { sink, events, pending, inbox } = await deliverWith([
      { outcome: 'failed', message: 'down', retryable: true },
      { outcome: 'delivered' },
    ]);
    expect(sink.requests.map((r) => r.attempt)).toEqual([1, 2]);
    expect(events).toBe(1);
    expect(pending.map((e) => e.event.data)).toEqual([{ outcome: 'delivered', destination: 'sink' }]);
    expect(inbox.depth()).toBe(0);
  });

  it('gives up after max attempts, and at once on a non-retryable failure or a rejection', async () => {
    const exhausted = await deliverWith(
      Array.from({ length: 5 }, () => ({ outcome: 'failed' as const, message: 'down', retryable: true })),
    );
    expect(exhausted.sink.requests).toHaveLength(3);
    expect(exhausted.pending[0]?.event.data).toMatchObject({ outcome: 'failed', message: 'down' });
    const fatal = await deliverWith([{ outcome: 'failed', message: 'bad config', retryable: false }]);
    expect(fatal.sink.requests).toHaveLength(1);
    const rejected = await deliverWith([{ outcome: 'rejected', message: 'AE' }]);
    expect(rejected.pending[0]?.event.data).toMatchObject({ outcome: 'rejected' });
  });
});

describe('retention', () => {
  it('prunes finished rows and acknowledged events past the cut-off, never pending deliveries or unacked events', async () => {
    const { queue, inbox, outbox, db } = setup();
    await queue.submit([
      { action: deliver('old-done'), profile: 'test', workstationId: undefined },
      { action: deliver('old-pending'), profile: 'test', workstationId: undefined },
    ]);
    inbox.finish('old-done', 'delivered', undefined);
    db.prepare(`UPDATE inbox_actions SET received_at = 0`).run();
    const event = (id: string) => ({
      event_id: id,
      event_type: 'delivery.outcome' as const,
      timestamp: new Date().toISOString(),
      data: {},
    });
    outbox.add(event('e-acked'), undefined, 0);
    outbox.add(event('e-open'), undefined, 0);
    outbox.ack(['e-acked'], 1);
    expect(inbox.prune(Date.now() - 1000)).toBe(1);
    expect(outbox.prune(Date.now() - 1000)).toBe(1);
    expect(inbox.storedReply('old-done')).toBeUndefined();
    expect(inbox.storedReply('old-pending')).toMatchObject({ status: 'accepted' });
    expect(outbox.isUnacked('e-open')).toBe(true);
  });
});
