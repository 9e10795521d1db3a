import type { PhaseStatus, Rehearsal, RehearsalPhase } from '#shared/ipc/rehearsal';
import type { AppointmentView } from '#shared/ipc/views';
import { DEFAULT_TIME_ZONE, formatRoundTrip, formatTimeOnDay } from './format';
import type { TagColour } from './labels';

/** A step's result in words; colour only reinforces the word. */
export const PHASE_STATUS_LABELS: Record<PhaseStatus, string> = {
  passed: 'Passed',
  failed: 'Failed',
  skipped: 'Not done',
  not_available: 'Not available',
};

export const PHASE_STATUS_COLOURS: Record<PhaseStatus, TagColour> = {
  passed: 'green',
  failed: 'red',
  skipped: 'grey',
  not_available: 'grey',
};

/**
 * "Rehearsed 07:42, all phases passed"; a rehearsal from another day also names the day, so
 * yesterday's result is not mistaken for this morning's.
 */
export function rehearsalHeadline(rehearsal: Rehearsal, now: Date = new Date()): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: DEFAULT_TIME_ZONE }).format(now);
  return `Rehearsed ${formatTimeOnDay(rehearsal.finishedAt, today)}, ${rehearsal.summary}`;
}

/** A step's time, when it ran. */
export function phaseTime(phase: RehearsalPhase): string {
  return phase.ms === null ? '' : formatRoundTrip(phase.ms);
}

/**
 * A clinic day offers a rehearsal until its first appointment starts: after that the clinic itself
 * is the test.
 */
export function offersRehearsal(appointments: Pick<AppointmentView, 'startsAt'>[], now: number): boolean {
  const first = Math.min(...appointments.map((a) => Date.parse(a.startsAt)));
  return Number.isFinite(first) && now < first;
}
