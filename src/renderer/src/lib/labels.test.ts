import { describe, expect, it } from 'vitest';
import { APPOINTMENT_STATES, APPOINTMENT_STATE_LABELS } from '#shared/domain/appointment-state';
import { FAILING_PHASES, MESSAGE_STATUS_LABELS } from '#shared/domain/message';
import type { GatewayView } from '#shared/ipc/views';
import {
  APPOINTMENT_STATE_COLOURS,
  CONNECTION_STATE_COLOURS,
  CONNECTION_STATE_LABELS,
  FAILING_PHASE_LABELS,
  MESSAGE_STATUS_COLOURS,
  OUTCOME_COLOURS,
  OUTCOME_LABELS,
  describeFailure,
  describeGatewayProblem,
  formatStateCounts,
} from './labels';

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

describe('message status tags', () => {
  it('reads and colours the states staff watch on the clinic day', () => {
    expect([MESSAGE_STATUS_LABELS.confirmed, MESSAGE_STATUS_COLOURS.confirmed]).toEqual([
      'Confirmed',
      'green',
    ]);
    expect([MESSAGE_STATUS_LABELS.retry_wait, MESSAGE_STATUS_COLOURS.retry_wait]).toEqual([
      'Waiting to retry',
      'yellow',
    ]);
    expect([MESSAGE_STATUS_LABELS.failed, MESSAGE_STATUS_COLOURS.failed]).toEqual(['Failed', 'red']);
  });
});

describe('outcome tags', () => {
  it('says what the destination did, in words', () => {
    expect(OUTCOME_LABELS).toEqual({
      delivered: 'Delivered to destination',
      rejected: 'Rejected by destination',
      failed: 'Destination failed',
    });
    expect(OUTCOME_COLOURS.delivered).toBe('green');
    expect(OUTCOME_COLOURS.failed).toBe('red');
  });
});

describe('connection state tags', () => {
  it('has a word and a colour for every state', () => {
    expect(CONNECTION_STATE_LABELS).toEqual({
      ready: 'Connected',
      connecting: 'Connecting',
      idle: 'Not connected',
      closed: 'Not connected',
    });
    expect(CONNECTION_STATE_COLOURS).toEqual({
      ready: 'green',
      connecting: 'yellow',
      idle: 'grey',
      closed: 'grey',
    });
  });
});

describe('describeGatewayProblem', () => {
  const gateway = (
    failingPhase: GatewayView['connection']['failingPhase'],
    lastError: string | null = 'Raw error',
  ): Pick<GatewayView, 'providerName' | 'connection'> => ({
    providerName: 'Alpha Hospital Trust',
    connection: { state: 'closed', lastContactAt: null, lastRoundTripMs: null, lastError, failingPhase },
  });

  it('is null when nothing went wrong', () => {
    expect(describeGatewayProblem(gateway(null, null))).toBeNull();
  });

  it('says what each common failure means for the clinic', () => {
    expect(describeGatewayProblem(gateway('gateway_offline'))).toEqual({
      title: 'Gateway offline',
      text: 'The gateway at Alpha Hospital Trust is offline. Messages will be sent when it reconnects.',
    });
    expect(describeGatewayProblem(gateway('credentials_rejected'))?.text).toBe(
      "The gateway at Alpha Hospital Trust refused this workstation's credentials. Ask an administrator to check the relay key and enrolment.",
    );
    expect(describeGatewayProblem(gateway('relay_unreachable'))?.text).toBe(
      'The relay cannot be reached. Check the network connection.',
    );
    expect(describeGatewayProblem(gateway('ack_timeout'))?.text).toBe(
      'The gateway at Alpha Hospital Trust is not answering. Messages will be retried.',
    );
  });

  it('falls back to the error text for other phases, or none', () => {
    expect(describeGatewayProblem(gateway('send_failed', 'Socket hang up'))).toEqual({
      title: 'Send failed',
      text: 'Socket hang up',
    });
    expect(describeGatewayProblem(gateway(null, 'Something odd'))).toEqual({
      title: 'Connection problem',
      text: 'Something odd',
    });
  });
});

describe('appointment state tags', () => {
  it('reads progress at the modality clearly: in progress blue, complete green, discontinued red', () => {
    expect([APPOINTMENT_STATE_LABELS.in_progress, APPOINTMENT_STATE_COLOURS.in_progress]).toEqual([
      'In progress',
      'blue',
    ]);
    expect([APPOINTMENT_STATE_LABELS.complete, APPOINTMENT_STATE_COLOURS.complete]).toEqual([
      'Complete',
      'green',
    ]);
    expect([APPOINTMENT_STATE_LABELS.discontinued, APPOINTMENT_STATE_COLOURS.discontinued]).toEqual([
      'Discontinued',
      'red',
    ]);
  });

  it('gives every state its own colour', () => {
    const colours = APPOINTMENT_STATES.map((state) => APPOINTMENT_STATE_COLOURS[state]);
    expect(new Set(colours).size).toBe(APPOINTMENT_STATES.length);
  });
});
