/**
 * NHS numbers: 10 digits, the last a modulus-11 check digit over the first nine (weights 10..2).
 * A remainder giving check digit 10 means the number is invalid; 11 maps to 0.
 */
export function nhsCheckDigit(firstNine: string): number | null {
  if (!/^\d{9}$/.test(firstNine)) return null;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

export function isValidNhsNumber(value: string): boolean {
  const digits = value.replace(/\s+/g, '');
  if (!/^\d{10}$/.test(digits)) return false;
  return nhsCheckDigit(digits.slice(0, 9)) === Number(digits[9]);
}

/** Formats as NHS staff read it: `943 476 5919`. Leaves anything that is not 10 digits unchanged. */
export function formatNhsNumber(value: string): string {
  const digits = value.replace(/\s+/g, '');
  if (!/^\d{10}$/.test(digits)) return value;
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}
