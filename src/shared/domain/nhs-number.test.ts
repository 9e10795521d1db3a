import { describe, expect, it } from 'vitest';
import { formatNhsNumber, isValidNhsNumber, nhsCheckDigit } from './nhs-number';

describe('NHS number', () => {
  it('accepts the NHS example number and rejects a wrong check digit', () => {
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('943 476 5919')).toBe(true);
    expect(isValidNhsNumber('9434765918')).toBe(false);
  });

  it('rejects numbers whose check digit would be 10', () => {
    // 123456789: weighted sum 210 → 11 - (210 % 11) = 10, so no valid number starts with these nine digits.
    expect(nhsCheckDigit('123456789')).toBeNull();
    expect(isValidNhsNumber('1234567890')).toBe(false);
  });

  it('rejects wrong lengths and letters', () => {
    expect(isValidNhsNumber('943476591')).toBe(false);
    expect(isValidNhsNumber('94347659190')).toBe(false);
    expect(isValidNhsNumber('94347A5919')).toBe(false);
  });

  it('formats as 3-3-4 for display', () => {
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
    expect(formatNhsNumber('not a number')).toBe('not a number');
  });
});
