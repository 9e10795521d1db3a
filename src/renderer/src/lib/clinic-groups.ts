import type { ClinicSummary } from '#shared/ipc/views';

export interface ClinicGroups {
  today: ClinicSummary[];
  upcoming: ClinicSummary[];
  /** Most recent first: yesterday's clinic is the one staff look back at. */
  past: ClinicSummary[];
}

/** The calendar date it is now where the clinic runs, as `YYYY-MM-DD`. */
export function clinicToday(clinic: Pick<ClinicSummary, 'timeZone'>, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: clinic.timeZone }).format(now);
}

/** Today's clinics first, then those coming up in date order, then past ones, newest first. */
export function groupClinics(clinics: readonly ClinicSummary[], now: Date): ClinicGroups {
  const groups: ClinicGroups = { today: [], upcoming: [], past: [] };
  for (const clinic of clinics) {
    const today = clinicToday(clinic, now);
    if (clinic.date === today) groups.today.push(clinic);
    else if (clinic.date > today) groups.upcoming.push(clinic);
    else groups.past.push(clinic);
  }
  groups.upcoming.sort((a, b) => a.date.localeCompare(b.date));
  groups.past.sort((a, b) => b.date.localeCompare(a.date));
  return groups;
}

/** How far back the clinic list reaches: older clinics are found through the message and audit logs. */
export const PAST_DAYS_SHOWN = 28;

/** The first date the clinic list asks for, `YYYY-MM-DD` in the workstation's calendar. */
export function clinicListFrom(now: Date): string {
  const from = new Date(now.getFullYear(), now.getMonth(), now.getDate() - PAST_DAYS_SHOWN);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${from.getFullYear()}-${pad(from.getMonth() + 1)}-${pad(from.getDate())}`;
}
