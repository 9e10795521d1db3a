import { z } from 'zod';

/**
 * Importing a clinic list from a file (CSV or a FHIR R4 Bundle): the renderer reads the file and sends
 * its text; main checks it (a dry run) or imports it. See docs/clinic-import.md and ADR 0026.
 */

/** The largest file accepted: 10 MB of text is far beyond a 5,000-row list in either format. */
export const MAX_IMPORT_CHARACTERS = 10 * 1024 * 1024;
export const MAX_IMPORT_SIZE_WORDS = '10 MB';
export const IMPORT_TOO_LARGE_MESSAGE = `The file is larger than ${MAX_IMPORT_SIZE_WORDS}. Split the list into smaller files and import each one.`;

/** How many example rows and how many row errors a preview carries; the counts cover every row. */
export const IMPORT_PREVIEW_ROWS = 20;
export const IMPORT_ERROR_LIMIT = 200;

export const importInputSchema = z.strictObject({
  fileName: z.string().trim().min(1, 'Choose a file to import.').max(255),
  text: z.string().max(MAX_IMPORT_CHARACTERS, IMPORT_TOO_LARGE_MESSAGE),
  /** Chosen by the renderer, so progress events can be matched to the import it started. */
  runId: z.string().min(1).max(64),
});
export type ImportInput = z.input<typeof importInputSchema>;

export const IMPORT_OUTCOMES = ['create', 'update', 'unchanged'] as const;
export type ImportOutcome = (typeof IMPORT_OUTCOMES)[number];

const countsSchema = z.object({
  rows: z.number().int().nonnegative(),
  create: z.number().int().nonnegative(),
  update: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
});
export type ImportCounts = z.output<typeof countsSchema>;

export const importRowViewSchema = z.object({
  /** "Row 12" for a CSV row (the header is row 1), "Entry 3" for a bundle entry. */
  where: z.string(),
  outcome: z.enum(IMPORT_OUTCOMES),
  clinicDate: z.string(),
  clinicName: z.string(),
  time: z.string(),
  participantName: z.string(),
  nhsNumber: z.string(),
  /** Why an existing appointment was left as it is, when the file differs from it. */
  note: z.string().nullable(),
});
export type ImportRowView = z.output<typeof importRowViewSchema>;

export const importPreviewSchema = z.object({
  format: z.enum(['csv', 'fhir']),
  fileName: z.string(),
  counts: countsSchema,
  /** Clinics the import would add (date, name, location, appointments). */
  newClinics: z.array(
    z.object({ date: z.string(), name: z.string(), location: z.string(), appointments: z.number() }),
  ),
  /** Booked appointments in the file's existing clinics that the file does not list: never deleted. */
  notInFile: z.number().int().nonnegative(),
  firstRows: z.array(importRowViewSchema),
  errors: z.array(z.object({ where: z.string(), message: z.string() })),
  /** Errors beyond the list's limit, counted but not listed. */
  errorsNotShown: z.number().int().nonnegative(),
});
export type ImportPreview = z.output<typeof importPreviewSchema>;

export const importResultSchema = importPreviewSchema.extend({ importId: z.string() });
export type ImportResult = z.output<typeof importResultSchema>;

export const importProgressSchema = z.object({
  runId: z.string(),
  phase: z.enum(['checking', 'writing', 'done', 'failed']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type ImportProgress = z.output<typeof importProgressSchema>;
