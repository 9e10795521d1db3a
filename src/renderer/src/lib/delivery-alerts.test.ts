import { describe, expect, it } from 'vitest';
import type { DeliveryAlert } from '#shared/ipc/views';
import { alertReason, isShown, nextAlertDue } from './delivery-alerts';

const alert = (overrides: Partial<DeliveryAlert> = {}): DeliveryAlert => ({
  messageId: 'm1',
  messageType: 'WORKLIST',
  status: 'retry_wait',
  attempts: 3,
  sinceAt: '2026-12-04T09:00:00.000Z',
  dueAt: '2026-12-04T09:00:30.000Z',
  failingPhase: 'gateway_offline',
  lastError: 'The gateway is offline.',
  ...overrides,
});
const at = (iso: string) => Date.parse(iso);

describe('when staff are told', () => {
  it('once the order is overdue, not before', () => {
    expect(isShown(alert(), at('2026-12-04T09:00:29.999Z'))).toBe(false);
    expect(isShown(alert(), at('2026-12-04T09:00:30.000Z'))).toBe(true);
  });

  it('at once when it was given up on', () => {
    expect(isShown(alert({ status: 'failed' }), at('2026-12-04T09:00:01Z'))).toBe(true);
    expect(isShown(alert({ status: 'expired' }), at('2026-12-04T09:00:01Z'))).toBe(true);
  });

  it('wakes the screen at the next due moment', () => {
    const appointments = [
      { deliveryAlerts: [alert({ dueAt: '2026-12-04T09:01:00.000Z' })] },
      { deliveryAlerts: [alert({ dueAt: '2026-12-04T09:00:40.000Z' })] },
    ];
    expect(nextAlertDue(appointments, at('2026-12-04T09:00:00Z'))).toBe(at('2026-12-04T09:00:40.000Z'));
    expect(nextAlertDue(appointments, at('2026-12-04T09:02:00Z'))).toBeNull();
  });
});

describe('what staff are told', () => {
  it('why it is not there and that it is still being tried', () => {
    expect(alertReason(alert())).toBe(
      'Gateway offline. Still trying (3 attempts so far): it will be sent as soon as the gateway can be reached.',
    );
  });

  it('what to do when it was refused', () => {
    expect(
      alertReason(alert({ status: 'failed', lastError: 'The gateway rejected it: Unsupported action' })),
    ).toBe(
      'The gateway rejected it: Unsupported action. It will not be tried again: ask IT to correct the problem, then use Resend.',
    );
  });

  it('that it waits its turn behind the participant’s earlier message', () => {
    expect(alertReason(alert({ attempts: 0, failingPhase: null, lastError: null }))).toMatch(
      /^Waiting its turn/,
    );
  });
});
