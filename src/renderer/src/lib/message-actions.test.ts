import { describe, expect, it } from 'vitest';
import { MESSAGE_STATUSES } from '#shared/domain/message';
import { MESSAGE_ACTION_TEXT, availableMessageActions, messageSubject } from './message-actions';

const janet = {
  type: 'WORKLIST' as const,
  participantName: 'Janet Thompson',
  createdAt: '2026-11-27T09:15:00Z',
};

describe('availableMessageActions', () => {
  it('offers retry from waiting, failed or expired, and cancel until the message is accepted', () => {
    const offered = Object.fromEntries(
      MESSAGE_STATUSES.map((status) => [status, availableMessageActions(status)]),
    );
    expect(offered).toEqual({
      queued: ['cancel'],
      sending: [],
      delivered: [],
      confirmed: [],
      retry_wait: ['retryNow', 'cancel'],
      failed: ['retryNow', 'cancel'],
      expired: ['retryNow', 'cancel'],
      cancelled: [],
    });
  });
});

describe('MESSAGE_ACTION_TEXT', () => {
  it('names the message type and participant in every accessible name', () => {
    expect(MESSAGE_ACTION_TEXT.retryNow.accessibleName(janet)).toBe(
      'Retry WORKLIST message for Janet Thompson now',
    );
    expect(MESSAGE_ACTION_TEXT.cancel.accessibleName(janet)).toBe(
      'Cancel WORKLIST message for Janet Thompson',
    );
    expect(MESSAGE_ACTION_TEXT.retryNow.label).toBe('Retry now');
    expect(MESSAGE_ACTION_TEXT.cancel.label).toBe('Cancel');
  });

  it('announces what happened', () => {
    expect(MESSAGE_ACTION_TEXT.retryNow.done(janet)).toBe(
      'WORKLIST message for Janet Thompson will be sent again now',
    );
    expect(MESSAGE_ACTION_TEXT.cancel.done(janet)).toBe('WORKLIST message for Janet Thompson cancelled');
  });
});

describe('messageSubject', () => {
  it('falls back to when the message was created when it has no participant', () => {
    expect(messageSubject({ ...janet, type: 'FHIR', participantName: null })).toBe(
      'FHIR message created Fri 27 Nov 2026, 09:15',
    );
    expect(messageSubject({ ...janet, participantName: '  ' })).toBe(
      'WORKLIST message created Fri 27 Nov 2026, 09:15',
    );
  });
});
