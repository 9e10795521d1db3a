import type { AuditFilter } from '#shared/ipc/audit';
import { filledIn } from './filter-values';

/** The filter form as typed: every field a string, empty meaning "any". */
export interface AuditFilterValues {
  from: string;
  to: string;
  nhsNumber: string;
  action: string;
  actor: string;
}

export const NO_FILTERS: AuditFilterValues = { from: '', to: '', nhsNumber: '', action: '', actor: '' };

export type AuditFilterField = keyof AuditFilterValues;

/** In the order the form shows them, which is the order of the error summary. */
export const AUDIT_FILTER_FIELDS: readonly AuditFilterField[] = [
  'from',
  'to',
  'nhsNumber',
  'action',
  'actor',
];

/** Each field's element id, for its label and for the error summary's link to it. */
export const AUDIT_FIELD_IDS: Record<AuditFilterField, string> = {
  from: 'audit-from',
  to: 'audit-to',
  nhsNumber: 'audit-nhs-number',
  action: 'audit-action',
  actor: 'audit-actor',
};

/** What is sent to main: only the filters that were filled in (main validates them). */
export function toAuditFilter(values: AuditFilterValues): AuditFilter {
  return filledIn(values, AUDIT_FILTER_FIELDS) as AuditFilter;
}

/** The audit file's name: the day it was taken, so several downloads sort and do not overwrite. */
export function auditFileName(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `audit-log-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}.csv`;
}
