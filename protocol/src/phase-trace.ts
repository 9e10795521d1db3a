/**
 * Per-phase timestamps of a message on its way (claim, sign, write, gateway receive, commit, reply,
 * settle), for the idle-latency bench only (ADR 0023). Off unless a process calls `recordPhases()`
 * (the bench for the app, the gateway when `ML_PHASE_TRACE` is set): off, `markPhase` is one test.
 * A mark carries a phase name, a message id (a random UUID, never patient data) and the epoch time in
 * fractional milliseconds, so the marks of several processes on one machine line up.
 */
export interface PhaseMark {
  phase: string;
  id: string;
  at: number;
}

interface Clock {
  timeOrigin: number;
  now(): number;
}

let marks: PhaseMark[] | undefined;

/** Starts keeping marks in memory; returns them (the same array, growing) for the caller to write. */
export function recordPhases(): readonly PhaseMark[] {
  marks ??= [];
  return marks;
}

export function markPhase(phase: string, id: string): void {
  if (!marks) return;
  const clock = (globalThis as unknown as { performance: Clock }).performance;
  marks.push({ phase, id, at: clock.timeOrigin + clock.now() });
}

export function phaseTraceOn(): boolean {
  return marks !== undefined;
}
