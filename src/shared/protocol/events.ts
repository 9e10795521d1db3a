import { z } from 'zod';

/**
 * Events (gateway → app): what happened after the gateway took an action, and at the modality.
 * Each has a gateway-unique id; the app applies each once and acknowledges it, and the gateway keeps
 * pushing it until acknowledged.
 */
export const EVENT_TYPES = [
  'delivery.outcome',
  'procedure.in_progress',
  'procedure.completed',
  'procedure.discontinued',
  'study.image_received',
  'study.image_failed',
] as const;
export type GatewayEventType = (typeof EVENT_TYPES)[number];

const id = z.string().min(1).max(64);

export const gatewayEventSchema = z.looseObject({
  event_id: id,
  event_type: z.enum(EVENT_TYPES),
  timestamp: z.iso.datetime({ offset: true }),
  /** The action this event follows from, when there is one. */
  action_id: id.optional(),
  accession_number: z.string().max(16).optional(),
  data: z.record(z.string(), z.unknown()).default({}),
});
export type GatewayEvent = z.infer<typeof gatewayEventSchema>;

export const deliveryOutcomeDataSchema = z.looseObject({
  outcome: z.enum(['delivered', 'failed', 'rejected']),
  destination: z.string(),
  /** Plain words from the destination (an HL7 AE text, an HTTP status line); never patient data. */
  message: z.string().max(2000).optional(),
});
export type DeliveryOutcomeData = z.infer<typeof deliveryOutcomeDataSchema>;
