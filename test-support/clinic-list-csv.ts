import { CSV_COLUMNS } from '../src/main/clinic-import/csv-clinic-list';
import { generateParticipants } from '../src/main/db/seed/participant-generator';

/**
 * A synthetic clinic list as CSV, for tests and the import benchmark: `rows` appointments in clinics
 * of 100 five-minute slots from 08:00, on consecutive days from `firstDate`, NHS numbers from the 999
 * test range. The same arguments always give the same file.
 */
export function clinicListCsv(rows: number, firstDate = '2027-02-01', seed = 17): string {
  const people = generateParticipants(rows, seed, firstDate);
  const lines = [CSV_COLUMNS.map((c) => c.header).join(',')];
  people.forEach((person, index) => {
    const day = new Date(`${firstDate}T12:00:00Z`);
    day.setUTCDate(day.getUTCDate() + Math.floor(index / 100));
    const minutes = 8 * 60 + (index % 100) * 5;
    const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    const cells = [
      day.toISOString().slice(0, 10),
      'Breast screening clinic',
      '"Imported Unit, Bay 1"',
      time,
      '5',
      person.nhsNumber,
      `"${person.familyName}"`,
      person.givenName,
      person.dateOfBirth,
      person.sex,
    ];
    lines.push(cells.join(','));
  });
  return lines.join('\r\n') + '\r\n';
}
