import { describe, expect, it } from 'vitest';
import { FAILING_PHASES } from './vocabulary';
import { replySchema, type Reply } from './actions';
import {
  acceptedStatuses,
  classifyErrorReply,
  PHASE_TRANSIENCE,
  REPLY_CODE_TRANSIENCE,
  replyMismatch,
} from './delivery-rules';

const error = (message: string, extra: Partial<Extract<Reply, { status: 'error' }>> = {}) =>
  ({ status: 'error', message, ...extra }) as Extract<Reply, { status: 'error' }>;

describe('failing phases', () => {
  it.each([
    ['relay_unreachable', 'transient'],
    ['credentials_rejected', 'transient'],
    ['gateway_offline', 'transient'],
    ['send_failed', 'transient'],
    ['ack_timeout', 'transient'],
    ['destination_failed', 'permanent'],
  ] as const)('%s is %s', (phase, transience) => {
    expect(PHASE_TRANSIENCE[phase].transience).toBe(transience);
  });

  it('covers every phase but "rejected", which the reply decides', () => {
    expect(Object.keys(PHASE_TRANSIENCE).sort()).toEqual(
      FAILING_PHASES.filter((p) => p !== 'rejected').sort(),
    );
  });
});

describe('modality-link/1 error codes', () => {
  it.each([
    ['invalid_parameters', 'permanent'],
    ['not_allowed', 'permanent'],
    ['unsupported', 'permanent'],
    ['unsupported_profile', 'permanent'],
    ['unsupported_version', 'permanent'],
    ['bad_frame', 'permanent'],
    ['frame_too_large', 'permanent'],
    ['update_refused', 'transient'],
    ['unknown_key', 'transient'],
    ['bad_signature', 'transient'],
    ['stale', 'transient'],
    ['not_ready', 'transient'],
    ['internal', 'transient'],
  ] as const)('%s is %s, whatever the reply says about retrying', (code, transience) => {
    expect(REPLY_CODE_TRANSIENCE[code]!.transience).toBe(transience);
    const flag = transience === 'permanent';
    expect(classifyErrorReply(error('x', { code, retryable: flag }), 'modality-link/1').transience).toBe(
      transience,
    );
  });

  it('falls back to the retryable flag for a code it does not know, and to permanent without one', () => {
    expect(classifyErrorReply(error('x', { code: 'new_code', retryable: true }), 'modality-link/1')).toEqual({
      transience: 'transient',
      because: 'the gateway said to retry',
    });
    expect(classifyErrorReply(error('x', { code: 'new_code' }), 'modality-link/1').transience).toBe(
      'permanent',
    );
    expect(classifyErrorReply(error('x'), 'modality-link/1').transience).toBe('permanent');
  });
});

describe('nhs-gateway/1 error messages (no code)', () => {
  it.each([
    ['Unsupported action: message.deliver', 'does not support this action'],
    ["Missing key: 'accession_number'", 'required field missing'],
    ['Invalid status transition from COMPLETED to IN PROGRESS', 'state that forbids this'],
    ['Invalid transition: SCHEDULED -> DISCONTINUED', 'state that forbids this'],
    ['Worklist item ACC202612040001 not found', 'no such worklist item'],
    // As the production gateway words them (issue 13).
    ["Missing key: 'x'", 'required field missing'],
    ['Invalid status transition: SCHEDULED -> DISCONTINUED', 'state that forbids this'],
    ["Worklist item 'ACC202706150A1B' not found", 'no such worklist item'],
  ])('"%s" is permanent (%s)', (message, because) => {
    const classified = classifyErrorReply(error(message), 'nhs-gateway/1');
    expect(classified.transience).toBe('permanent');
    expect(classified.because).toContain(because);
  });

  it('treats anything unrecognised as permanent, never retried blindly', () => {
    expect(classifyErrorReply(error('database is locked'), 'nhs-gateway/1')).toEqual({
      transience: 'permanent',
      because: 'the gateway gave an error this app does not recognise',
    });
  });
});

