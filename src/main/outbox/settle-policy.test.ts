import { describe, expect, it } from 'vitest';
import { DeliveryFailure } from '../relay/delivery-failure';
import { DEFAULT_BACKOFF } from './backoff';
import type { ClaimedMessage } from './outbox-store';
import { settleFailure, settleReply } from './settle-policy';

const DAY_END = '2026-12-05T00:00:00.000Z';
const policy = { backoff: DEFAULT_BACKOFF, random: () => 0.999 };

const message = (overrides: Partial<ClaimedMessage> = {}): ClaimedMessage => ({
  id: 'm-1',
  gatewayId: 'g-1',
  type: 'WORKLIST',
  actionType: 'worklist.create_item',
  payload: '{}',
  destination: 'mwl',
  appointmentId: 'a-1',
  participantId: 'p-1',
  createdAt: '2026-12-04T09:00:00.000Z',
  accessionNumber: 'ACC202612040001',
  attempts: 1,
  clinicDayEndsAt: DAY_END,
  ...overrides,
});

const at = (iso: string) => new Date(iso);
const offline = new DeliveryFailure('gateway_offline', 'The gateway is offline.');

describe('a transient fault', () => {
  it('is retried however many attempts were made, at most 30 s apart during the clinic day', () => {
    const now = at('2026-12-04T10:00:00.000Z');
    const settlement = settleFailure(policy, message({ attempts: 500 }), offline, now);
    expect(settlement).toMatchObject({
      kind: 'retry',
      phase: 'gateway_offline',
      error: 'The gateway is offline.',
    });
    const delay = Date.parse((settlement as { nextAttemptAt: string }).nextAttemptAt) - now.getTime();
    expect(delay).toBe(29_970);
  });

  it('is retried up to five minutes apart once the clinic day is over', () => {
    const now = at('2026-12-05T02:00:00.000Z');
    const settlement = settleFailure(policy, message({ attempts: 50 }), offline, now);
    const delay = Date.parse((settlement as { nextAttemptAt: string }).nextAttemptAt) - now.getTime();
    expect(settlement.kind).toBe('retry');
    expect(delay).toBe(299_700);
  });

  it('expires the message a day after its clinic day ended, keeping the last fault in the reason', () => {
    const settlement = settleFailure(policy, message(), offline, at('2026-12-06T00:00:00.000Z'));
    expect(settlement).toMatchObject({
      kind: 'expired',
      phase: 'gateway_offline',
      error: 'The clinic day is over and it could not be delivered in time: The gateway is offline.',
    });
  });

  it('never expires a message that has no clinic day (rows from before this rule)', () => {
    const settlement = settleFailure(
      policy,
      message({ clinicDayEndsAt: null }),
      offline,
      at('2030-01-01T00:00:00Z'),
    );
    expect(settlement.kind).toBe('retry');
  });
});

describe('a reply', () => {
  const now = at('2026-12-04T10:00:00.000Z');

  it('confirms the message when it names it with a fitting status', () => {
    expect(
      settleReply(policy, message(), 'nhs-gateway/1', { status: 'created', action_id: 'm-1' }, now),
    ).toMatchObject({ kind: 'confirmed' });
  });

  it('leaves the message unconfirmed, and retried, when it is for another action', () => {
    const settlement = settleReply(
      policy,
      message(),
      'nhs-gateway/1',
      { status: 'created', action_id: 'm-2' },
      now,
    );
    expect(settlement).toMatchObject({
      kind: 'retry',
      phase: 'rejected',
      error: "The gateway's reply is for another action (m-2), not m-1.",
    });
  });

  it("fails at once on production's unsupported action, with the gateway's words", () => {
    const reply = { status: 'error', message: 'Unsupported action: message.deliver' } as const;
    const settlement = settleReply(
      policy,
      message({ actionType: 'message.deliver' }),
      'nhs-gateway/1',
      reply,
      now,
    );
    expect(settlement).toEqual({
      id: 'm-1',
      kind: 'failed',
      at: now.toISOString(),
      phase: 'rejected',
      error: 'The gateway rejected it: Unsupported action: message.deliver',
    });
  });

  it('retries an error the gateway marks transient', () => {
    const reply = { status: 'error', message: 'disk I/O error', code: 'internal', retryable: true } as const;
    expect(settleReply(policy, message(), 'modality-link/1', reply, now).kind).toBe('retry');
  });
});

describe('a channel failure marked as not retryable', () => {
  it('fails the message at once', () => {
    const removed = new DeliveryFailure(
      'rejected',
      'The gateway this message was for has been removed.',
      false,
    );
    expect(settleFailure(policy, message(), removed, at('2026-12-04T10:00:00Z')).kind).toBe('failed');
  });
});
