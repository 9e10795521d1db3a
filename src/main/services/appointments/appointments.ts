import { eq } from 'drizzle-orm';
import { applyAction, type AppointmentAction } from '#shared/domain/appointment-state';
import type { AppointmentView } from '#shared/ipc/views';
import { appointments } from '../../db/schema';
import { appendAppointmentAudit } from '../audit/audit';
import type { ServiceContext } from '../context';
import { DomainError } from '../errors';
import { cancelPendingMessages } from '../messages/pending-messages';
import { getAppointmentView, listMessageSummaries } from '../views';

type SimpleAction = Extract<
  AppointmentAction,
  'checkIn' | 'undoCheckIn' | 'markDidNotAttend' | 'recordComplete' | 'recordDiscontinued'
>;
const MANUAL: ReadonlySet<AppointmentAction> = new Set(['recordComplete', 'recordDiscontinued']);

/**
 * Moves an appointment by one state-machine action that queues no messages. The state is read and
 * written in one transaction, so two workstations acting at once cannot both succeed from a stale state.
 */
export function transitionAppointment(
  ctx: ServiceContext,
  appointmentId: string,
  action: SimpleAction,
): AppointmentView {
  const now = ctx.now();
  const at = now.toISOString();
  const cancelled: string[] = [];
  ctx.db.transaction((tx) => {
    const current = tx
      .select({ state: appointments.state })
      .from(appointments)
      .where(eq(appointments.id, appointmentId))
      .get();
    if (!current) throw new DomainError('not_found', 'That appointment no longer exists.');
    const result = applyAction(action, current.state);
    if (!result.ok) throw new DomainError('invalid_transition', result.message);
    tx.update(appointments)
      .set({
        state: result.to,
        updatedAt: at,
        ...(action === 'checkIn' ? { checkedInAt: at } : {}),
        ...(action === 'undoCheckIn' ? { checkedInAt: null } : {}),
        ...(MANUAL.has(action) ? { finishedAt: at } : {}),
      })
      .where(eq(appointments.id, appointmentId))
      .run();
    // Once staff have recorded the outcome by hand, orders still waiting to go out would only put a
    // finished participant on the modality's worklist: stop them.
    if (MANUAL.has(action))
      cancelled.push(...cancelPendingMessages(tx, appointmentId, 'Outcome recorded by hand', at));

    appendAppointmentAudit(
      tx,
      { at: now, actor: ctx.actor, action, appointmentId, from: current.state, to: result.to },
      MANUAL.has(action) ? { recordedBy: 'hand', cancelledMessages: cancelled } : {},
    );
  });
  const view = getAppointmentView(ctx.db, appointmentId);
  ctx.events.emit('appointment.changed', view);
  for (const message of cancelled.length > 0 ? listMessageSummaries(ctx.db, { ids: cancelled }) : []) {
    ctx.events.emit('message.changed', message);
  }
  return view;
}
