import { and, eq } from 'drizzle-orm';
import { applyAction, type AppointmentAction } from '#shared/domain/appointment-state';
import {
  deliveryOutcomeDataSchema,
  imageFailedDataSchema,
  imageReceivedDataSchema,
  type GatewayEvent,
} from 'modality-link-protocol';
import { appointments, gatewayEvents, messages, studyImages } from '../../db/schema';
import { appendAudit } from '../audit/audit';
import type { ServiceContext } from '../context';
import { getAppointmentView, listMessageSummaries } from '../views';

type Tx = Parameters<Parameters<ServiceContext['db']['transaction']>[0]>[0];

const PROCEDURE_ACTIONS: Partial<Record<GatewayEvent['event_type'], AppointmentAction>> = {
  'procedure.in_progress': 'startProcedure',
  'procedure.completed': 'complete',
  'procedure.discontinued': 'discontinue',
  // Some modalities send no MPPS: the first image is the sign the procedure has started.
  'study.image_received': 'startProcedure',
};

/**
 * Applies events from a gateway. Each event is recorded and applied in one transaction, so a replayed
 * event (the gateway re-sends until it sees our ack) is recognised by its id and changes nothing; its
 * id is still returned so the gateway stops re-sending it.
 */
export function applyGatewayEvents(ctx: ServiceContext, gatewayId: string, events: GatewayEvent[]): string[] {
  const acked: string[] = [];
  const touchedMessages = new Set<string>();
  const touchedAppointments = new Set<string>();
  const at = ctx.now().toISOString();
  ctx.db.transaction((tx) => {
    for (const event of events) {
      const fresh = tx
        .insert(gatewayEvents)
        .values({
          gatewayId,
          eventId: event.event_id,
          eventType: event.event_type,
          actionId: event.action_id ?? null,
          accessionNumber: event.accession_number ?? null,
          detail: failureReason(event),
          occurredAt: event.timestamp,
          receivedAt: at,
        })
        .onConflictDoNothing()
        .run().changes;
      acked.push(event.event_id);
      if (!fresh) continue;
      if (event.event_type === 'delivery.outcome') applyOutcome(tx, event, at, touchedMessages);
      if (event.event_type === 'study.image_received')
        storeImage(tx, gatewayId, event, at, touchedAppointments);
      const action = PROCEDURE_ACTIONS[event.event_type];
      if (action) applyProcedure(ctx, tx, event, action, touchedAppointments);
    }
  });
  if (ctx.events.hasListeners()) {
    for (const summary of listMessageSummaries(ctx.db, { ids: [...touchedMessages] }))
      ctx.events.emit('message.changed', summary);
    for (const id of touchedAppointments)
      ctx.events.emit('appointment.changed', getAppointmentView(ctx.db, id));
  }
  return acked;
}

function applyOutcome(tx: Tx, event: GatewayEvent, at: string, touched: Set<string>): void {
  const data = deliveryOutcomeDataSchema.safeParse(event.data);
  if (!data.success || !event.action_id) return;
  const failedAtDestination = data.data.outcome !== 'delivered';
  const changes = tx
    .update(messages)
    .set({
      outcome: data.data.outcome,
      outcomeAt: event.timestamp,
      updatedAt: at,
      ...(failedAtDestination
        ? {
            failingPhase: 'destination_failed' as const,
            lastError: `The destination ${data.data.destination} ${data.data.outcome === 'rejected' ? 'rejected' : 'could not take'} it: ${data.data.message ?? 'no reason given'}`,
          }
        : {}),
    })
    .where(eq(messages.id, event.action_id))
    .run().changes;
  if (changes) touched.add(event.action_id);
}

/** The refusal reason of a `study.image_failed` event, kept to show staff on the timeline. */
function failureReason(event: GatewayEvent): string | null {
  if (event.event_type !== 'study.image_failed') return null;
  return imageFailedDataSchema.safeParse(event.data).data?.reason ?? null;
}

function storeImage(tx: Tx, gatewayId: string, event: GatewayEvent, at: string, touched: Set<string>): void {
  const data = imageReceivedDataSchema.safeParse(event.data);
  if (!data.success || !event.accession_number) return;
  const appointment = tx
    .select({ id: appointments.id })
    .from(appointments)
    .where(eq(appointments.accessionNumber, event.accession_number))
    .get();
  if (!appointment) return;
  const image = data.data;
  tx.insert(studyImages)
    .values({
      sopInstanceUid: image.sop_instance_uid,
      appointmentId: appointment.id,
      gatewayId,
      eventId: event.event_id,
      studyInstanceUid: image.study_instance_uid ?? null,
      sopClassUid: image.sop_class_uid,
      laterality: image.laterality,
      view: image.view,
      thumbnailMime: image.thumbnail.mime,
      thumbnail: Buffer.from(image.thumbnail.data, 'base64'),
      thumbnailWidth: image.thumbnail.width,
      thumbnailHeight: image.thumbnail.height,
      dose: image.dose ? JSON.stringify(image.dose) : null,
      acquiredAt: event.timestamp,
      receivedAt: at,
    })
    // A modality that re-sends an image (same SOP instance) changes nothing.
    .onConflictDoNothing()
    .run();
  touched.add(appointment.id);
}

function applyProcedure(
  ctx: ServiceContext,
  tx: Tx,
  event: GatewayEvent,
  action: AppointmentAction,
  touched: Set<string>,
): void {
  if (!event.accession_number) return;
  const row = tx
    .select({ id: appointments.id, state: appointments.state })
    .from(appointments)
    .where(eq(appointments.accessionNumber, event.accession_number))
    .get();
  if (!row) return;
  const result = applyAction(action, row.state);
  // An event that arrives after staff recorded the outcome by hand is kept (above) but moves nothing.
  if (!result.ok) return;
  const finished = result.to === 'complete' || result.to === 'discontinued';
  tx.update(appointments)
    .set({
      state: result.to,
      updatedAt: event.timestamp,
      ...(finished ? { finishedAt: event.timestamp } : {}),
    })
    .where(and(eq(appointments.id, row.id), eq(appointments.state, row.state)))
    .run();
  appendAudit(tx, {
    at: ctx.now(),
    actor: 'gateway',
    action: `appointment.${action}`,
    entityType: 'appointment',
    entityId: row.id,
    details: { from: row.state, to: result.to, eventId: event.event_id },
  });
  touched.add(row.id);
}
