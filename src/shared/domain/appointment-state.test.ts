import { describe, expect, it } from 'vitest';
import { APPOINTMENT_ACTIONS, APPOINTMENT_STATES, applyAction, canApply } from './appointment-state';

describe('appointment state machine', () => {
  it('walks the happy path from scheduled to complete', () => {
    let state = 'scheduled' as (typeof APPOINTMENT_STATES)[number];
    for (const action of ['checkIn', 'sendToModality', 'startProcedure', 'complete'] as const) {
      const result = applyAction(action, state);
      expect(result.ok).toBe(true);
      if (result.ok) state = result.to;
    }
    expect(state).toBe('complete');
  });

  it('refuses sending a participant who has not checked in, saying why', () => {
    const result = applyAction('sendToModality', 'scheduled');
    expect(result).toEqual({
      ok: false,
      message:
        'Cannot send to modality: the appointment is scheduled and not yet checked in. Check the participant in first.',
    });
  });

  it('says what to do instead, never a dead end, when a screen was a moment behind', () => {
    const said = (action: keyof typeof APPOINTMENT_ACTIONS, from: (typeof APPOINTMENT_STATES)[number]) => {
      const result = applyAction(action, from);
      return result.ok ? null : result.message;
    };
    expect(said('sendToModality', 'sent_to_modality')).toBe(
      'Cannot send to modality: the appointment is already sent to the modality. Use Resend if the machine did not receive it.',
    );
    expect(said('resend', 'checked_in')).toContain('Use Send to modality');
    expect(said('markDidNotAttend', 'sent_to_modality')).toContain('record the outcome instead');
    // Where no advice fits, the rule itself is given.
    expect(said('startProcedure', 'scheduled')).toMatch(/\(it must be .+\)\.$/);
  });

  it('allows resend only after a send, and keeps the state', () => {
    expect(applyAction('resend', 'sent_to_modality')).toEqual({ ok: true, to: 'sent_to_modality' });
    expect(canApply('resend', 'checked_in')).toBe(false);
  });

  it('lets nothing leave a finished appointment', () => {
    for (const finished of ['complete', 'discontinued', 'cancelled'] as const) {
      for (const action of Object.keys(APPOINTMENT_ACTIONS) as Array<keyof typeof APPOINTMENT_ACTIONS>) {
        expect(canApply(action, finished), `${action} from ${finished}`).toBe(false);
      }
    }
  });

  it('only names real states in its table', () => {
    for (const rule of Object.values(APPOINTMENT_ACTIONS)) {
      expect(APPOINTMENT_STATES).toContain(rule.to);
      for (const from of rule.from) expect(APPOINTMENT_STATES).toContain(from);
    }
  });
});
