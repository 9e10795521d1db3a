import type { LocalRelay } from 'modality-link-relay';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtRow, exchange, oneShotChannel } from '../../../test-support/golden-exchange';
import { startScriptedPeer, type ScriptedPeer } from '../../../test-support/scripted-peer';
import { startTestRelay } from '../../../test-support/test-gateway';
import { withContext } from '../outbox/builders/order-context.fixture';
import { toOutgoingAction } from '../outbox/envelope';
import { DeliveryFailure } from '../relay/delivery-failure';
import { probeChannel } from '../relay/probe';

/**
 * What each compatibility profile frames from a stored outbox row, through the real one-shot channel and
 * relay (ADR 0030): only the shape its peer speaks, from the payload as stored.
 */
const ENTITY = 'compat-peer';
let relay: LocalRelay;
let peer: ScriptedPeer;

beforeEach(async () => {
  relay = await startTestRelay([ENTITY]);
  peer = await startScriptedPeer(relay, ENTITY, (text) => {
    const request = JSON.parse(text) as Record<string, unknown>;
    return JSON.stringify(
      'message_id' in request
        ? { status: 'processed', message_id: request.message_id }
        : { status: 'created', action_id: request.action_id },
    );
  });
});
afterEach(async () => {
  await peer.close();
  await relay.stop();
});

const row = (type: 'WORKLIST' | 'FHIR' | 'HL7v2', destination = 'mwl') =>
  builtRow(withContext({ messageId: '0b6f2c1e-2d3a-4f5b-8c7d-9e0f1a2b3c4d' }), type, destination);
/** A worklist row whose stored text no JSON parser takes: left by a fault, never by the builders. */
const damaged = () => ({ ...row('WORKLIST'), payload: '{"worklist_item":{"accession_number":' });

describe('poc-five frames the stored payload text as it is', () => {
  it.each(['WORKLIST', 'FHIR', 'HL7v2'] as const)(
    'sends a %s row in exactly the seed’s bytes',
    async (type) => {
      const stored = row(type);
      await exchange(oneShotChannel(peer, 'poc-five'), stored, 'poc-five');
      expect(peer.received).toEqual([
        JSON.stringify({
          message_id: stored.id,
          type,
          payload: stored.payload,
          destination: 'mwl',
        }),
      ]);
    },
  );

  it('never parses it: a stored text that is not JSON still goes out unchanged', async () => {
    const stored = damaged();
    const outcome = await exchange(oneShotChannel(peer, 'poc-five'), stored, 'poc-five');
    expect(JSON.parse(peer.received[0]!).payload).toBe(stored.payload);
    expect('settlement' in outcome && outcome.settlement.kind).toBe('confirmed');
  });

  it('refuses an action made on the spot, sending nothing: the seed listener has no echo', async () => {
    const result = await probeChannel(oneShotChannel(peer, 'poc-five'), 'echo', new Date(), 'poc-five');
    expect(result.failure).toBeInstanceOf(DeliveryFailure);
    expect(result.failure).toMatchObject({
      phase: 'rejected',
      retryable: false,
      message: 'The proof-of-concept listener (poc-five) takes outbox messages only, not the action "echo".',
    });
    expect(peer.received).toEqual([]);
  });
});

describe('nhs-gateway/1 frames the envelope', () => {
  it('refuses a worklist row whose stored text is not JSON, naming the message, before connecting', () => {
    const send = () =>
      oneShotChannel(peer, 'nhs-gateway/1').send(toOutgoingAction(damaged()), {
        written: () => undefined,
        replied: () => undefined,
        failed: () => undefined,
      });
    expect(send).toThrow(
      new DeliveryFailure(
        'send_failed',
        'The stored WORKLIST payload of message 0b6f2c1e-2d3a-4f5b-8c7d-9e0f1a2b3c4d (worklist.create_item) is not JSON.',
      ),
    );
    expect(peer.received).toEqual([]);
  });
});
