import { applyAction } from '#shared/domain/appointment-state';
import type { AppointmentView, MessageSummary } from '#shared/ipc/views';
import type { Db } from '../../db/open-database';
import { endOfLocalDay } from '../../db/seed/local-time';
import { buildMessage } from '../../outbox/build-message';
import { BuilderError, formatAccessionNumber, type OrderContext } from '../../outbox/builders';
import type { MessageType } from '#shared/domain/message';
import { markPhase, phaseTraceOn, profileCapabilities } from 'modality-link-protocol';
import { appendAppointmentAudit } from '../audit/audit';
import type { ServiceContext } from '../context';
import { DomainError } from '../errors';
import { gatewayForProvider, parseRoutes } from '../gateways/gateways';
import { cancelPendingMessages } from '../messages/pending-messages';
import {
  accessionTakenQuery,
  insertMessageStatement,
  moveAppointmentStatement,
  orderQuery,
} from './send-statements';
import { getAppointmentView, listMessageSummaries } from '../views';

const STUDY_DESCRIPTION = 'Breast screening mammography';

function loadOrder(db: Db, appointmentId: string) {
  const row = orderQuery(db).get({ id: appointmentId });
  if (!row) throw new DomainError('not_found', 'That appointment no longer exists.');
  return row;
}

/** A new accession number for the clinic date: production's `ACC` + YYYYMMDD + 4 hex, retried on collision. */
function newAccessionNumber(ctx: ServiceContext, clinicDate: string): string {
  const ymd = clinicDate.replace(/-/g, '');
  for (let attempt = 0; attempt < 20; attempt++) {
    const accessionNumber = formatAccessionNumber(ymd, ctx.randomHex(2));
    if (!accessionTakenQuery(ctx.db).get({ accessionNumber })) return accessionNumber;
  }
  throw new DomainError('conflict', `No free accession number is left for ${clinicDate}.`);
}

/** A record the destination would refuse (e.g. a name too long for DICOM) stops the send with the reason. */
function buildOrRefuse(type: MessageType, context: OrderContext) {
  try {
    return buildMessage(type, context);
  } catch (error) {
    if (error instanceof BuilderError) {
      throw new DomainError(
        'conflict',
        `Cannot build the ${type} message: ${error.message}. Correct the record and try again.`,
      );
    }
    throw error;
  }
}

/**
 * The gateway's routes its profile can carry. A route saved before its gateway's profile changed
 * (the form refuses new ones) is never turned into a message the peer would refuse: it is left out,
 * named in the audit event and shown on the Gateways screen. With nothing left, the send stops.
 */
function routesItCanCarry(gateway: ReturnType<typeof gatewayForProvider>) {
  const capabilities = profileCapabilities(gateway.profile);
  const routes = [];
  const skippedRoutes = [];
  for (const route of parseRoutes(gateway)) {
    const carried = capabilities.routes[route.messageType];
    if (carried.available) routes.push(route);
    else skippedRoutes.push({ ...route, reason: carried.reason });
  }
  if (routes.length === 0) {
    throw new DomainError(
      'conflict',
      `Gateway "${gateway.name}" cannot carry any of its routes: ${skippedRoutes[0]?.reason}. Ask an administrator to correct its routes.`,
    );
  }
  return { routes, skippedRoutes };
}

/**
 * "Send to modality" and "Resend": in one transaction, check the state machine, move the appointment,
 * queue one outbox message per route of the provider's gateway and append an audit event. Any failure
 * (a builder rejecting data, a constraint) rolls the whole thing back. A resend reuses the accession
 * number, so the worklist and other destinations can recognise the order, and supersedes this
 * appointment's messages that have not gone out yet, so the gateway is not sent the same order twice
 * from one click's leftovers.
 */
export function sendToModality(ctx: ServiceContext, appointmentId: string, action: SendAction): SendAnswer {
  return answerSend(ctx, queueSend(ctx, appointmentId, action));
}

/**
 * "Send to modality" from a screen: the same, but the screen is answered once the dispatcher has told
 * the screens what became of the send's messages: at idle their confirmation, ~10 ms later; a frame
 * still waiting for its reply after the screen hold (100 ms). Nothing of the answer then runs between
 * the frame and its reply, when the relay and the gateway need the cores, and staff see the send and
 * its confirmation in one update (ADR 0035).
 */
export async function sendThenAnswer(
  ctx: ServiceContext,
  appointmentId: string,
  action: SendAction,
): Promise<SendAnswer> {
  const queued = queueSend(ctx, appointmentId, action);
  const screensTold = await ctx.messagesTold(queued.messageIds);
  return answerSend(ctx, queued, screensTold);
}

type SendAction = 'sendToModality' | 'resend';
type SendAnswer = { appointment: AppointmentView; messages: MessageSummary[] };
interface QueuedSend {
  appointmentId: string;
  messageIds: string[];
  superseded: string[];
}

