import { z } from 'zod';

/**
 * The pre-clinic rehearsal (ADR 0025): a test participant sent round the whole loop, each step timed.
 * Steps in the order they run; each has its name in staff words on screen.
 */
export const REHEARSAL_PHASES = [
  'relay',
  'worklist_item',
  'worklist_query',
  'procedure_started',
  'image_back',
  'procedure_finished',
  'cleanup',
] as const;
export type RehearsalPhaseId = (typeof REHEARSAL_PHASES)[number];

/**
 * `skipped`: not run because an earlier step failed, or an optional step the modality did not perform
 * in time. `not_available`: the gateway's protocol cannot do it (never counted as a failure).
 */
export const PHASE_STATUSES = ['passed', 'failed', 'skipped', 'not_available'] as const;
export type PhaseStatus = (typeof PHASE_STATUSES)[number];

export const rehearsalPhaseSchema = z.object({
  phase: z.enum(REHEARSAL_PHASES),
  name: z.string(),
  status: z.enum(PHASE_STATUSES),
  /** How long the step took, when it ran. */
  ms: z.number().nonnegative().nullable(),
  /** What happened, in words. */
  message: z.string(),
  /** On failure, what staff or IT should do next. */
  whatToDo: z.string().nullable(),
  /** Steps that depend on a modality taking part: not doing them is not a failure. */
  optional: z.boolean(),
});
export type RehearsalPhase = z.infer<typeof rehearsalPhaseSchema>;

export const rehearsalSchema = z.object({
  id: z.string(),
  gatewayId: z.string(),
  clinicId: z.string().nullable(),
  startedAt: z.iso.datetime({ offset: true }),
  finishedAt: z.iso.datetime({ offset: true }),
  outcome: z.enum(['passed', 'failed']),
  /** "all phases passed", or which step failed: shown after "Rehearsed 07:42, ". */
  summary: z.string(),
  phases: z.array(rehearsalPhaseSchema),
});
export type Rehearsal = z.infer<typeof rehearsalSchema>;

export const rehearseInputSchema = z.strictObject({
  gatewayId: z.string().min(1).max(64),
  /** When run from a clinic day, that clinic (kept with the result). */
  clinicId: z.string().min(1).max(64).optional(),
});
