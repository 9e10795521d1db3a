import type Database from 'better-sqlite3';
import { closeSync, openSync, rmSync } from 'node:fs';

/**
 * `worklist backup-reset`: copy the whole database aside, then clear what the modality no longer needs.
 * Production resets weekly from the OS scheduler; we keep it a command (the core wires it to the CLI)
 * rather than a timer inside the service, so IT owns the schedule and can run it by hand before a clinic.
 *
 * Unlike production we do not delete everything: items still SCHEDULED or IN PROGRESS for today or later
 * stay, so a reset run during the day cannot pull a participant off a modality mid-clinic.
 */
export interface BackupResetOptions {
  /** Items scheduled before this clinic-local date (YYYYMMDD) are removed. Default: today in `timeZone`. */
  cutoffDate?: string;
  /** The clinic's time zone for the default cut-off. */
  timeZone?: string;
  now?: Date;
}

export interface BackupResetResult {
  backupFile: string;
  cutoffDate: string;
  deleted: number;
  remaining: number;
}

/** The calendar date (YYYYMMDD) at `now` in `timeZone`: the clinic's "today", not the server's or UTC's. */
export function clinicDate(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .formatToParts(now)
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  return `${parts.year}${parts.month}${parts.day}`;
}

export async function backupAndReset(
  db: Database.Database,
  backupFile: string,
  options: BackupResetOptions = {},
): Promise<BackupResetResult> {
  const now = options.now ?? new Date();
  const cutoffDate = options.cutoffDate ?? clinicDate(now, options.timeZone ?? 'Europe/London');
  if (!/^\d{8}$/.test(cutoffDate)) throw new Error('cutoffDate must be YYYYMMDD');
  // Never overwrite an earlier backup: it may be the only copy of a day that needs investigating.
  // The file is created here, empty and 0600 (it holds patient data), whatever the umask or the folder;
  // SQLite then writes into it and keeps its mode. `wx` makes the existence check and the creation one step.
  try {
    closeSync(openSync(backupFile, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new Error(`backup file already exists: ${backupFile}`);
    throw error;
  }

  // Rows changed after the backup started may be missing from it, so only rows last touched before
  // that instant are deleted; anything newer waits for the next reset instead of being lost.
  const backupStartedAt = new Date().toISOString();
  try {
    await db.backup(backupFile);
  } catch (error) {
    rmSync(backupFile, { force: true });
    throw error;
  }

  const deleted = db
    .prepare(
      `DELETE FROM worklist_items
       WHERE (status IN ('COMPLETED', 'DISCONTINUED') OR scheduled_date < ?) AND updated_at < ?`,
    )
    .run(cutoffDate, backupStartedAt).changes;
  const { remaining } = db.prepare('SELECT count(*) AS remaining FROM worklist_items').get() as {
    remaining: number;
  };
  return { backupFile, cutoffDate, deleted, remaining };
}
