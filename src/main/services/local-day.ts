/**
 * The start of a local calendar day (`YYYY-MM-DD`, plus `daysLater`) as a UTC instant: staff filter
 * logs by the days they worked, in the workstation's own time zone.
 */
export function startOfLocalDay(date: string, daysLater = 0): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, day + daysLater).toISOString();
}

/** The workstation's calendar date of an instant, `YYYY-MM-DD`: the inverse of `startOfLocalDay`. */
export function localDayOf(instant: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${instant.getFullYear()}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}`;
}
