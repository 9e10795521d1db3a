import { auditActionLabel, auditActorLabel } from '#shared/domain/audit-actions';
import { formatNhsNumber } from '#shared/domain/nhs-number';
import {
  AUDIT_EXPORT_LIMIT,
  AUDIT_PAGE_SIZE,
  type AuditEntry,
  type AuditFilter,
  type AuditPage,
} from '#shared/ipc/audit';
import type { Db } from '../../db/open-database';
import { startOfLocalDay } from '../local-day';

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  givenName: string | null;
  familyName: string | null;
  nhsNumber: string | null;
}

/**
 * One query for both the screen and the export. An entry about an appointment or one of its messages
 * is tied to its participant, so the NHS-number filter finds everything that happened to them.
 */
function selectAudit(db: Db, filter: AuditFilter & { before?: number }, limit: number): AuditRow[] {
  const where = ['1 = 1'];
  const params: Record<string, string | number> = { limit };
  if (filter.before !== undefined) {
    where.push('e.id < @before');
    params.before = filter.before;
  }
  if (filter.from) {
    where.push('e.at >= @from');
    params.from = startOfLocalDay(filter.from);
  }
  if (filter.to) {
    where.push('e.at < @to');
    params.to = startOfLocalDay(filter.to, 1);
  }
  if (filter.action) {
    where.push('e.action = @action');
    params.action = filter.action;
  }
  if (filter.actor) {
    // Part of a name is enough: actors read "Jane Smith (Mammographer)".
    where.push('instr(lower(e.actor), lower(@actor)) > 0');
    params.actor = filter.actor;
  }
  if (filter.nhsNumber) {
    // Through the participant's appointments and messages, so the entity index finds their rows.
    where.push(`((e.entity_type = 'appointment' AND e.entity_id IN (
        SELECT a2.id FROM appointments a2 JOIN participants p2 ON p2.id = a2.participant_id WHERE p2.nhs_number = @nhsNumber))
      OR (e.entity_type = 'message' AND e.entity_id IN (
        SELECT m2.id FROM messages m2 JOIN participants p2 ON p2.id = m2.participant_id WHERE p2.nhs_number = @nhsNumber)))`);
    params.nhsNumber = filter.nhsNumber;
  }
  return db.$client
    .prepare(
      `SELECT e.id, e.at, e.actor, e.action, e.entity_type AS entityType, e.entity_id AS entityId,
              p.given_name AS givenName, p.family_name AS familyName, p.nhs_number AS nhsNumber
       FROM audit_events e
       LEFT JOIN appointments a ON e.entity_type = 'appointment' AND a.id = e.entity_id
       LEFT JOIN messages m ON e.entity_type = 'message' AND m.id = e.entity_id
       LEFT JOIN participants p ON p.id = COALESCE(a.participant_id, m.participant_id)
       WHERE ${where.join(' AND ')}
       ORDER BY e.id DESC LIMIT @limit`,
    )
    .all(params) as AuditRow[];
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    actorLabel: auditActorLabel(row.actor),
    action: row.action,
    actionLabel: auditActionLabel(row.action),
    entityType: row.entityType,
    entityId: row.entityId,
    participant:
      row.nhsNumber && row.givenName !== null && row.familyName !== null
        ? { name: `${row.givenName} ${row.familyName}`, nhsNumber: row.nhsNumber }
        : null,
  };
}

/** One page, newest first; `nextBefore` continues from where it ended. */
export function listAuditPage(db: Db, filter: AuditFilter & { before?: number; limit?: number }): AuditPage {
  const limit = filter.limit ?? AUDIT_PAGE_SIZE;
  // One row more than the page tells whether an older page exists without counting them all.
  const rows = selectAudit(db, filter, limit + 1);
  const page = rows.slice(0, limit);
  return {
    entries: page.map(toEntry),
    nextBefore: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/**
 * A cell as a spreadsheet must read it: quoted when it holds a comma, quote or line break, and a
 * leading = + - @ (or tab/CR) neutralised so opening the file can never run a formula.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const CSV_HEADER = ['Time (UTC)', 'Who', 'What', 'Participant', 'NHS number', 'Record', 'Record id', 'Code'];

/** The whole filtered log (up to AUDIT_EXPORT_LIMIT rows, newest first) as one CSV file. */
export function exportAuditCsv(
  db: Db,
  filter: AuditFilter,
): { csv: string; rows: number; truncated: boolean } {
  const rows = selectAudit(db, filter, AUDIT_EXPORT_LIMIT + 1);
  const truncated = rows.length > AUDIT_EXPORT_LIMIT;
  const lines = [CSV_HEADER.map(csvCell).join(',')];
  for (const row of rows.slice(0, AUDIT_EXPORT_LIMIT)) {
    const entry = toEntry(row);
    lines.push(
      [
        entry.at,
        entry.actorLabel,
        entry.actionLabel,
        entry.participant?.name ?? '',
        entry.participant ? formatNhsNumber(entry.participant.nhsNumber) : '',
        entry.entityType,
        entry.entityId,
        entry.action,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return { csv: `${lines.join('\r\n')}\r\n`, rows: lines.length - 1, truncated };
}
