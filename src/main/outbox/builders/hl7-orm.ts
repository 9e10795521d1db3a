/**
 * HL7 v2.4 ORM^O01 (new order) for a trust integration engine / RIS. Field placement follows the
 * IHE Radiology Scheduled Workflow conventions most RIS already map; docs/adr/0003 explains each.
 * All times are the clinic's local time with an explicit offset (YYYYMMDDHHMMSS+ZZZZ).
 */
import { BuilderError } from './builder-error';
import {
  checkAccessionNumber,
  checkCodeString,
  checkLongString,
  checkNhsNumber,
  checkOdsCode,
} from './field-rules';
import { escapeHl7 } from './hl7-escape';
import { isoDateToCompact, parseIsoInstant, toHl7Timestamp } from './local-time';
import type { OrderContext } from './order-context';
import { SCREENING_MAMMOGRAPHY } from './terminology';

export interface Hl7OrmOptions {
  sendingApplication: string;
  sendingFacility: string;
  receivingApplication: string;
  receivingFacility: string;
  /** MSH-10; unique per message (a resend gets a new one), at most 20 characters. */
  controlId: string;
  /** MSH-11: P production (default), T training/test, D debugging. */
  processingId?: 'P' | 'T' | 'D';
}

export const HL7_VERSION = '2.4';

const HL7_SEX: Record<OrderContext['participant']['sex'], string> = {
  female: 'F',
  male: 'M',
  other: 'O',
  unknown: 'U',
};

/** Escapes each component and joins them with `^`, dropping trailing empty components. */
const comps = (...parts: string[]): string =>
  parts
    .map((p) => escapeHl7(p))
    .join('^')
    .replace(/\^+$/, '');

/** A segment from fields keyed by field number; gaps become empty fields, trailing ones are cut. */
function segment(name: string, fields: Record<number, string>): string {
  const max = Math.max(0, ...Object.keys(fields).map(Number));
  const out: string[] = [name];
  for (let n = 1; n <= max; n += 1) out.push(fields[n] ?? '');
  return out.join('|');
}

/** MSH keyed by standard field number: MSH-1 is the `|` itself and MSH-2 the encoding characters. */
function mshSegment(fields: Record<number, string>): string {
  const shifted: Record<number, string> = { 1: '^~\\&' };
  for (const [n, v] of Object.entries(fields)) shifted[Number(n) - 1] = v;
  return segment('MSH', shifted);
}

function requireOption(field: string, value: string, max: number): string {
  if (value.trim() === '' || value.length > max) throw new BuilderError(field, `must be 1–${max} characters`);
  if (!/^[\x20-\x7e]+$/.test(value)) throw new BuilderError(field, 'must be printable ASCII');
  return value;
}

/**
 * Builds the ORM^O01 message: segments joined by `\r` (no trailing separator; MLLP framing is the
 * transport's job). Throws BuilderError for values a receiver would truncate or misfile.
 */
export function buildHl7OrmO01(ctx: OrderContext, opts: Hl7OrmOptions): string {
  const tz = ctx.clinic.timeZone;
  const { participant: p, procedure } = ctx;
  const accession = checkAccessionNumber('accessionNumber', ctx.accessionNumber);
  const nhsNumber = checkNhsNumber('participant.nhsNumber', p.nhsNumber);
  checkCodeString('procedure.modality', procedure.modality);
  checkLongString('procedure.studyDescription', procedure.studyDescription);
  checkOdsCode('provider.odsCode', ctx.provider.odsCode);
  if (p.familyName.trim() === '') throw new BuilderError('participant.familyName', 'must not be empty');
  const duration = ctx.appointment.durationMinutes;
  if (!Number.isInteger(duration) || duration <= 0) {
    throw new BuilderError(
      'appointment.durationMinutes',
      `${duration} is not a positive whole number of minutes`,
    );
  }

  const start = toHl7Timestamp(ctx.appointment.startsAt, tz, 'appointment.startsAt');
  const endIso = new Date(parseIsoInstant(ctx.appointment.startsAt) + duration * 60_000).toISOString();
  const end = toHl7Timestamp(endIso, tz, 'appointment.startsAt');
  const created = toHl7Timestamp(ctx.createdAt, tz, 'createdAt');
  // EI: entity id ^ namespace of the assigning application. ORC-2 and OBR-2 must be identical.
  const placerOrder = comps(accession, opts.sendingApplication);
  // TQ: quantity ^ interval ^ duration ^ start ^ end ^ priority (R = routine).
  const timing = comps('1', '', `M${duration}`, start, end, 'R');
  const location = [ctx.clinic.name, ctx.clinic.location].filter((s) => s.trim() !== '').join(', ');

  const msh = mshSegment({
    3: comps(requireOption('sendingApplication', opts.sendingApplication, 180)),
    4: comps(requireOption('sendingFacility', opts.sendingFacility, 180)),
    5: comps(requireOption('receivingApplication', opts.receivingApplication, 180)),
    6: comps(requireOption('receivingFacility', opts.receivingFacility, 180)),
    7: created,
    9: 'ORM^O01^ORM_O01',
    10: comps(requireOption('controlId', opts.controlId, 20)),
    11: opts.processingId ?? 'P',
    12: HL7_VERSION,
    // 13–16 empty: original-mode acknowledgement (the receiver always ACKs over MLLP).
    17: 'GBR',
    18: 'UNICODE UTF-8',
  });

  const pid = segment('PID', {
    1: '1',
    3: comps(nhsNumber, '', '', 'NHS', 'NH'),
    5: comps(p.familyName, p.givenName),
    7: isoDateToCompact(p.dateOfBirth, 'participant.dateOfBirth'),
    8: HL7_SEX[p.sex],
  });

  // PL: point of care ^ room ^ bed ^ facility(ODS) ^ … ^ location description (PL.9).
  const pv1 = segment('PV1', {
    1: '1',
    2: 'O',
    3: comps('', '', '', ctx.provider.odsCode, '', '', '', '', location),
  });

  const orc = segment('ORC', {
    1: 'NW',
    2: placerOrder,
    7: timing,
    9: created,
    // XON with the ODS code in XON.3, the usual NHS v2.4 convention for organisation codes.
    21: comps(ctx.provider.name, '', ctx.provider.odsCode),
  });

  const obr = segment('OBR', {
    1: '1',
    2: placerOrder,
    4: comps(SCREENING_MAMMOGRAPHY.code, procedure.studyDescription, 'SCT'),
    7: start,
    18: comps(accession),
    24: comps(procedure.modality),
    27: timing,
    36: start,
  });

  return [msh, pid, pv1, orc, obr].join('\r');
}
