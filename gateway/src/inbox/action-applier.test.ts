import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fastDecodeCounts, type ActionEnvelope } from 'modality-link-protocol';
import { describe, expect, it } from 'vitest';
import { openGatewayDb } from '../db/open';
import { worklistStore } from '../worklist/binding';
import { createActionApplier } from './action-applier';
import { InboxStore } from './inbox-store';

/**
 * The applier's parameter checks take the fast path when it is sure (ADR 0034), and a refusal still
 * carries zod's words: real applier, real worklist store, real SQLite file.
 */
const action = (id: string, action_type: string, parameters: Record<string, unknown>): ActionEnvelope => ({
  schema_version: 1,
  action_id: id,
  action_type: action_type as ActionEnvelope['action_type'],
  timestamp: new Date().toISOString(),
  source_system: 'test',
  parameters,
});

const item = (nhs_number: string) => ({
  accession_number: 'FAST000001',
  participant: { nhs_number, name: 'SMITH^JANE', birth_date: '19700101', sex: 'F' },
  scheduled: { date: '20260102', time: '093000' },
  procedure: { modality: 'MG', study_description: 'Screening mammography' },
});

describe('the action applier’s parameter checks', () => {
  it('answer a send’s actions on the fast path, and a refusal in zod’s words', () => {
    const inbox = new InboxStore(openGatewayDb(mkdtempSync(join(tmpdir(), 'ml-applier-'))));
    const apply = createActionApplier({ inbox, worklist: worklistStore, isAllowed: () => true });
    const run = (a: ActionEnvelope) =>
      apply({ action: a, profile: 'modality-link/1', workstationId: 'ws-1' });
    const { fast, schema } = fastDecodeCounts.parameters;
    const before = { ...fast };

    expect(run(action('a-1', 'worklist.create_item', { worklist_item: item('9990001112') }))).toEqual({
      status: 'created',
      action_id: 'a-1',
    });
    const deliver = { type: 'HL7v2', payload: 'MSH|', destination: 'tie' };
    expect(run(action('a-2', 'message.deliver', deliver))).toEqual({ status: 'accepted', action_id: 'a-2' });
    expect(fast['worklist.create_item']).toBe((before['worklist.create_item'] ?? 0) + 1);
    expect(fast['message.deliver']).toBe((before['message.deliver'] ?? 0) + 1);
    expect(schema).toEqual({});

    expect(run(action('a-3', 'worklist.create_item', { worklist_item: item('12345') }))).toEqual({
      status: 'error',
      action_id: 'a-3',
      code: 'invalid_parameters',
      message: 'Invalid parameters for worklist.create_item: worklist_item.participant.nhs_number: 10 digits',
      retryable: false,
    });
    expect(schema).toEqual({ 'worklist.create_item': 1 });
  });
});
