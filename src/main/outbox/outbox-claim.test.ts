import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { todayClinicId } from '../../../test-support/dispatch-harness';
import { createTestApp } from '../../../test-support/test-app';
import { transitionAppointment } from '../services/appointments/appointments';
import { sendToModality } from '../services/appointments/send-to-modality';
import { OutboxStore } from './outbox-store';

const NOW = new Date('2026-11-27T08:30:00.000Z');
let dir: string;
let app: ReturnType<typeof createTestApp>;
let store: OutboxStore;

beforeEach(() => {
  // A file, not memory: the store's commits are checked against the file's synchronous setting.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-claim-'));
  app = createTestApp({ file: path.join(dir, 'app.db'), now: NOW });
  store = new OutboxStore(app.db.$client);
});
afterEach(() => {
  app.db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** One click's messages, in the order they were created (worklist, FHIR, HL7v2). */
function send(profile: string): string[] {
  app.db.$client.prepare(`UPDATE gateways SET profile = ? WHERE id = 'gateway-alpha'`).run(profile);
  const appointmentId = `${todayClinicId(NOW)}-appt-1`;
  transitionAppointment(app.ctx, appointmentId, 'checkIn');
  sendToModality(app.ctx, appointmentId, 'sendToModality');
  const rows = app.db.$client
    .prepare(`SELECT id FROM messages WHERE appointment_id = ? ORDER BY rowid`)
    .all(appointmentId) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

const row = (id: string) =>
  app.db.$client.prepare(`SELECT status, attempts FROM messages WHERE id = ?`).get(id) as {
    status: string;
    attempts: number;
  };

describe('claiming one send’s messages', () => {
  it('takes all of a send together, in creation order, over a modality-link/1 session', () => {
    const ids = send('modality-link/1');
    expect(ids).toHaveLength(3);
    expect(store.claimDue(NOW.toISOString(), 10).map((m) => m.id)).toEqual(ids);
  });

  it('takes one at a time for a one-shot profile, the next once the earlier one is written', () => {
    const ids = send('poc-five');
    expect(store.claimDue(NOW.toISOString(), 10).map((m) => m.id)).toEqual([ids[0]]);
    expect(store.claimDue(NOW.toISOString(), 10)).toEqual([]);
    store.settle([{ id: ids[0]!, kind: 'written', at: NOW.toISOString() }]);
    expect(store.claimDue(NOW.toISOString(), 10).map((m) => m.id)).toEqual([ids[1]]);
  });

  it('holds the later messages back while an earlier one waits out its backoff', () => {
    const ids = send('modality-link/1');
    const claimed = store.claimDue(NOW.toISOString(), 10);
    const later = new Date(NOW.getTime() + 60_000).toISOString();
    store.settle([
      {
        id: ids[0]!,
        kind: 'retry',
        at: NOW.toISOString(),
        nextAttemptAt: later,
        phase: 'gateway_offline',
        error: 'offline',
      },
      { id: ids[1]!, kind: 'released', at: NOW.toISOString() },
      { id: ids[2]!, kind: 'released', at: NOW.toISOString() },
    ]);
    expect(claimed).toHaveLength(3);
    // Released: back in line untried, as if they had never been claimed.
    expect([row(ids[1]!), row(ids[2]!)]).toEqual([
      { status: 'queued', attempts: 0 },
      { status: 'queued', attempts: 0 },
    ]);
    expect(store.claimDue(NOW.toISOString(), 10)).toEqual([]);
    expect(store.claimDue(later, 10).map((m) => m.id)).toEqual(ids);
  });

  it('leaves the database at synchronous=FULL after claims and settlements committed without an fsync', () => {
    const ids = send('modality-link/1');
    const synchronous = () => app.db.$client.pragma('synchronous', { simple: true });
    expect(synchronous()).toBe(2);
    store.claimDue(NOW.toISOString(), 10);
    expect(synchronous()).toBe(2);
    store.settle(ids.map((id) => ({ id, kind: 'written' as const, at: NOW.toISOString() })));
    expect(synchronous()).toBe(2);
    expect(ids.map((id) => row(id).status)).toEqual(['delivered', 'delivered', 'delivered']);
    const reply = { status: 'created' as const, action_id: ids[0]! };
    store.settle([{ id: ids[0]!, kind: 'confirmed', at: NOW.toISOString(), reply }]);
    expect(synchronous()).toBe(2);
    expect(row(ids[0]!).status).toBe('confirmed');
  });
});
