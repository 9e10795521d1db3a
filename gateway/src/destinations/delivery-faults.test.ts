import { describe, expect, it } from 'vitest';
import {
  DELIVERY_FAULTS,
  deliveryFailure,
  hl7Fault,
  httpFault,
  isTransient,
  networkFault,
  type DeliveryFault,
} from './delivery-faults';

/**
 * The classification table, row by row, against the policy as ADR 0014 states it (written out here,
 * not read from the table). Which adapter answer lands on which row is proven in each adapter's tests
 * against real servers; that the worker retries or finishes by the verdict, in inbox.test.ts and
 * delivery-retries.test.ts.
 */
const POLICY: Record<DeliveryFault, { transient: boolean; outcome: 'failed' | 'rejected' }> = {
  connection: { transient: true, outcome: 'failed' },
  timeout: { transient: true, outcome: 'failed' },
  http_server_error: { transient: true, outcome: 'failed' },
  http_busy: { transient: true, outcome: 'failed' },
  http_refused: { transient: false, outcome: 'rejected' },
  http_unexpected: { transient: false, outcome: 'failed' },
  mllp_no_ack: { transient: true, outcome: 'failed' },
  hl7_busy: { transient: true, outcome: 'failed' },
  hl7_refused: { transient: false, outcome: 'rejected' },
  hl7_unknown_code: { transient: false, outcome: 'failed' },
  storage: { transient: true, outcome: 'failed' },
  database: { transient: true, outcome: 'failed' },
  payload_invalid: { transient: false, outcome: 'rejected' },
  not_allowed: { transient: false, outcome: 'failed' },
  adapter_error: { transient: true, outcome: 'failed' },
};

describe('delivery fault table', () => {
  it('has exactly the rows the policy names', () => {
    expect(Object.keys(DELIVERY_FAULTS).sort()).toEqual(Object.keys(POLICY).sort());
  });

  for (const [fault, expected] of Object.entries(POLICY) as Array<
    [DeliveryFault, (typeof POLICY)[DeliveryFault]]
  >) {
    it(`${fault}: ${expected.transient ? 'transient, retried' : `permanent, reported ${expected.outcome}`}`, () => {
      expect(isTransient(fault)).toBe(expected.transient);
      expect(deliveryFailure(fault, 'why')).toEqual({ outcome: expected.outcome, fault, message: 'why' });
    });
  }
});

describe('mapping answers onto rows', () => {
  it('HTTP: 408 and 429 busy, 5xx server error, other 4xx refused, 1xx/3xx unexpected', () => {
    const rows = [100, 301, 302, 304, 400, 401, 403, 404, 408, 409, 410, 422, 429, 500, 502, 503, 504].map(
      (status) => [status, httpFault(status)],
    );
    expect(Object.fromEntries(rows)).toEqual({
      100: 'http_unexpected',
      301: 'http_unexpected',
      302: 'http_unexpected',
      304: 'http_unexpected',
      400: 'http_refused',
      401: 'http_refused',
      403: 'http_refused',
      404: 'http_refused',
      408: 'http_busy',
      409: 'http_refused',
      410: 'http_refused',
      422: 'http_refused',
      429: 'http_busy',
      500: 'http_server_error',
      502: 'http_server_error',
      503: 'http_server_error',
      504: 'http_server_error',
    });
  });

  it('HL7: error 206 (record locked) and 207 (internal error) are busy; any other code or none refuses', () => {
    expect(hl7Fault('206')).toBe('hl7_busy');
    expect(hl7Fault('207')).toBe('hl7_busy');
    for (const code of [undefined, '0', '100', '101', '102', '103', '200', '201', '202', '203', '204', '205'])
      expect(hl7Fault(code)).toBe('hl7_refused');
  });

  it('network: timeouts apart, every socket error is a connection fault', () => {
    const err = (code?: string) => Object.assign(new Error('x'), code ? { code } : {});
    expect(networkFault(err('ETIMEDOUT'))).toBe('timeout');
    expect(networkFault(err('UND_ERR_CONNECT_TIMEOUT'))).toBe('timeout');
    for (const code of [
      'ECONNREFUSED',
      'ECONNRESET',
      'ENOTFOUND',
      'EAI_AGAIN',
      'EHOSTUNREACH',
      'CERT_HAS_EXPIRED',
    ])
      expect(networkFault(err(code))).toBe('connection');
    expect(networkFault(err())).toBe('connection');
    expect(networkFault('not an error')).toBe('connection');
  });
});
