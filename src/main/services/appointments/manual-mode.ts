import { eq } from 'drizzle-orm';
import type { ClinicSummary } from '#shared/ipc/views';
import { clinics } from '../../db/schema';
import { appendAudit } from '../audit/audit';
import type { ServiceContext } from '../context';
import { DomainError } from '../errors';
import { listClinicSummaries } from '../views';

/**
 * Switches a clinic to (or from) manual mode: outcomes recorded by hand while the modality link is
 * down, as the first live clinic had to. Audited, and announced to every open screen.
 */
export function setManualMode(ctx: ServiceContext, clinicId: string, manualMode: boolean): ClinicSummary {
  const now = ctx.now();
  ctx.db.transaction((tx) => {
    const row = tx
      .select({ manualMode: clinics.manualMode })
      .from(clinics)
      .where(eq(clinics.id, clinicId))
      .get();
    if (!row) throw new DomainError('not_found', 'That clinic no longer exists.');
    if (row.manualMode === manualMode) return;
    tx.update(clinics).set({ manualMode }).where(eq(clinics.id, clinicId)).run();
    appendAudit(tx, {
      at: now,
      actor: ctx.actor,
      action: manualMode ? 'clinic.manualModeOn' : 'clinic.manualModeOff',
      entityType: 'clinic',
      entityId: clinicId,
    });
  });
  const [summary] = listClinicSummaries(ctx.db, { clinicId });
  if (!summary) throw new DomainError('not_found', 'That clinic no longer exists.');
  ctx.events.emit('clinic.changed', summary);
  return summary;
}
