import Database from 'better-sqlite3';
import { sleep } from './clinic-sender';

/**
 * After the last fault: wait until every message of the run's clinic is confirmed and the gateway has
 * no delivery left pending, or until nothing can change any more (every message final, some not
 * confirmed), or until the settle limit. Reads both databases read-only while their processes run (WAL
 * lets a reader in beside the writer); a read that fails (a file mid-recovery) is simply tried again.
 */
export interface SettleResult {
  /** Seconds from the end of the last fault until every message was confirmed; null if that never happened. */
  drainS: number | null;
  /** Seconds the settle phase lasted. */
  waitedS: number;
  reason: 'all confirmed and delivered' | 'nothing left pending' | 'settle limit';
}

/** Statuses nothing moves a message out of without a person (or the end of the appointment's day). */
const FINAL = ['confirmed', 'failed', 'cancelled', 'expired'];

export interface ProgressCounts {
  total: number;
  confirmed: number;
  /** Messages in a status that the dispatcher will still move on its own. */
  pending: number;
  /** Gateway deliveries (FHIR/HL7 drops) still due. */
  gatewayPending: number;
}

export function readProgress(appDb: string, gatewayDb: string, clinicId: string): ProgressCounts | undefined {
  try {
    const app = new Database(appDb, { readonly: true, fileMustExist: true });
    let rows: Array<{ status: string; n: number }>;
    try {
      rows = app
        .prepare(
          `SELECT status, COUNT(*) AS n FROM messages WHERE appointment_id LIKE ? || '-appt-%' GROUP BY status`,
        )
        .all(clinicId) as Array<{ status: string; n: number }>;
    } finally {
      app.close();
    }
    const gateway = new Database(gatewayDb, { readonly: true, fileMustExist: true });
    let gatewayPending: number;
    try {
      gatewayPending = (
        gateway.prepare(`SELECT COUNT(*) AS n FROM inbox_actions WHERE delivery_state = 'pending'`).get() as {
          n: number;
        }
      ).n;
    } finally {
      gateway.close();
    }
    const count = (pick: (status: string) => boolean) =>
      rows.filter((r) => pick(r.status)).reduce((sum, r) => sum + r.n, 0);
    return {
      total: count(() => true),
      confirmed: count((s) => s === 'confirmed'),
      pending: count((s) => !FINAL.includes(s)),
      gatewayPending,
    };
  } catch {
    return undefined;
  }
}

export async function settle(options: {
  appDb: string;
  gatewayDb: string;
  clinicId: string;
  lastFaultEndedAt: number;
  settleS: number;
  log?: (line: string) => void;
}): Promise<SettleResult> {
  const started = Date.now();
  const limit = options.lastFaultEndedAt + options.settleS * 1000;
  let drainS: number | null = null;
  let quietPolls = 0;
  let lastLine = '';
  for (;;) {
    const progress = readProgress(options.appDb, options.gatewayDb, options.clinicId);
    const now = Date.now();
    const waitedS = (now - started) / 1000;
    if (progress) {
      const allConfirmed = progress.total > 0 && progress.confirmed === progress.total;
      if (allConfirmed && drainS === null) drainS = (now - options.lastFaultEndedAt) / 1000;
      const line = `settling: ${progress.confirmed}/${progress.total} confirmed, ${progress.pending} pending, ${progress.gatewayPending} gateway deliveries due`;
      if (line !== lastLine) options.log?.(line);
      lastLine = line;
      if (allConfirmed && progress.gatewayPending === 0)
        return { drainS, waitedS, reason: 'all confirmed and delivered' };
      // Everything final but not everything confirmed: only a person could change it now. A few quiet
      // polls in a row, so a message between two statuses is not mistaken for a final one.
      quietPolls = progress.pending === 0 && progress.gatewayPending === 0 ? quietPolls + 1 : 0;
      if (quietPolls >= 5) return { drainS, waitedS, reason: 'nothing left pending' };
    }
    if (now >= limit) return { drainS, waitedS, reason: 'settle limit' };
    await sleep(1000);
  }
}
