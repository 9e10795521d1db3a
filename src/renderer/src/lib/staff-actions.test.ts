import { describe, expect, it } from 'vitest';
import { STAFF_ACTION_TEXT, availableStaffActions, failureMessage } from './staff-actions';

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