/** The send's transaction; wakes the dispatcher, whose claim runs on the next turn. */
function queueSend(ctx: ServiceContext, appointmentId: string, action: SendAction): QueuedSend {
  const now = ctx.now();
  const at = now.toISOString();
  const messageIds: string[] = [];
  const superseded: string[] = [];
  ctx.db.transaction((tx) => {
    // The prepared statements run on ctx.db's connection, inside this transaction (send-statements.ts).
    const order = loadOrder(ctx.db, appointmentId);
    const transition = applyAction(action, order.appointment.state);
    if (!transition.ok) throw new DomainError('invalid_transition', transition.message);
    if (order.clinic.manualMode) {
      throw new DomainError(
        'conflict',
        'This clinic is in manual mode: record the outcome by hand, or switch manual mode off to send to the modality.',
      );
    }
    const gateway = gatewayForProvider(ctx.db, order.provider.id, order.provider.name);
    const { routes, skippedRoutes } = routesItCanCarry(gateway);
    const { scheduledTimes } = profileCapabilities(gateway.profile);
    const accessionNumber = order.appointment.accessionNumber ?? newAccessionNumber(ctx, order.clinic.date);
    const clinicDayEndsAt = endOfLocalDay(order.clinic.date, order.clinic.timeZone).toISOString();

    if (action === 'resend')
      superseded.push(...cancelPendingMessages(tx, appointmentId, 'Superseded by a resend', at));

    for (const route of routes) {
      const messageId = ctx.newId();
      const context: OrderContext = {
        messageId,
        accessionNumber,
        createdAt: at,
        appointment: {
          id: appointmentId,
          startsAt: order.slot.startsAt,
          durationMinutes: order.slot.durationMinutes,
        },
        clinic: {
          id: order.clinic.id,
          name: order.clinic.name,
          location: order.clinic.location,
          timeZone: order.clinic.timeZone,
        },
        scheduledTimes,
        provider: { id: order.provider.id, name: order.provider.name, odsCode: order.provider.odsCode },
        participant: {
          id: order.participant.id,
          nhsNumber: order.participant.nhsNumber,
          familyName: order.participant.familyName,
          givenName: order.participant.givenName,
          dateOfBirth: order.participant.dateOfBirth,
          sex: order.participant.sex,
        },
        procedure: {
          modality: 'MG',
          studyDescription: STUDY_DESCRIPTION,
          ...(gateway.modalityAeTitle ? { scheduledStationAeTitle: gateway.modalityAeTitle } : {}),
        },
      };
      const built = buildOrRefuse(route.messageType, context);
      insertMessageStatement(ctx.db).run({
        id: messageId,
        gatewayId: gateway.id,
        appointmentId,
        participantId: order.participant.id,
        type: route.messageType,
        actionType: built.actionType,
        payload: built.payload,
        destination: route.destination,
        nextAttemptAt: at,
        clinicDayEndsAt,
        createdAt: at,
        updatedAt: at,
      });
      messageIds.push(messageId);
    }

    moveAppointmentStatement(ctx.db).run({
      id: appointmentId,
      state: transition.to,
      accessionNumber,
      sentAt: at,
      updatedAt: at,
    });
    appendAppointmentAudit(
      ctx.db,
      { at: now, actor: ctx.actor, action, appointmentId, from: order.appointment.state, to: transition.to },
      {
        gatewayId: gateway.id,
        messageIds,
        superseded,
        ...(skippedRoutes.length > 0 ? { skippedRoutes } : {}),
      },
    );
  });

  if (phaseTraceOn()) for (const id of messageIds) markPhase('queued', id);
  ctx.onMessagesQueued();
  return { appointmentId, messageIds, superseded };
}

/**
 * The caller's answer: the appointment and its new messages as they now stand. Other screens hear of
 * them too, unless the dispatcher has told them already (`screensTold`); messages a resend superseded
 * only ever hear of it here.
 */
function answerSend(
  ctx: ServiceContext,
  { appointmentId, messageIds, superseded }: QueuedSend,
  screensTold = false,
): SendAnswer {
  const appointment = getAppointmentView(ctx.db, appointmentId);
  const changed = listMessageSummaries(ctx.db, { ids: [...superseded, ...messageIds] });
  const queued = new Set(messageIds);
  // On the turn after, so the caller's own answer goes first (ADR 0023, round 2).
  setImmediate(() => {
    if (!screensTold) ctx.events.emit('appointment.changed', appointment);
    for (const message of changed)
      if (!screensTold || !queued.has(message.id)) ctx.events.emit('message.changed', message);
  });
  return { appointment, messages: changed.filter((m) => queued.has(m.id)) };
}
