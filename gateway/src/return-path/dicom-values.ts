/**
 * Reading values out of dcmjs's naturalised elements, as dcmjs-dimse hands them to the SCPs: strings
 * (still padded), numbers, arrays for multiple values (and for sequences), `{Alphabetic}` for names,
 * `ArrayBuffer`s for bulk data. These helpers never throw: a value of an unexpected form reads as absent.
 */
export type Elements = Record<string, unknown>;

/** The first value as trimmed text; '' when absent or not text-like. */
export function text(raw: unknown): string {
  if (typeof raw === 'string') return raw.replace(/^[\s\0]+|[\s\0]+$/g, '');
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (Array.isArray(raw)) return raw.length > 0 ? text(raw[0]) : '';
  return '';
}

/** All values as trimmed texts (a multi-valued string arrives as an array, or as one `a\b` string). */
export function texts(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.flatMap(texts);
  const one = text(raw);
  return one === '' ? [] : one.split('\\').map((t) => t.trim());
}

/** The first value as a finite number (DS/IS arrive as strings or numbers); undefined otherwise. */
export function num(raw: unknown): number | undefined {
  const t = text(raw);
  if (t === '') return undefined;
  const value = Number(t.split('\\')[0]);
  return Number.isFinite(value) ? value : undefined;
}

/** A sequence's items that are objects; [] when absent or malformed. */
export function items(raw: unknown): Elements[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter((item): item is Elements => typeof item === 'object' && item !== null);
}

/**
 * Digits and dots, at most 64 characters. Deliberately looser than PS3.5 9.1 (leading zeros in a
 * component are tolerated): real modalities send such UIDs, and refusing an image over it helps nobody.
 */
export function isUid(value: string): boolean {
  return value.length > 0 && value.length <= 64 && /^[0-9]+(\.[0-9]+)*$/.test(value);
}
