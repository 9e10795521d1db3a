import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActionEnvelope } from 'modality-link-protocol';
import { openGatewayDb } from '../db/open';
import { silentLogger } from '../logger';
import { worklistStore } from '../worklist/binding';
import { FakeDestination } from '../../test/helpers/fake-destination';
import { deliveryFailure } from '../destinations/delivery-faults';
import type { DeliveryRequest, DeliveryResult, Destination } from '../destinations/destination';
import { createActionApplier } from './action-applier';
import { CommitQueue } from './commit-queue';
import { DeliveryWorker } from './delivery-worker';
import { EventOutbox } from './event-outbox';
import { InboxStore } from './inbox-store';

function setup() {
  const db = openGatewayDb(mkdtempSync(join(tmpdir(), 'ml-inbox-')));
  const inbox = new InboxStore(db);
  const outbox = new EventOutbox(db);
  const queue = new CommitQueue(
    db,
    createActionApplier({ inbox, worklist: worklistStore, isAllowed: (n) => n === 'sink' || n === 'dead' }),
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

describe('reply before delivery', () => {
  it('answers a committed action, lets the next turn pass, then starts its delivery (ADR 0033)', async () => {
    const db = openGatewayDb(mkdtempSync(join(tmpdir(), 'ml-inbox-')));
    const inbox = new InboxStore(db);
    const sink = new FakeDestination('sink');
    const order: string[] = [];
    const original = sink.deliver.bind(sink);
    sink.deliver = (request) => {
      order.push('delivery started');
      return original(request);
    };
    const worker = new DeliveryWorker(
      inbox,
      new EventOutbox(db),
      new Map([['sink', sink]]),
      { initialBackoffMs: 1, maxBackoffMs: 5, isAllowed: () => true },
      silentLogger(),
      () => undefined,
    );
    // Wired as gateway.ts wires them: the commit wakes the worker.
    const queue = new CommitQueue(
      db,
      createActionApplier({ inbox, worklist: worklistStore, isAllowed: () => true }),
      silentLogger(),
      () => worker.wakeAfterReplies(),
    );
    await queue.submit([{ action: deliver('r1'), profile: 'test', workstationId: 'ws' }]).then(() => {
      order.push('replied');
      // Before round 4 the delivery started on this turn, ahead of whatever the reply woke.
      setImmediate(() => order.push('next turn'));
    });
    const deadline = Date.now() + 5000;
    while (sink.requests.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    worker.stop();
    expect(order).toEqual(['replied', 'next turn', 'delivery started']);
  });
});

describe('delivery worker', () => {
  async function deliverWith(script: FakeDestination['script'], allowed = () => true) {
    const { queue, inbox, outbox, db } = setup();
    const sink = new FakeDestination('sink');
    sink.script = script;
    let events = 0;
    const worker = new DeliveryWorker(
      inbox,
      outbox,
      new Map([['sink', sink]]),
      { initialBackoffMs: 1, maxBackoffMs: 5, isAllowed: allowed },
      silentLogger(),
      () => (events += 1),
    );
    await queue.submit([{ action: deliver('d1'), profile: 'test', workstationId: 'ws-a' }]);
    worker.wake();
    const deadline = Date.now() + 5000;
    while (inbox.depth() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    worker.stop();
    const pending = outbox.pendingFor('ws-a', 0, 10);
    const row = db
      .prepare(`SELECT delivery_state, attempts FROM inbox_actions WHERE action_id = 'd1'`)
      .get() as { delivery_state: string; attempts: number };
    return { sink, events, pending, inbox, row };
  }

  it('retries transient faults with backoff, then reports delivered once', async () => {
    const { sink, events, pending, inbox } = await deliverWith([
      deliveryFailure('connection', 'down'),
      { outcome: 'delivered' },
    ]);
    expect(sink.requests.map((r) => r.attempt)).toEqual([1, 2]);
    expect(events).toBe(1);
    expect(pending.map((e) => e.event.data)).toEqual([
      { outcome: 'delivered', destination: 'sink', attempts: 2 },
    ]);
    expect(inbox.depth()).toBe(0);
  });

  it('never gives up on a transient fault: twenty failures are twenty retries, not a final outcome', async () => {
    // The old policy stopped at 8 attempts; no count stops it now (ADR 0014).
    const { sink, pending, row } = await deliverWith([
      ...Array.from({ length: 20 }, () => deliveryFailure('http_server_error', 'HTTP 503')),
      { outcome: 'delivered' },
    ]);
    expect(sink.requests).toHaveLength(21);
    expect(row).toEqual({ delivery_state: 'delivered', attempts: 21 });
    expect(pending.map((e) => e.event.data)).toEqual([
      { outcome: 'delivered', destination: 'sink', attempts: 21 },
    ]);
  });

  it('finishes at once on a permanent fault, with the reason in the event', async () => {
    const refused = await deliverWith([deliveryFailure('http_refused', 'HTTP 400 Bad Request')]);
    expect(refused.sink.requests).toHaveLength(1);
    expect(refused.row).toEqual({ delivery_state: 'rejected', attempts: 1 });
    expect(refused.pending.map((e) => e.event.data)).toEqual([
      {
        outcome: 'rejected',
        destination: 'sink',
        message: 'HTTP 400 Bad Request',
        reason: 'http_refused',
        attempts: 1,
      },
    ]);
    const invalid = await deliverWith([deliveryFailure('payload_invalid', 'payload is not JSON')]);
    expect(invalid.sink.requests).toHaveLength(1);
    expect(invalid.pending[0]?.event.data).toMatchObject({ outcome: 'rejected', reason: 'payload_invalid' });
  });

  it('asks the allow-list at the attempt: a destination dropped after arrival is a permanent not_allowed', async () => {
    const { sink, pending, row } = await deliverWith([], () => false);
    expect(sink.requests).toEqual([]);
    expect(row).toEqual({ delivery_state: 'failed', attempts: 1 });
    expect(pending.map((e) => e.event.data)).toEqual([
      {
        outcome: 'failed',
        destination: 'sink',
        message: expect.stringMatching(/^Destination "sink" is not on this gateway's allow-list now/),
        reason: 'not_allowed',
        attempts: 1,
      },
    ]);
  });

  it("drains a destination's backlog as soon as one delivery to it succeeds, not a backoff later", async () => {
    const { queue, inbox, outbox } = setup();
    const sink = new FakeDestination('sink');
    const worker = new DeliveryWorker(
      inbox,
      outbox,
      new Map([['sink', sink]]),
      { initialBackoffMs: 1, maxBackoffMs: 5, isAllowed: () => true },
      silentLogger(),
      () => undefined,
    );
    await queue.submit([
      { action: deliver('waiting-1'), profile: 'test', workstationId: undefined },
      { action: deliver('waiting-2'), profile: 'test', workstationId: undefined },
    ]);
    // Both failed before and wait out a long backoff; a new message to the same destination goes through.
    for (const id of ['waiting-1', 'waiting-2']) inbox.scheduleRetry(id, Date.now() + 3_600_000, 'down');
    await queue.submit([{ action: deliver('fresh'), profile: 'test', workstationId: undefined }]);
    worker.wake();
    const deadline = Date.now() + 5000;
    while (inbox.depth() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    worker.stop();
    expect(sink.requests.map((r) => [r.actionId, r.attempt])).toEqual([
      ['fresh', 1],
      ['waiting-1', 2],
      ['waiting-2', 2],
    ]);
  });

  it('gives each destination its own lane: one that hangs on every attempt cannot hold up another', async () => {
    const { queue, inbox, outbox } = setup();
    const sink = new FakeDestination('sink');
    const hanging: DeliveryRequest[] = [];
    const dead: Destination = {
      name: 'dead',
      kind: 'hl7-mllp',
      // A firewall dropping packets: no answer until the timeout, here never.
      deliver: (request) => {
        hanging.push(request);
        return new Promise<DeliveryResult>(() => undefined);
      },
      check: async () => ({ ok: false, message: 'no answer' }),
      close: async () => undefined,
    };
    const worker = new DeliveryWorker(
      inbox,
      outbox,
      new Map<string, Destination>([
        ['dead', dead],
        ['sink', sink],
      ]),
      { initialBackoffMs: 1, maxBackoffMs: 5, concurrency: 2, isAllowed: () => true },
      silentLogger(),
      () => undefined,
    );
    // Six for the dead destination arrive first, then one for the healthy one.
    const early = Array.from({ length: 6 }, (_, i) => ({
      action: deliver(`dead-${i}`, 'dead'),
      profile: 'test',
      workstationId: undefined,
    }));
    await queue.submit(early);
    await queue.submit([{ action: deliver('healthy'), profile: 'test', workstationId: undefined }]);
    worker.wake();
    const deadline = Date.now() + 5000;
    while (sink.requests.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    worker.stop();
    expect(sink.requests.map((r) => r.actionId)).toEqual(['healthy']);
    expect(hanging.map((r) => r.actionId)).toEqual(['dead-0', 'dead-1']);
    expect(inbox.depth()).toBe(6);
  });

  it('brings waiting retries to a destination forward when a delivery to it succeeds', async () => {
    const { queue, inbox, db } = setup();
    await queue.submit([
      { action: deliver('w1'), profile: 'test', workstationId: undefined },
      { action: deliver('w2'), profile: 'test', workstationId: undefined },
    ]);
    const later = Date.now() + 60_000;
    inbox.scheduleRetry('w1', later, 'down');
    inbox.scheduleRetry('w2', later, 'down');
    expect(inbox.pendingByDestination()).toEqual({ sink: { pending: 2, retrying: 2, most_attempts: 1 } });
    expect(inbox.hurry('sink')).toBe(2);
    expect(inbox.hurry('elsewhere')).toBe(0);
    const due = db.prepare(`SELECT MAX(next_attempt_at) FROM inbox_actions`).pluck().get() as number;
    expect(due).toBeLessThan(later);
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
