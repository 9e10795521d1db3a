import { CsvError, readCsv } from './csv-reader';
import type { RawRow } from './import-row';

/** A file's rows, or why the file as a whole cannot be read (no row can be checked then). */
export interface ReadFile {
  rows: RawRow[];
  fileErrors: string[];
}

type Field = Exclude<keyof RawRow, 'where'>;

/** The documented columns (docs/clinic-import.md), in the order the sample file uses. */
export const CSV_COLUMNS: readonly { header: string; field: Field; required: boolean }[] = [
  { header: 'clinic_date', field: 'clinicDate', required: true },
  { header: 'clinic_name', field: 'clinicName', required: true },
  { header: 'location', field: 'location', required: true },
  { header: 'appointment_time', field: 'time', required: true },
  { header: 'slot_minutes', field: 'durationMinutes', required: false },
  { header: 'nhs_number', field: 'nhsNumber', required: true },
  { header: 'family_name', field: 'familyName', required: true },
  { header: 'given_name', field: 'givenName', required: true },
  { header: 'date_of_birth', field: 'dateOfBirth', required: true },
  { header: 'sex', field: 'sex', required: true },
];

/** "Clinic date", "clinic-date" and "CLINIC_DATE" all name the same column. */
const headerKey = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/**
 * The clinic list as CSV: a header row naming the columns (any order; other columns are ignored, as
 * spreadsheets gather notes), then one appointment per row.
 */
export function readClinicListCsv(text: string): ReadFile {
  let records;
  try {
    records = readCsv(text);
  } catch (error) {
    if (error instanceof CsvError) return { rows: [], fileErrors: [error.message] };
    throw error;
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], fileErrors: ['The file is empty.'] };
  const positions = new Map(header.cells.map((cell, index) => [headerKey(cell), index]));
  const missing = CSV_COLUMNS.filter((c) => c.required && !positions.has(c.header)).map((c) => c.header);
  if (missing.length > 0) {
    return {
      rows: [],
      fileErrors: [
        `Row 1: the header has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}. The first row must name the columns: ${CSV_COLUMNS.map((c) => c.header).join(', ')}.`,
      ],
    };
  }
  const fileErrors: string[] = [];
  const rows: RawRow[] = [];
  for (const record of body) {
    if (record.cells.length > header.cells.length) {
      fileErrors.push(
        `Row ${record.row}: has ${record.cells.length} values but the header names ${header.cells.length} columns.`,
      );
      continue;
    }
    const raw = { where: `Row ${record.row}` } as RawRow;
    for (const column of CSV_COLUMNS) {
      const index = positions.get(column.header);
      raw[column.field] = index === undefined ? '' : (record.cells[index] ?? '');
    }
    rows.push(raw);
  }
  return { rows, fileErrors };
}
