import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHl7, unescapeHl7 } from './hl7-escape';
import { hl7Get, Hl7ParseError, parseHl7 } from './hl7-parse';

describe('escapeHl7 / unescapeHl7', () => {
  it('escapes every delimiter and the segment terminator', () => {
    expect(escapeHl7('a|b^c&d~e\\f')).toBe('a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f');
    expect(escapeHl7('line1\r\nline2')).toBe('line1\\X0D\\\\X0A\\line2');
    expect(escapeHl7('Zoë Ó Súilleabháin')).toBe('Zoë Ó Súilleabháin');
  });

  it('unescapes standard and hex sequences and keeps unknown ones verbatim', () => {
    expect(unescapeHl7('a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f')).toBe('a|b^c&d~e\\f');
    expect(unescapeHl7('\\XC3A9\\')).toBe('é');
    expect(unescapeHl7('\\H\\bold\\N\\')).toBe('\\H\\bold\\N\\');
  });

  it('round-trips any text (property)', () => {
    const nasty = fc.string({
      unit: fc.constantFrom('|', '^', '&', '~', '\\', '\r', '\n', '\t', 'a', 'é', 'X', '0', 'F', 'S'),
    });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme' }), nasty), (s) => {
        const escaped = escapeHl7(s);
        expect(escaped).not.toMatch(/[|^&~\r\n]/);
        expect(unescapeHl7(escaped)).toBe(s);
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips through a parsed message at any component position (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), (components) => {
        const message = `MSH|^~\\&|A|B|C|D|20260101000000+0000||ORM^O01|1|P|2.4\rZZZ|1|${components.map((c) => escapeHl7(c)).join('^')}`;
        const parsed = parseHl7(message);
        expect(parsed.segments).toHaveLength(2);
        components.forEach((c, i) => expect(hl7Get(parsed, `ZZZ-2.${i + 1}`)).toBe(c));
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseHl7', () => {
  const msg = parseHl7('MSH|^~\\&|APP|FAC\rPID|1||111^^^NHS^NH~222^^^X^MR||A&B^C\rOBR|1\rOBR|2\r');

  it('numbers MSH fields like the standard', () => {
    expect(hl7Get(msg, 'MSH-1')).toBe('|');
    expect(hl7Get(msg, 'MSH-2')).toBe('^~\\&');
    expect(hl7Get(msg, 'MSH-3')).toBe('APP');
  });

  it('reads repetitions, subcomponents and segment occurrences', () => {
    expect(hl7Get(msg, 'PID-3.1')).toBe('111');
    expect(hl7Get(msg, 'PID-3(1).5')).toBe('MR');
    expect(hl7Get(msg, 'PID-5.1.2')).toBe('B');
    expect(hl7Get(msg, 'OBR[1]-1')).toBe('2');
    expect(hl7Get(msg, 'PV1-1')).toBe('');
    expect(hl7Get(msg, 'PID-30')).toBe('');
  });

  it('rejects what is not HL7', () => {
    expect(() => parseHl7('PID|1')).toThrow(Hl7ParseError);
    expect(() => parseHl7('MSH|^^\\&|')).toThrow(/four distinct/);
    expect(() => hl7Get(msg, 'PID.3')).toThrow(/bad path/);
  });
});
