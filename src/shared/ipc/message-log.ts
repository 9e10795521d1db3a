import { z } from 'zod';
import { MESSAGE_TYPES } from '../domain/message';
import { messageStatusSchema, messageSummarySchema } from './views';

/**
 * The Messages screen's contract: filters, one page newest first, and the cursor for the next (older)
 * page. Keyset paging on the message's row order, so any page costs the same and none is out of reach.
 */
export const MESSAGE_PAGE_SIZE = 50;

const id = z.string().min(1).max(64);
const day = z.iso.date('Enter the date as day, month and year.');

export const messagePageInputSchema = z
  .strictObject({
    clinicId: id.optional(),
    status: messageStatusSchema.optional(),
    type: z.enum(MESSAGE_TYPES).optional(),
    gatewayId: id.optional(),
    /** Local dates the message was created on, inclusive. */
    from: day.optional(),
    to: day.optional(),
    /** An NHS number (spaces allowed) or an accession number. */
    search: z.string().trim().min(1).max(32).optional(),
    before: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(200).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.from && input.to && input.from > input.to)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: 'The end date must be the same as or after the start date.',
      });
  });
export type MessagePageInput = z.output<typeof messagePageInputSchema>;

export const messagePageSchema = z.object({
  messages: z.array(messageSummarySchema),
  /** Pass as `before` for the next, older page; null on the last page. */
  nextBefore: z.number().int().nullable(),
});
export type MessagePage = z.infer<typeof messagePageSchema>;
