/**
 * Payloads as a person reads them: JSON indented, HL7 v2 one segment per line (segments are
 * separated by carriage returns on the wire, which a browser would run together).
 */
export function formatPayload(payload: string, format: 'json' | 'hl7v2'): string {
  if (format === 'hl7v2') return payload.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    // Show what was stored rather than nothing: the point of this view is diagnosing bad messages.
    return payload;
  }
}
