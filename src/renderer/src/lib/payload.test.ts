import { describe, expect, it } from 'vitest';
import { formatPayload } from './payload';

describe('formatPayload', () => {
  it('indents JSON', () => {
    expect(formatPayload('{"a":1,"b":[2]}', 'json')).toBe('{\n  "a": 1,\n  "b": [\n    2\n  ]\n}');
  });

  it('leaves invalid JSON as stored', () => {
    expect(formatPayload('{oops', 'json')).toBe('{oops');
  });

  it('puts each HL7 v2 segment on its own line', () => {
    expect(formatPayload('MSH|^~\\&|ML\rPID|1||9434765919\rORC|NW\r', 'hl7v2')).toBe(
      'MSH|^~\\&|ML\nPID|1||9434765919\nORC|NW',
    );
    expect(formatPayload('MSH|a\r\nPID|b', 'hl7v2')).toBe('MSH|a\nPID|b');
  });
});
