/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the exact bytes both sides sign and verify, whatever
 * order a sender's JSON encoder wrote the keys in. Object keys are sorted by UTF-16 code units (what
 * JavaScript's default sort does); numbers and strings use ECMAScript serialisation, which JCS adopts.
 */
export class CanonicalJsonError extends Error {
  override name = 'CanonicalJsonError';
}
/**
 * One pass, appending to one string: both ends canonicalise every signed frame (several kilobytes of
 * payload), and at a clinic's pace that runs cold, so intermediate arrays and re-sorting already sorted
 * keys (the usual case) are what it avoids.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`${value} cannot be represented in JSON`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          const item: unknown = value[i];
          out += item === undefined ? 'null' : canonicalJson(item);
        }
        return out + ']';
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      if (!isSorted(keys)) keys.sort();
      let out = '{';
      let first = true;
      for (const key of keys) {
        const item = record[key];
        if (item === undefined) continue;
        out += (first ? '' : ',') + JSON.stringify(key) + ':' + canonicalJson(item);
        first = false;
      }
      return out + '}';
    }
    default:
      throw new CanonicalJsonError(`A ${typeof value} cannot be represented in JSON`);
  }
}
/** Keys in UTF-16 code-unit order already (what `sort()` would give). */
function isSorted(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}
