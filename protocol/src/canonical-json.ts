/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the exact bytes both sides sign and verify, whatever
 * order a sender's JSON encoder wrote the keys in. Object keys are sorted by UTF-16 code units (what
 * JavaScript's default sort does); numbers and strings use ECMAScript serialisation, which JCS adopts.
 */
export class CanonicalJsonError extends Error {
  override name = 'CanonicalJsonError';
}

export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`${value} cannot be represented in JSON`);
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value))
        return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
    }
    default:
      throw new CanonicalJsonError(`A ${typeof value} cannot be represented in JSON`);
  }
}
