import {
  inRange,
  isUniversal,
  parseDateQuery,
  parseTimeQuery,
  type Parsed,
  type ValueRange,
} from './dicom-match';
import {
  NOT_KEYS,
  SPS_ATTRIBUTES,
  SPS_KEY,
  TOP_LEVEL_ATTRIBUTES,
  type AttributeSpec,
} from './mwl-attributes';
import type { WorklistQuery, WorklistRow } from './worklist-store';

/**
 * Turns a C-FIND identifier (dcmjs naturalised elements) into a store query plus the list of attributes
 * to return. Keys the store indexes are pushed down into SQL; the rest become row predicates.
 *
 * Return policy (PS3.4 C.4.1.1.3.2 / K.4.1.1.3.2): a response carries the keys that were asked for and
 * that we support, plus Specific Character Set. Keys we do not support are left out and reported with
 * the pending status FF01 ("one or more Optional Keys were not supported"); any value they carried is
 * ignored, i.e. treated as universal matching, as the standard prescribes for unsupported optional keys.
 */
export interface MwlRequest {
  store: WorklistQuery;
  predicates: Array<(row: WorklistRow) => boolean>;
  /** Supported top-level keys that were asked for, in query order. */
  topLevel: string[];
  /** Supported keys asked for inside the scheduled step; null when the sequence was not asked for. */
  sps: string[] | null;
  /** Keywords (never values) of keys we do not support, for FF01 and the log. */
  unsupported: string[];
}

type Elements = Record<string, unknown>;
type Value = { kind: 'one'; text: string } | { kind: 'many'; texts: string[] } | { kind: 'bad' };

/** dcmjs gives strings, numbers, arrays for multiple values, and `{Alphabetic}` objects for names. */
function readValue(raw: unknown): Value {
  if (raw === undefined || raw === null) return { kind: 'one', text: '' };
  if (typeof raw === 'string') return { kind: 'one', text: raw.trim() };
  if (typeof raw === 'number') return { kind: 'one', text: String(raw) };
  if (Array.isArray(raw)) {
    if (raw.length === 0) return { kind: 'one', text: '' };
    const values = raw.map(readValue);
    if (values.every((v): v is { kind: 'one'; text: string } => v.kind === 'one'))
      return values.length === 1 ? values[0]! : { kind: 'many', texts: values.map((v) => v.text) };
    return { kind: 'bad' };
  }
  if (typeof raw === 'object' && 'Alphabetic' in raw)
    return readValue((raw as { Alphabetic: unknown }).Alphabetic);
  if (typeof raw === 'object' && Object.keys(raw).length === 0) return { kind: 'one', text: '' };
  return { kind: 'bad' };
}

const PUSHDOWN: Record<string, keyof WorklistQuery> = {
  AccessionNumber: 'accessionNumber',
  PatientID: 'patientId',
  PatientName: 'patientName',
  Modality: 'modality',
  ScheduledStationAETitle: 'scheduledStationAeTitle',
  ScheduledProcedureStepStartDate: 'scheduledDate',
  ScheduledProcedureStepStartTime: 'scheduledTime',
};

class QueryBuilder {
  readonly request: MwlRequest = { store: {}, predicates: [], topLevel: [], sps: null, unsupported: [] };

  /** Adds one key's matching; returns an error message for a malformed value. */
  addKey(keyword: string, spec: AttributeSpec, raw: unknown): string | undefined {
    // The only sequences besides the scheduled step are always-empty return keys: nothing to match.
    if (spec.vr === 'SQ') return undefined;
    const value = readValue(raw);
    if (value.kind === 'bad') return `${keyword} has a value of an unexpected form`;
    if (value.kind === 'many') {
      if (spec.match !== 'uid') return `${keyword} may not have multiple values`;
      const uids = new Set(value.texts);
      this.request.predicates.push((row) => uids.has(spec.value(row)));
      return undefined;
    }
    const text = value.text;
    if (isUniversal(text)) return undefined;
    const target = PUSHDOWN[keyword];
    if (spec.match === 'date' || spec.match === 'time') {
      const range: Parsed<ValueRange> = spec.match === 'date' ? parseDateQuery(text) : parseTimeQuery(text);
      if (!range.ok) return `${keyword}: ${range.message}`;
      if (target) (this.request.store as Record<string, unknown>)[target] = range.value;
      else this.request.predicates.push((row) => inRange(spec.value(row), range.value));
      return undefined;
    }
    if (spec.match === 'empty') {
      // We hold no value for this attribute, so no item can match a specific one.
      this.request.predicates.push(() => false);
      return undefined;
    }
    if (target) (this.request.store as Record<string, unknown>)[target] = text;
    else this.request.predicates.push((row) => spec.value(row) === text);
    return undefined;
  }
}

function keysOf(elements: Elements): string[] {
  return Object.keys(elements).filter((k) => !k.startsWith('_') && !NOT_KEYS.has(k));
}

function parseSps(builder: QueryBuilder, raw: unknown): string | undefined {
  const items = Array.isArray(raw) ? raw : [];
  if (items.length > 1) return `${SPS_KEY} must have at most one item`;
  const item = items[0];
  if (item !== undefined && (typeof item !== 'object' || item === null))
    return `${SPS_KEY} item is malformed`;
  const keys = item ? keysOf(item as Elements) : [];
  // An empty sequence (or an empty item) asks for the whole scheduled step (C.2.2.2.6).
  if (keys.length === 0) {
    builder.request.sps = Object.keys(SPS_ATTRIBUTES);
    return undefined;
  }
  builder.request.sps = [];
  for (const key of keys) {
    const spec = SPS_ATTRIBUTES[key];
    if (!spec) {
      builder.request.unsupported.push(`${SPS_KEY}>${key}`);
      continue;
    }
    builder.request.sps.push(key);
    const error = builder.addKey(key, spec, (item as Elements)[key]);
    if (error) return error;
  }
  return undefined;
}

export function parseMwlIdentifier(elements: Elements): Parsed<MwlRequest> {
  const builder = new QueryBuilder();
  for (const key of keysOf(elements)) {
    if (key === SPS_KEY) {
      const error = parseSps(builder, elements[key]);
      if (error) return { ok: false, message: error };
      continue;
    }
    const spec = TOP_LEVEL_ATTRIBUTES[key];
    if (!spec) {
      builder.request.unsupported.push(key);
      continue;
    }
    builder.request.topLevel.push(key);
    const error = builder.addKey(key, spec, elements[key]);
    if (error) return { ok: false, message: error };
  }
  return { ok: true, value: builder.request };
}
