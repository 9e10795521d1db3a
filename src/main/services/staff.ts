import { staffActor, type Staff } from '#shared/ipc/staff';
import { appendAudit } from './audit/audit';
import type { ServiceContext } from './context';

/**
 * Who is using this workstation, as staff said at the start of their session. Every audited action
 * then carries their name and role. Kept for the app's lifetime only: after a restart the next person
 * says who they are, and until someone does, actions carry the computer's user name as before.
 */
export function setStaff(ctx: ServiceContext, staff: Staff): Staff {
  const now = ctx.now();
  const previous = ctx.staff;
  ctx.db.transaction((tx) => {
    appendAudit(tx, {
      at: now,
      actor: staffActor(staff),
      action: 'workstation.staffChanged',
      entityType: 'workstation',
      entityId: 'this-workstation',
      details: { previous: previous ? staffActor(previous) : ctx.actor },
    });
  });
  ctx.staff = staff;
  ctx.actor = staffActor(staff);
  ctx.events.emit('staff.changed', staff);
  return staff;
}