describe('what a reply must show to confirm an action', () => {
  it('expects the status that fits each action', () => {
    expect(acceptedStatuses('worklist.create_item', 'nhs-gateway/1')).toEqual(['created', 'exists']);
    expect(acceptedStatuses('worklist.update_status', 'modality-link/1')).toEqual(['updated']);
    expect(acceptedStatuses('worklist.update_status', 'nhs-gateway/1')).toEqual(['updated']);
    expect(acceptedStatuses('message.deliver', 'modality-link/1')).toEqual(['accepted']);
    expect(acceptedStatuses('echo', 'modality-link/1')).toEqual(['echo']);
    expect(acceptedStatuses('health', 'modality-link/1')).toEqual(['ok']);
    expect(acceptedStatuses('worklist.create_item', 'poc-five')).toEqual(['accepted']);
  });

  const create = { actionId: 'a-1', actionType: 'worklist.create_item' as const };

  it('confirms a create by its own action id', () => {
    expect(replyMismatch(create, { status: 'created', action_id: 'a-1' }, 'nhs-gateway/1')).toBeNull();
    expect(replyMismatch(create, { status: 'exists', action_id: 'a-1' }, 'nhs-gateway/1')).toBeNull();
  });

  it('refuses a reply for another action, naming both ids', () => {
    expect(replyMismatch(create, { status: 'created', action_id: 'a-2' }, 'nhs-gateway/1')).toBe(
      "The gateway's reply is for another action (a-2), not a-1.",
    );
  });

  it('refuses a status that does not fit the action', () => {
    expect(replyMismatch(create, { status: 'updated', accession_number: 'ACC1' }, 'nhs-gateway/1')).toBe(
      'The gateway answered "updated" to worklist.create_item, which expects "created" or "exists".',
    );
    expect(replyMismatch(create, { status: 'echo', payload: {} }, 'modality-link/1')).toMatch(
      /answered "echo"/,
    );
  });

  it("confirms production's update reply by its accession number", () => {
    const update = {
      actionId: 'u-1',
      actionType: 'worklist.update_status' as const,
      accessionNumber: 'ACC1',
    };
    expect(
      replyMismatch(update, { status: 'updated', accession_number: 'ACC1' }, 'nhs-gateway/1'),
    ).toBeNull();
    expect(replyMismatch(update, { status: 'updated', accession_number: 'ACC2' }, 'nhs-gateway/1')).toBe(
      'The gateway confirmed an update for a different accession number.',
    );
  });

  it('matches an echo by the request it sends back, and refuses one that names nothing', () => {
    const echo = { actionId: 'e-1', actionType: 'echo' as const };
    expect(
      replyMismatch(echo, { status: 'echo', payload: { action_id: 'e-1' } }, 'nhs-gateway/1'),
    ).toBeNull();
    expect(replyMismatch(echo, { status: 'echo', payload: { action_id: 'e-9' } }, 'nhs-gateway/1')).toMatch(
      /another action \(e-9\)/,
    );
    expect(replyMismatch(echo, { status: 'echo', payload: null }, 'nhs-gateway/1')).toBe(
      'The gateway\'s "echo" reply does not say which action it confirms.',
    );
  });

  it('matches a health reply by its action id', () => {
    const health = { actionId: 'h-1', actionType: 'health' as const };
    expect(replyMismatch(health, { status: 'ok', action_id: 'h-1', health: {} }, 'nhs-gateway/1')).toBeNull();
    expect(replyMismatch(health, { status: 'ok', health: {} }, 'nhs-gateway/1')).toMatch(/does not say/);
  });
});

describe("the production gateway's replies (issue 13)", () => {
  const update = {
    actionId: 'u-1',
    actionType: 'worklist.update_status' as const,
    accessionNumber: 'ACC202706150A1B',
  };

  it('keeps "Unsupported action: message.deliver" permanent, with the reason in words', () => {
    expect(classifyErrorReply(error('Unsupported action: message.deliver'), 'nhs-gateway/1')).toEqual({
      transience: 'permanent',
      because: 'the gateway does not support this action',
    });
  });

  it('confirms an update answered as production does: the accession number and "updated"', () => {
    const reply = replySchema.parse({ accession_number: 'ACC202706150A1B', status: 'updated' });
    expect(replyMismatch(update, reply, 'nhs-gateway/1')).toBeNull();
    const other = replySchema.parse({ accession_number: 'ACC202706150FFF', status: 'updated' });
    expect(replyMismatch(update, other, 'nhs-gateway/1')).toBe(
      'The gateway confirmed an update for a different accession number.',
    );
  });

  it('does not read a bare status word as a reply: production never sends one', () => {
    expect(
      replySchema.safeParse({ accession_number: 'ACC202706150A1B', status: 'IN PROGRESS' }).success,
    ).toBe(false);
  });

  it('does not read a lower-case status as a reply at all', () => {
    expect(replySchema.safeParse({ accession_number: 'ACC1', status: 'in progress' }).success).toBe(false);
  });

  it('confirms an echo that returns the whole request, and a health reply naming the action', () => {
    const request = { schema_version: 1, action_id: 'e-1', action_type: 'echo', parameters: {} };
    const echo = replySchema.parse({ status: 'echo', payload: request });
    expect(replyMismatch({ actionId: 'e-1', actionType: 'echo' }, echo, 'nhs-gateway/1')).toBeNull();
    const health = replySchema.parse({ status: 'ok', action_id: 'h-1', health: { healthy: true } });
    expect(replyMismatch({ actionId: 'h-1', actionType: 'health' }, health, 'nhs-gateway/1')).toBeNull();
  });
});
