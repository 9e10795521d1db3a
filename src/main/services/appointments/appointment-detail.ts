import { and, asc, eq, inArray } from 'drizzle-orm';
import type { AppointmentDetail, StudyImageView, TimelineEntry } from '#shared/ipc/views';
import { auditActionLabel } from '#shared/domain/audit-actions';
import { MESSAGE_TYPE_NAMES } from '#shared/domain/message';
import type { Db } from '../../db/open-database';
import { auditEvents, gatewayEvents, messages, studyImages } from '../../db/schema';
import { DomainError } from '../errors';
import { getAppointmentView, listClinicSummaries, listMessageSummaries } from '../views';

const OUTCOME_WORDS = {
  delivered: 'received it',
  rejected: 'refused it',
  failed: 'could not be reached',
} as const;

/** A type's name mid-sentence: "Sent to the mammography worklist". */
const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/** `RCC`, `LMLO`…: how radiographers name the four standard views. */
export function viewLabel(laterality: string | null, view: string | null): string | null {
  if (!laterality && !view) return null;
  return `${laterality === 'B' ? '' : (laterality ?? '')}${view ?? ''}` || null;
}

/**
 * One appointment's story for its detail screen: what staff did, what each message went through,
 * what the modality reported, and each image, in time order.
 */
export function getAppointmentDetail(db: Db, appointmentId: string): AppointmentDetail {
  const appointment = getAppointmentView(db, appointmentId);
  const [clinic] = listClinicSummaries(db, { clinicId: appointment.clinicId });
  if (!clinic) throw new DomainError('not_found', 'That clinic no longer exists.');
  const timeline: TimelineEntry[] = [];

  const audit = db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, 'appointment'), eq(auditEvents.entityId, appointmentId)))
    .orderBy(asc(auditEvents.id))
    .all();
  const eventIdOf = (details: string | null) =>
    details ? (JSON.parse(details) as { eventId?: string }).eventId : undefined;
  const eventIds = audit.flatMap((row) => (row.actor === 'gateway' ? (eventIdOf(row.details) ?? []) : []));
  const eventTimes = new Map(
    eventIds.length === 0
      ? []
      : db
          .select({ id: gatewayEvents.eventId, at: gatewayEvents.occurredAt })
          .from(gatewayEvents)
          .where(inArray(gatewayEvents.eventId, eventIds))
          .all()
          .map((e) => [e.id, e.at]),
  );
  for (const row of audit) {
    const byGateway = row.actor === 'gateway';
    // What the modality reported is placed at the time it happened there, not when it reached us.
    const eventId = byGateway ? eventIdOf(row.details) : undefined;
    timeline.push({
      at: (eventId && eventTimes.get(eventId)) || row.at,
      kind: row.action.startsWith('appointment.record') ? 'manual' : byGateway ? 'procedure' : 'appointment',
      title: auditActionLabel(row.action),
      detail: byGateway ? 'Reported by the modality through the gateway' : `By ${row.actor}`,
    });
  }

  const rows = db
    .select()
    .from(messages)
    .where(eq(messages.appointmentId, appointmentId))
    .orderBy(asc(messages.createdAt))
    .all();
  // Staff words for where each message went; the codes and destination names are on its own page.
  for (const m of rows) {
    const to = MESSAGE_TYPE_NAMES[m.type];
    if (m.deliveredAt)
      timeline.push({
        at: m.deliveredAt,
        kind: 'message',
        title: `Sent to the ${lowerFirst(to)}`,
        detail: null,
      });
    if (m.confirmedAt) {
      const item = m.type === 'WORKLIST' ? 'on the worklist' : 'accepted';
      timeline.push({
        at: m.confirmedAt,
        kind: 'message',
        title: `Gateway confirmed: ${item}`,
        detail: to,
      });
    }
    if (m.outcome && m.outcomeAt) {
      timeline.push({
        at: m.outcomeAt,
        kind: 'message',
        title: `${to}: ${OUTCOME_WORDS[m.outcome]}`,
        detail: m.outcome === 'delivered' ? null : m.lastError,
      });
    }
    if (m.status === 'failed' && m.failedAt)
      timeline.push({
        at: m.failedAt,
        kind: 'message',
        title: `Could not send to the ${lowerFirst(to)}`,
        detail: m.lastError,
      });
  }

  const imageRows = db
    .select()
    .from(studyImages)
    .where(eq(studyImages.appointmentId, appointmentId))
    .orderBy(asc(studyImages.acquiredAt))
    .all();
  const images: StudyImageView[] = imageRows.map((i) => ({
    sopInstanceUid: i.sopInstanceUid,
    label: viewLabel(i.laterality, i.view),
    laterality: i.laterality,
    view: i.view,
    thumbnail: `data:${i.thumbnailMime};base64,${i.thumbnail.toString('base64')}`,
    width: i.thumbnailWidth,
    height: i.thumbnailHeight,
    acquiredAt: i.acquiredAt,
    dose: i.dose ? (JSON.parse(i.dose) as Record<string, number>) : null,
  }));
  for (const image of images)
    timeline.push({
      at: image.acquiredAt,
      kind: 'image',
      title: `Image received${image.label ? `: ${image.label}` : ''}`,
      detail: null,
    });

  if (appointment.accessionNumber) {
    const reported = db
      .select()
      .from(gatewayEvents)
      .where(eq(gatewayEvents.accessionNumber, appointment.accessionNumber))
      .all();
    for (const e of reported) {
      if (e.eventType === 'study.image_failed') {
        timeline.push({
          at: e.occurredAt,
          kind: 'image',
          title: 'An image was refused by the gateway',
          detail: e.detail,
        });
      }
    }
  }

  timeline.sort((a, b) => a.at.localeCompare(b.at));
  return { appointment, clinic, timeline, messages: listMessageSummaries(db, { appointmentId }), images };
}
