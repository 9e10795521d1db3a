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

/** What a destination did with a delivered message, as the gateway reports it. */
export const DELIVERY_OUTCOMES = ['delivered', 'rejected', 'failed'] as const;
/** DICOM ImageLaterality / Laterality: `L`, `R`, or `B` (both). */
export const LATERALITIES = ['L', 'R', 'B'] as const;

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
  outcome: z.enum(DELIVERY_OUTCOMES),
  destination: z.string(),
  /** Plain words from the destination (an HL7 AE text, an HTTP status line); never patient data. */
  message: z.string().max(2000).optional(),
  /** For a failure: the gateway's fault class (gateway/src/destinations/delivery-faults.ts), e.g. `not_allowed`. */
  reason: z.string().max(64).optional(),
  /** Attempts the gateway made, counting this one; transient faults are retried without limit (ADR 0014). */
  attempts: z.number().int().min(1).optional(),
});
export type DeliveryOutcomeData = z.infer<typeof deliveryOutcomeDataSchema>;

const dicomUid = z
  .string()
  .regex(/^[0-9]+(\.[0-9]+)*$/, 'a DICOM UID')
  .max(64);

/** `procedure.*`: the modality's MPPS, or the gateway inferring it (first image, no MPPS). */
export const procedureDataSchema = z.looseObject({
  /** `mpps` when the modality said so; `first_image` when the gateway inferred a start from an image. */
  source: z.enum(['mpps', 'first_image']),
  mpps_instance_uid: dicomUid.optional(),
  /** Why a procedure was discontinued, as the modality coded it (DICOM PPS discontinuation reason). */
  reason: z.string().max(200).optional(),
});
export type ProcedureData = z.infer<typeof procedureDataSchema>;

/** `study.image_received`: one stored SOP instance with its reduced copy for the clinic screen. */
export const imageReceivedDataSchema = z.looseObject({
  sop_instance_uid: dicomUid,
  study_instance_uid: dicomUid.optional(),
  sop_class_uid: dicomUid,
  laterality: z.enum(LATERALITIES).nullable(),
  /** View code from ViewCodeSequence or ViewPosition, e.g. `CC`, `MLO`. */
  view: z.string().max(16).nullable(),
  thumbnail: z.looseObject({
    mime: z.enum(['image/png', 'image/jpeg']),
    width: z.number().int().min(1).max(400),
    height: z.number().int().min(1).max(400),
    /** Base64 of the image bytes: a few tens of kB. */
    data: z.string().max(400_000),
  }),
  /** Dose attributes when the image carries them, in DICOM's units. */
  dose: z
    .looseObject({
      organ_dose_dgy: z.number().optional(),
      entrance_dose_mgy: z.number().optional(),
      kvp: z.number().optional(),
      exposure_mas: z.number().optional(),
      compressed_breast_thickness_mm: z.number().optional(),
    })
    .optional(),
});
export type ImageReceivedData = z.infer<typeof imageReceivedDataSchema>;

/** `study.image_failed`: the storage SCP refused an instance (bad attributes, unknown accession). */
export const imageFailedDataSchema = z.looseObject({
  sop_instance_uid: z.string().max(64).optional(),
  /** Plain words, no patient data: e.g. "Missing PixelData". */
  reason: z.string().max(500),
  dicom_status: z.number().int().optional(),
});
export type ImageFailedData = z.infer<typeof imageFailedDataSchema>;
