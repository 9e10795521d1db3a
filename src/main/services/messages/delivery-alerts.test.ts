import { describe, expect, it } from 'vitest';
import { deliveryAlertMs, deliveryAlerts, type AlertSourceRow } from './delivery-alerts';

const row = (overrides: Partial<AlertSourceRow>): AlertSourceRow => ({
  id: 'm1',
  appointmentId: 'a1',
  type: 'WORKLIST',
  actionType: 'worklist.create_item',
  status: 'retry_wait',
  createdAt: '2026-12-04T09:00:00.000Z',
  attempts: 2,
  lastError: 'The gateway is offline.',
  failingPhase: 'gateway_offline',
  outcome: null,
  ...overrides,
});

describe('which orders staff are told about', () => {
  it('the latest unconfirmed order per route, due the alert time after it was made', () => {
    expect(deliveryAlerts([row({})], 30_000)).toEqual([
      {
        messageId: 'm1',
        messageType: 'WORKLIST',
        status: 'retry_wait',
        attempts: 2,
        sinceAt: '2026-12-04T09:00:00.000Z',
        dueAt: '2026-12-04T09:00:30.000Z',
        failingPhase: 'gateway_offline',
        lastError: 'The gateway is offline.',
      },
    ]);
  });

  it('nothing once the latest order is confirmed, even if an older one failed', () => {
    const rows = [row({ id: 'old', status: 'failed' }), row({ id: 'new', status: 'confirmed' })];
    expect(deliveryAlerts(rows, 30_000)).toEqual([]);
  });

  it('ignores orders superseded by a resend and status updates', () => {
    const rows = [
      row({ id: 'create', status: 'confirmed' }),
      row({ id: 'update', actionType: 'worklist.update_status', status: 'retry_wait' }),
      row({ id: 'fhir-old', type: 'FHIR', actionType: 'message.deliver', status: 'cancelled' }),
    ];
    expect(deliveryAlerts(rows, 30_000)).toEqual([]);
  });

  it('a confirmed order the destination refused is still not there', () => {
    const [alert] = deliveryAlerts([row({ type: 'FHIR', status: 'confirmed', outcome: 'rejected' })], 30_000);
    expect(alert).toMatchObject({ messageType: 'FHIR', failingPhase: 'destination_failed' });
  });
});

describe('the alert time', () => {
  it('is 30 s unless MODALITY_LINK_DELIVERY_ALERT_SECONDS says otherwise', () => {
    expect(deliveryAlertMs({})).toBe(30_000);
    expect(deliveryAlertMs({ MODALITY_LINK_DELIVERY_ALERT_SECONDS: '5' })).toBe(5_000);
    expect(deliveryAlertMs({ MODALITY_LINK_DELIVERY_ALERT_SECONDS: 'soon' })).toBe(30_000);
  });
});
