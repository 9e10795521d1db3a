import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAccessionNumber } from './accession-number';
import { BuilderError } from './builder-error';
import { checkAccessionNumber } from './field-rules';

describe('formatAccessionNumber', () => {
  it('formats ACC + date + upper-case hex (15 characters)', () => {
    expect(formatAccessionNumber('20260701', 'a3f9')).toBe('ACC20260701A3F9');
    expect(formatAccessionNumber('20261231', '0000')).toHaveLength(15);
  });

  it.each([
    ['2026071', 'a3f9', 'localDateYYYYMMDD'],
    ['20260230', 'a3f9', 'localDateYYYYMMDD'],
    ['2026-07-01', 'a3f9', 'localDateYYYYMMDD'],
    ['20260701', 'a3f', 'randomHex4'],
    ['20260701', 'a3fg', 'randomHex4'],
    ['20260701', 'a3f90', 'randomHex4'],
  ])('rejects (%j, %j) naming %s', (date, hex, field) => {
    expect(() => formatAccessionNumber(date, hex)).toThrow(BuilderError);
    try {
      formatAccessionNumber(date, hex);
    } catch (e) {
      expect((e as BuilderError).field).toBe(field);
    }
  });

  it('always yields a valid DICOM SH accession for any date and hex', () => {
    const date = fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true });
    const hex = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16).padStart(4, '0'));
    fc.assert(
      fc.property(date, hex, (d, h) => {
        const ymd = d.toISOString().slice(0, 10).replaceAll('-', '');
        const acc = formatAccessionNumber(ymd, h);
        expect(acc).toMatch(/^ACC\d{8}[0-9A-F]{4}$/);
        expect(checkAccessionNumber('accessionNumber', acc)).toBe(acc);
      }),
    );
  });
});
