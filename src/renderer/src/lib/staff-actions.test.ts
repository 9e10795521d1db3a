import { describe, expect, it } from 'vitest';
import type { GatewayView } from '#shared/ipc/views';
import {
  STAFF_ACTION_TEXT,
  availableRowActions,
  availableStaffActions,
  failureMessage,
  isGatewayDown,
  isOutcomeAction,
  outcomeRecording,
} from './staff-actions';

describe('availableStaffActions', () => {
  it('offers what the shared state machine allows, in display order', () => {
    expect(availableStaffActions('scheduled')).toEqual(['checkIn', 'markDidNotAttend']);
    expect(availableStaffActions('checked_in')).toEqual(['sendToModality', 'markDidNotAttend']);
    expect(availableStaffActions('sent_to_modality')).toEqual(['resend']);
    expect(availableStaffActions('did_not_attend')).toEqual(['checkIn']);
    expect(availableStaffActions('complete')).toEqual([]);
  });
});

describe('STAFF_ACTION_TEXT', () => {
  it('names the participant in every accessible name', () => {
    const name = 'Jane Smith';
    expect(STAFF_ACTION_TEXT.checkIn.accessibleName(name)).toBe('Check in Jane Smith');
    expect(STAFF_ACTION_TEXT.sendToModality.accessibleName(name)).toBe('Send Jane Smith to modality');
    expect(STAFF_ACTION_TEXT.resend.accessibleName(name)).toBe('Resend Jane Smith to modality');
    expect(STAFF_ACTION_TEXT.markDidNotAttend.accessibleName(name)).toBe('Mark Jane Smith as did not attend');
    expect(STAFF_ACTION_TEXT.recordComplete.accessibleName(name)).toBe('Record Jane Smith as complete');
    expect(STAFF_ACTION_TEXT.recordDiscontinued.accessibleName(name)).toBe(
      'Record Jane Smith as discontinued',
    );
    expect(STAFF_ACTION_TEXT.recordComplete.label).toBe('Record as complete');
    expect(STAFF_ACTION_TEXT.recordDiscontinued.label).toBe('Record as discontinued');
  });
});

describe('failureMessage', () => {
  it('prefixes what went wrong with the action that failed', () => {
    expect(failureMessage('Cannot send to modality', 'The gateway is offline.')).toBe(
      'Cannot send to modality: The gateway is offline.',
    );
  });

  it('does not repeat a prefix main already gave', () => {
    expect(
      failureMessage(
        'Cannot mark as did not attend',
        'Cannot mark as did not attend: the appointment is complete.',
      ),
    ).toBe('Cannot mark as did not attend: the appointment is complete.');
  });
});

type Connection = GatewayView['connection'];
function gateway(id: string, connection: Partial<Connection>): Pick<GatewayView, 'id' | 'connection'> {
  return {
    id,
    connection: {
      state: 'closed',
      lastContactAt: null,
      lastRoundTripMs: null,
      lastError: null,
      failingPhase: null,
      ...connection,
    },
  };
}
const offline = gateway('g1', { state: 'closed', failingPhase: 'gateway_offline', lastError: 'no listener' });

describe('isGatewayDown', () => {
  it('is true only when the gateway is not connected and its last attempt failed', () => {
    expect(isGatewayDown(offline)).toBe(true);
    expect(isGatewayDown(gateway('g1', { state: 'connecting', failingPhase: 'relay_unreachable' }))).toBe(
      true,
    );
    // Connected again: the last failure is history.
    expect(isGatewayDown(gateway('g1', { state: 'ready', failingPhase: 'gateway_offline' }))).toBe(false);
    // Not connected yet, but nothing has failed (the app has just started).
    expect(isGatewayDown(gateway('g1', { state: 'idle' }))).toBe(false);
    expect(isGatewayDown(null)).toBe(false);
  });
});

describe('outcomeRecording', () => {
  it('is manual whenever the clinic is in manual mode', () => {
    expect(outcomeRecording({ manualMode: true, gatewayId: 'g1' }, null)).toBe('manual');
    expect(outcomeRecording({ manualMode: true, gatewayId: 'g1' }, offline)).toBe('manual');
  });

  it("follows the clinic's own gateway otherwise", () => {
    expect(outcomeRecording({ manualMode: false, gatewayId: 'g1' }, offline)).toBe('gateway_down');
    expect(outcomeRecording({ manualMode: false, gatewayId: 'g2' }, offline)).toBe('off');
    expect(outcomeRecording({ manualMode: false, gatewayId: null }, offline)).toBe('off');
    expect(outcomeRecording({ manualMode: false, gatewayId: 'g1' }, null)).toBe('off');
    expect(outcomeRecording({ manualMode: false, gatewayId: 'g1' }, gateway('g1', { state: 'ready' }))).toBe(
      'off',
    );
  });
});

describe('availableRowActions', () => {
  it('offers the staff actions alone while the modality reports outcomes itself', () => {
    expect(availableRowActions('checked_in', 'off')).toEqual(['sendToModality', 'markDidNotAttend']);
    expect(availableRowActions('sent_to_modality', 'off')).toEqual(['resend']);
    expect(availableRowActions('in_progress', 'off')).toEqual([]);
  });

  it('in manual mode, never sends and offers recording wherever the state machine allows it', () => {
    expect(availableRowActions('scheduled', 'manual')).toEqual(['checkIn', 'markDidNotAttend']);
    expect(availableRowActions('checked_in', 'manual')).toEqual([
      'markDidNotAttend',
      'recordComplete',
      'recordDiscontinued',
    ]);
    expect(availableRowActions('sent_to_modality', 'manual')).toEqual([
      'recordComplete',
      'recordDiscontinued',
    ]);
    expect(availableRowActions('in_progress', 'manual')).toEqual(['recordComplete', 'recordDiscontinued']);
    expect(availableRowActions('complete', 'manual')).toEqual([]);
    expect(availableRowActions('discontinued', 'manual')).toEqual([]);
  });

  it('with the gateway down, lets staff finish only participants already at the modality', () => {
    expect(availableRowActions('checked_in', 'gateway_down')).toEqual(['sendToModality', 'markDidNotAttend']);
    expect(availableRowActions('sent_to_modality', 'gateway_down')).toEqual([
      'resend',
      'recordComplete',
      'recordDiscontinued',
    ]);
    expect(availableRowActions('in_progress', 'gateway_down')).toEqual([
      'recordComplete',
      'recordDiscontinued',
    ]);
    expect(availableRowActions('complete', 'gateway_down')).toEqual([]);
  });
});

describe('isOutcomeAction', () => {
  it('tells recording by hand apart from the other staff actions', () => {
    expect(isOutcomeAction('recordComplete')).toBe(true);
    expect(isOutcomeAction('recordDiscontinued')).toBe(true);
    expect(isOutcomeAction('resend')).toBe(false);
  });
});
