/**
 * Accession numbers in the production format: `ACC` + local YYYYMMDD + 4 upper-case hex digits
 * (15 characters, inside DICOM SH's 16). Pure: the caller supplies the random part and the clinic-
 * local date (use `toDicomDateTime(createdAt, timeZone).date`), and retries on a uniqueness clash.
 */
import { BuilderError } from './builder-error';

export function formatAccessionNumber(localDateYYYYMMDD: string, randomHex4: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(localDateYYYYMMDD);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !date || date.getUTCMonth() !== Number(m[2]) - 1 || date.getUTCDate() !== Number(m[3])) {
    throw new BuilderError('localDateYYYYMMDD', `"${localDateYYYYMMDD}" is not a real date in YYYYMMDD form`);
  }
  if (!/^[0-9a-fA-F]{4}$/.test(randomHex4)) {
    throw new BuilderError('randomHex4', `"${randomHex4}" is not exactly 4 hexadecimal digits`);
  }
  return `ACC${localDateYYYYMMDD}${randomHex4.toUpperCase()}`;
}
