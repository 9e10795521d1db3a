import type { LocalRelay } from 'modality-link-relay';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { probeChannel } from '../relay/probe';
import { builtRow, exchange, oneShotChannel, type Outcome } from '../../../test-support/golden-exchange';
import { startScriptedPeer, type ScriptedPeer } from '../../../test-support/scripted-peer';
import { startTestRelay } from '../../../test-support/test-gateway';
import { withContext } from '../outbox/builders/order-context.fixture';

/**
 * Golden frames for `poc-five` (issue 13), written by hand from the seed's contract: one
 * `{message_id, type, payload, destination}` per connection, the payload as text (JSON included), the
 * destination a name or a URL of up to 300 characters; `{status: "processed", message_id}` confirms.
 */
const ENTITY = 'seed-listener';
const TIE_URL = 'https://tie.alpha.example.nhs.uk/fhir/r4/ServiceRequest';
let relay: LocalRelay;
let peer: ScriptedPeer;
let answer: (request: Record<string, unknown>) => unknown;

beforeEach(async () => {
  relay = await startTestRelay([ENTITY]);
  peer = await startScriptedPeer(relay, ENTITY, (text) => JSON.stringify(answer(JSON.parse(text))));
});
afterEach(async () => {
  await peer.close();
  await relay.stop();
});

const ctx = withContext({
  messageId: '2b7e4c1a-9d3f-4e8b-a6c5-0f1e2d3c4b5a',
  accessionNumber: 'ACC20270615C3D4',
  scheduledTimes: 'clinic-local',
  appointment: { startsAt: '2027-06-14T23:30:00Z' },
  participant: { familyName: 'Zoë', givenName: 'Ann' },
});
const sent = () => JSON.parse(peer.received.at(-1)!);
const send = (row: ReturnType<typeof builtRow>) =>
  exchange(oneShotChannel(peer, 'poc-five'), row, 'poc-five');
const processed = (request: Record<string, unknown>) => ({
  status: 'processed',
  message_id: request.message_id,
});
const kindOf = (outcome: Outcome) => ('settlement' in outcome ? outcome.settlement.kind : 'failed to send');

describe('poc-five: what the app sends', () => {
  it('sends FHIR as JSON text to a URL destination, confirmed by "processed"', async () => {
    answer = processed;
    const row = builtRow(ctx, 'FHIR', TIE_URL);
    const outcome = await send(row);
    const frame = sent();
    expect(Object.keys(frame)).toEqual(['message_id', 'type', 'payload', 'destination']);
    expect(frame).toMatchObject({
      message_id: '2b7e4c1a-9d3f-4e8b-a6c5-0f1e2d3c4b5a',
      type: 'FHIR',
      destination: TIE_URL,
    });
    expect(typeof frame.payload).toBe('string');
    expect(JSON.parse(frame.payload)).toMatchObject({
      resourceType: 'ServiceRequest',
      identifier: expect.arrayContaining([expect.objectContaining({ value: 'ACC20270615C3D4' })]),
    });
    expect(frame.payload).toBe(row.payload);
    expect(kindOf(outcome)).toBe('confirmed');
  });

  it('sends HL7 v2 as its text, segments separated by carriage returns', async () => {
    answer = processed;
    const row = builtRow(ctx, 'HL7v2', 'tie-hl7');
    await send(row);
    const frame = sent();
    expect(frame).toEqual({
      message_id: '2b7e4c1a-9d3f-4e8b-a6c5-0f1e2d3c4b5a',
      type: 'HL7v2',
      payload: row.payload,
      destination: 'tie-hl7',
    });
    expect(frame.payload).toMatch(/^MSH\|\^~\\&\|MODALITY-LINK\|/);
    expect(frame.payload.split('\r').map((segment: string) => segment.slice(0, 3))).toContain('PID');
  });

  it('sends a worklist item as JSON text, in clinic time (00:30 BST stays on 15 June)', async () => {
    answer = processed;
    await send(builtRow(ctx, 'WORKLIST', 'mwl'));
    const frame = sent();
    expect(frame).toMatchObject({ type: 'WORKLIST', destination: 'mwl' });
    expect(JSON.parse(frame.payload)).toEqual({
      worklist_item: {
        accession_number: 'ACC20270615C3D4',
        participant: { nhs_number: '9434765919', name: 'Zoë^Ann', birth_date: '19680314', sex: 'F' },
        scheduled: { date: '20270615', time: '003000' },
        procedure: { modality: 'MG', study_description: 'Bilateral screening mammogram' },
        scheduled_station_ae_title: 'MG_ROOM_1',
      },
    });
  });
});

describe('poc-five: which replies confirm', () => {
  it('refuses "processed" for another message', async () => {
    answer = () => ({ status: 'processed', message_id: 'another-message' });
    const outcome = await send(builtRow(ctx, 'FHIR', TIE_URL));
    expect('failure' in outcome && outcome.failure.message).toBe(
      "The gateway's reply is not a processed confirmation for this message.",
    );
  });

  it('fails the message on an error reply, showing its words', async () => {
    answer = () => ({ status: 'error', message: 'Destination not reachable' });
    const outcome = await send(builtRow(ctx, 'FHIR', TIE_URL));
    expect('settlement' in outcome && outcome.settlement).toMatchObject({
      kind: 'failed',
      error: 'The gateway rejected it: Destination not reachable',
    });
  });

  it('tests the connection without sending anything: the seed listener has no echo or health', async () => {
    answer = processed;
    const result = await probeChannel(oneShotChannel(peer, 'poc-five'), 'connect', new Date(), 'poc-five');
    expect(result.failure).toBeNull();
    expect(result.reply).toBeNull();
    expect(peer.received).toEqual([]);
  });
});
