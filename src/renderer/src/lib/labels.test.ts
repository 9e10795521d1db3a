import { describe, expect, it } from 'vitest';
import { FAILING_PHASES } from '../../../shared/domain/message';
import { FAILING_PHASE_LABELS, describeFailure, formatStateCounts } from './labels';

describe('formatStateCounts', () => {
  it('lists non-zero counts in clinic order with short words', () => {
    expect(formatStateCounts({ sent_to_modality: 1, scheduled: 10, checked_in: 2, cancelled: 0 })).toBe(
      '10 booked, 2 checked in, 1 sent',
    );
  });

  it('says so when there are none', () => {
    expect(formatStateCounts({})).toBe('No appointments');
  });
});

describe('describeFailure', () => {
  it('has plain words for every failing phase', () => {
    for (const phase of FAILING_PHASES) expect(FAILING_PHASE_LABELS[phase]).toMatch(/^[A-Z][a-z ]+/);
    expect(describeFailure({ failingPhase: 'ack_timeout', lastError: 'ETIMEDOUT' })).toBe(
      'Gateway did not confirm in time',
    );
  });

  it('falls back to the error text, then to nothing', () => {
    expect(describeFailure({ failingPhase: null, lastError: 'Boom' })).toBe('Boom');
    expect(describeFailure({ failingPhase: null, lastError: null })).toBe('');
  });
});
