import { z } from 'zod';
import { AUDIT_ACTIONS } from '../domain/audit-actions';
import { isValidNhsNumber } from '../domain/nhs-number';

/**
 * The Audit log screen's contract: filters, one page of entries newest first, and the cursor for the
 * next (older) page. Keyset paging on the row id: a page costs the same however far back it is.
 */
export const AUDIT_PAGE_SIZE = 50;

const nhsNumber = z
  .string()
  .transform((value) => value.replace(/\s+/g, ''))
  .refine(isValidNhsNumber, 'Enter a valid 10-digit NHS number, like 943 476 5919.');

const auditFilterShape = {
  /** Local dates, inclusive, as staff think of a day. */
  from: z.iso.date('Enter the date as day, month and year.').optional(),
  to: z.iso.date('Enter the date as day, month and year.').optional(),
  nhsNumber: nhsNumber.optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  actor: z.string().trim().min(1).max(64).optional(),
};

function datesInOrder(filter: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx) {
  if (filter.from && filter.to && filter.from > filter.to)
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: 'The end date must be the same as or after the start date.',
    });
}

export const auditFilterSchema = z.strictObject(auditFilterShape).superRefine(datesInOrder);
export type AuditFilter = z.output<typeof auditFilterSchema>;

export const auditPageInputSchema = z
  .strictObject({
    ...auditFilterShape,
    /** The id the previous page ended at; omitted for the newest page. */
    before: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(200).optional(),
  })
  .superRefine(datesInOrder);

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.iso.datetime({ offset: true }),
  actor: z.string(),
  actorLabel: z.string(),
  action: z.string(),
  actionLabel: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  /** The participant the entry is about, when it is about one. */
  participant: z.object({ name: z.string(), nhsNumber: z.string() }).nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z.object({
  entries: z.array(auditEntrySchema),
  /** Pass as `before` for the next, older page; null on the last page. */
  nextBefore: z.number().int().nullable(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;

/** At most this many rows go into one CSV file; more asks for a narrower date range. */
export const AUDIT_EXPORT_LIMIT = 100_000;

export const auditExportSchema = z.object({
  csv: z.string(),
  rows: z.number().int().nonnegative(),
  /** True when more entries matched than one file holds: the file has the newest ones. */
  truncated: z.boolean(),
});
