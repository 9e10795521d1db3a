import { z } from 'zod';
import { MESSAGE_STATUSES, MESSAGE_TYPES } from '../domain/message';

const instant = z.iso.datetime({ offset: true });

/** The clinic dashboard: today's deliveries, their states, the gateways' connections, who is at risk. */
export const dashboardSchema = z.object({
  /** The local day shown, `YYYY-MM-DD`. */
  day: z.iso.date(),
  generatedAt: instant,
  /** One point per message confirmed today: when, and how long from the click to the confirmation. */
  latency: z.array(z.object({ at: instant, ms: z.number().nonnegative(), type: z.enum(MESSAGE_TYPES) })),
  /** Today's messages by state; every state present, zero included. */
  byStatus: z.array(z.object({ status: z.enum(MESSAGE_STATUSES), count: z.number().int().nonnegative() })),
  gateways: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      state: z.enum(['idle', 'connecting', 'ready', 'closed']),
      lastRoundTripMs: z.number().nullable(),
      /** Sessions opened again after the first one, since the app started. */
      reconnects: z.number().int().nonnegative(),
      changes: z.array(z.object({ at: instant, state: z.enum(['idle', 'connecting', 'ready', 'closed']) })),
    }),
  ),
  /** Participants sent to the modality today whose worklist entry is not confirmed yet. */
  atRisk: z.array(z.object({ appointmentId: z.string(), name: z.string(), since: instant })),
});
export type Dashboard = z.infer<typeof dashboardSchema>;
