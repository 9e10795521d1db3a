/**
 * A deliberately small HL7 v2 reader: enough to check what `buildHl7OrmO01` sends (tests) and to
 * read ACKs later. It splits segments → fields → repetitions → components → subcomponents and
 * unescapes only at the leaf, which is the order that makes escaped delimiters round-trip.
 *
 * Field numbering follows the standard, including the MSH quirk: MSH-1 is the field separator
 * itself and MSH-2 the encoding characters, so `MSH-9` is the message type as in the spec.
 */
import { type Hl7Delimiters, unescapeHl7 } from './hl7-escape';

export interface Hl7Segment {
  name: string;
  /** Raw (still escaped) fields; index n is field n (index 0 is the segment name). */
  fields: string[];
}

export interface Hl7Message {
  delimiters: Hl7Delimiters;
  segments: Hl7Segment[];
}

export class Hl7ParseError extends Error {
  override name = 'Hl7ParseError';
}

/** Parses a message whose segments end in `\r` (a trailing `\n` after each is tolerated). */
export function parseHl7(message: string): Hl7Message {
  if (!message.startsWith('MSH') || message.length < 8)
    throw new Hl7ParseError('message must start with an MSH segment');
  const field = message.charAt(3);
  const enc = message.slice(4, 8);
  const [component, repetition, escape, subcomponent] = [...enc] as [string, string, string, string];
  const delimiters: Hl7Delimiters = { field, component, repetition, escape, subcomponent };
  if (new Set([field, ...enc]).size !== 5)
    throw new Hl7ParseError(`MSH-2 "${enc}" does not hold four distinct encoding characters`);

  const segments = message
    .split('\r')
    .map((s) => s.replace(/^\n/, ''))
    .filter((s) => s !== '')
    .map((raw): Hl7Segment => {
      const parts = raw.split(field);
      const name = parts[0] ?? '';
      if (!/^[A-Z][A-Z0-9]{2}$/.test(name))
        throw new Hl7ParseError(`"${raw.slice(0, 20)}" does not start with a segment name`);
      // For MSH, insert MSH-1 (the separator) so that fields[n] is MSH-n like every other segment.
      return { name, fields: name === 'MSH' ? [name, field, ...parts.slice(1)] : parts };
    });
  return { delimiters, segments };
}

/** All segments with that name, in message order. */
export function segmentsNamed(msg: Hl7Message, name: string): Hl7Segment[] {
  return msg.segments.filter((s) => s.name === name);
}

/**
 * Reads one leaf value by terser-style path: `PID-5`, `PID-5.2`, `PV1-3.4.1`, with optional
 * repetition `PID-3(1).1` (0-based) and segment occurrence `OBR[1]-4` (0-based). Missing parts
 * read as '' (HL7 treats absent and empty alike). Values are unescaped; MSH-1/MSH-2 are returned
 * literally because they *are* the delimiters.
 */
export function hl7Get(msg: Hl7Message, path: string): string {
  const m = /^([A-Z][A-Z0-9]{2})(?:\[(\d+)\])?-(\d+)(?:\((\d+)\))?(?:\.(\d+))?(?:\.(\d+))?$/.exec(path);
  if (!m) throw new Hl7ParseError(`bad path "${path}"`);
  const [, name = '', occ = '0', fieldNo = '0', rep = '0', comp = '1', sub = '1'] = m;
  const seg = segmentsNamed(msg, name)[Number(occ)];
  if (!seg) return '';
  const raw = seg.fields[Number(fieldNo)] ?? '';
  if (name === 'MSH' && (fieldNo === '1' || fieldNo === '2')) return raw;
  const d = msg.delimiters;
  const leaf = (raw.split(d.repetition)[Number(rep)] ?? '').split(d.component)[Number(comp) - 1] ?? '';
  return unescapeHl7(leaf.split(d.subcomponent)[Number(sub) - 1] ?? '', d);
}
