import type { LocalRelay } from 'modality-link-relay';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withContext } from '../outbox/builders/order-context.fixture';
import { probeChannel } from '../relay/probe';
import { builtRow, exchange, oneShotChannel, type Outcome } from '../../../test-support/golden-exchange';
import { startScriptedPeer, type ScriptedPeer } from '../../../test-support/scripted-peer';
import { startTestRelay } from '../../../test-support/test-gateway';
import { rowEnvelope } from '../outbox/envelope';

/**
 * Golden frames for `nhs-gateway/1` (issue 13), written by hand from the production contract in
 * /work/shared/reference/nhs-gateway.md and ADR 0018: what crosses the relay when the app talks to the
 * production NHS gateway, and which of its replies confirm. Real relay, real channel, real builders.
 */
const ENTITY = 'production-gateway';
let relay: LocalRelay;
let peer: ScriptedPeer;
/** What the stand-in for production answers next, given the request it received. */
let answer: (request: Record<string, unknown>) => unknown;

beforeEach(async () => {
  relay = await startTestRelay([ENTITY]);
  peer = await startScriptedPeer(relay, ENTITY, (text) => JSON.stringify(answer(JSON.parse(text))));
});
afterEach(async () => {
  await peer.close();
  await relay.stop();
});

const sent = () => JSON.parse(peer.received.at(-1)!);
const send = (row: ReturnType<typeof builtRow>) =>
  exchange(oneShotChannel(peer, 'nhs-gateway/1'), row, 'nhs-gateway/1');
const kindOf = (outcome: Outcome) => ('settlement' in outcome ? outcome.settlement.kind : 'failed to send');

/** Siân O'Brien's order, for a clinic in London; only the slot time changes between tests. */
const order = (startsAt: string) =>
  withContext({
    messageId: '5d0c8f3e-7a41-4b2e-9c6d-1e2f3a4b5c6d',
    accessionNumber: 'ACC20270615A1B2',
    createdAt: '2027-06-01T08:00:00.000Z',
    scheduledTimes: 'utc',
    appointment: { id: 'appt-golden-1', startsAt },
    participant: { id: 'part-golden-1', familyName: "O'Brien", givenName: 'Siân', nhsNumber: '9434765919' },
  });

const createFrame = (scheduled: { date: string; time: string }) => ({
  schema_version: 1,
  action_id: '5d0c8f3e-7a41-4b2e-9c6d-1e2f3a4b5c6d',
  action_type: 'worklist.create_item',
  timestamp: '2027-06-01T08:00:00.000Z',
  source_system: 'modality-link',
  source_reference: { appointment_id: 'appt-golden-1', participant_id: 'part-golden-1' },
  parameters: {
    worklist_item: {
      accession_number: 'ACC20270615A1B2',
      participant: { nhs_number: '9434765919', name: "O'Brien^Siân", birth_date: '19680314', sex: 'F' },
      scheduled,
      procedure: { modality: 'MG', study_description: 'Bilateral screening mammogram' },
      scheduled_station_ae_title: 'MG_ROOM_1',
    },
    destination: 'mwl',
  },
});

describe('nhs-gateway/1: worklist.create_item', () => {
  it('sends a winter appointment in UTC, which is London time, and is confirmed by "created"', async () => {
    answer = (request) => ({ status: 'created', action_id: request.action_id });
    const outcome = await send(builtRow(order('2026-11-27T09:15:00Z'), 'WORKLIST', 'mwl'));
    expect(sent()).toEqual(createFrame({ date: '20261127', time: '091500' }));
    expect(kindOf(outcome)).toBe('confirmed');
  });

  it('sends a summer (BST) appointment an hour earlier in UTC, confirmed by "exists"', async () => {
    answer = (request) => ({ status: 'exists', action_id: request.action_id });
    // 10:30 BST on 15 June 2027.
    const outcome = await send(builtRow(order('2027-06-15T09:30:00Z'), 'WORKLIST', 'mwl'));
    expect(sent()).toEqual(createFrame({ date: '20270615', time: '093000' }));
    expect(kindOf(outcome)).toBe('confirmed');
  });

  it('rolls the date back a day for 00:30 BST', async () => {
    answer = (request) => ({ status: 'created', action_id: request.action_id });
    // 00:30 BST on 15 June 2027 is 23:30 UTC on 14 June.
    await send(builtRow(order('2027-06-14T23:30:00Z'), 'WORKLIST', 'mwl'));
    expect(sent()).toEqual(createFrame({ date: '20270614', time: '233000' }));
  });

  it('does not take a confirmation naming another action', async () => {
    answer = () => ({ status: 'created', action_id: 'someone-else' });
    const outcome = await send(builtRow(order('2026-11-27T09:15:00Z'), 'WORKLIST', 'mwl'));
    expect('settlement' in outcome && outcome.settlement).toMatchObject({
      kind: 'retry',
      error:
        "The gateway's reply is for another action (someone-else), not 5d0c8f3e-7a41-4b2e-9c6d-1e2f3a4b5c6d.",
    });
  });

  it('keeps clinic time under our own protocol (modality-link/1)', () => {
    const local = builtRow(
      { ...order('2027-06-14T23:30:00Z'), scheduledTimes: 'clinic-local' },
      'WORKLIST',
      'mwl',
    );
    const item = rowEnvelope(local).parameters.worklist_item as { scheduled: unknown };
    expect(item.scheduled).toEqual({ date: '20270615', time: '003000' });
  });
});

describe('nhs-gateway/1: worklist.update_status', () => {
  const update = () => ({
    ...builtRow(order('2026-11-27T09:15:00Z'), 'WORKLIST', 'mwl'),
    id: '9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4',
    actionType: 'worklist.update_status' as const,
    payload: '{"worklist_item":{"accession_number":"ACC20270615A1B2","status":"IN PROGRESS"}}',
  });

  it('sends the new status and is confirmed by production\'s reply: the accession number and "updated"', async () => {
    answer = () => ({ accession_number: 'ACC20270615A1B2', status: 'updated' });
    const outcome = await send(update());
    expect(sent()).toEqual({
      schema_version: 1,
      action_id: '9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4',
      action_type: 'worklist.update_status',
      timestamp: '2027-06-01T08:00:00.000Z',
      source_system: 'modality-link',
      source_reference: { appointment_id: 'appt-golden-1', participant_id: 'part-golden-1' },
      parameters: {
        worklist_item: { accession_number: 'ACC20270615A1B2', status: 'IN PROGRESS' },
        destination: 'mwl',
      },
    });
    expect(kindOf(outcome)).toBe('confirmed');
  });

  it('refuses a reply for another item, or a bare status word production never sends', async () => {
    answer = () => ({ accession_number: 'ACC20270615FFFF', status: 'updated' });
    const other = await send(update());
    expect('settlement' in other && other.settlement).toMatchObject({
      kind: 'retry',
      error: 'The gateway confirmed an update for a different accession number.',
    });
    answer = () => ({ accession_number: 'ACC20270615A1B2', status: 'IN PROGRESS' });
    expect(kindOf(await send(update()))).not.toBe('confirmed');
  });
});

describe("nhs-gateway/1: production's error replies are final and shown", () => {
  it.each([
    'Unsupported action: message.deliver',
    "Missing key: 'x'",
    'Invalid status transition: SCHEDULED -> DISCONTINUED',
    "Worklist item 'ACC20270615A1B2' not found",
  ])('"%s" fails the message at once, in its own words', async (message) => {
    answer = () => ({ status: 'error', message });
    const outcome = await send(builtRow(order('2026-11-27T09:15:00Z'), 'WORKLIST', 'mwl'));
    expect('settlement' in outcome && outcome.settlement).toMatchObject({
      kind: 'failed',
      phase: 'rejected',
      error: `The gateway rejected it: ${message}`,
    });
  });

  it('refuses a reply the production protocol does not define', async () => {
    answer = () => ({ status: 'done' });
    const outcome = await send(builtRow(order('2026-11-27T09:15:00Z'), 'WORKLIST', 'mwl'));
    expect('failure' in outcome && outcome.failure.message).toBe(
      "The gateway's reply is not one the production protocol defines.",
    );
  });
});

describe('nhs-gateway/1: Test connection', () => {
  const now = new Date('2026-12-04T10:00:00.000Z');
  const uuid = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

  it('sends an echo, confirmed by production returning the whole request', async () => {
    answer = (request) => ({ status: 'echo', payload: request });
    const result = await probeChannel(oneShotChannel(peer, 'nhs-gateway/1'), 'echo', now, 'nhs-gateway/1');
    const frame = sent();
    expect(frame).toEqual({
      schema_version: 1,
      action_id: uuid,
      action_type: 'echo',
      timestamp: '2026-12-04T10:00:00.000Z',
      source_system: 'modality-link',
      parameters: { payload: { probe: frame.action_id } },
    });
    expect(result.failure).toBeNull();
  });

  it('sends a health check, confirmed by "ok" naming the action', async () => {
    const health = {
      healthy: true,
      version: '2.3.0',
      listener_uptime_seconds: 4210,
      checks: { mwl_port: true, pacs_port: true, disk: { ok: true, free_bytes: 80e9, free_percent: 41.5 } },
    };
    answer = (request) => ({ status: 'ok', action_id: request.action_id, health });
    const result = await probeChannel(oneShotChannel(peer, 'nhs-gateway/1'), 'health', now, 'nhs-gateway/1');
    expect(sent()).toEqual({
      schema_version: 1,
      action_id: uuid,
      action_type: 'health',
      timestamp: '2026-12-04T10:00:00.000Z',
      source_system: 'modality-link',
      parameters: {},
    });
    expect(result.failure).toBeNull();
    expect(result.reply).toEqual({ status: 'ok', action_id: sent().action_id, health });
  });
});
