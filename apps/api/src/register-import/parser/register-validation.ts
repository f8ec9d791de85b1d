/** Allocation-free field checks used per row (no regular expressions on the hot path). */

const ZERO = 48;
const NINE = 57;
const DASH = 45;

/** True when `s` is exactly `length` ASCII digits. */
export function isDigits(s: string, length: number): boolean {
  if (s.length !== length) return false;
  for (let i = 0; i < length; i++) {
    const c = s.charCodeAt(i);
    if (c < ZERO || c > NINE) return false;
  }
  return true;
}

/** True when `s` is one or more ASCII digits. */
export function isUnsignedInteger(s: string): boolean {
  return s.length > 0 && s.length <= 15 && isDigits(s, s.length);
}

/**
 * Check digit of a corporate number for its 12-digit base P: with P1..P12 counted from the right,
 * check = 9 − (Σ Pn·Qn mod 9), Qn = 1 for odd n and 2 for even n.
 */
export function corporateNumberCheckDigit(base12: string): number {
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const digit = base12.charCodeAt(12 - n) - ZERO;
    sum += (n & 1) === 1 ? digit : digit * 2;
  }
  return 9 - (sum % 9);
}

/** A 13-digit corporate number whose first digit is the check digit of the remaining 12. */
export function isValidCorporateNumber(s: string): boolean {
  return isDigits(s, 13) && s.charCodeAt(0) - ZERO === corporateNumberCheckDigit(s.slice(1));
}

function twoDigits(s: string, at: number): number {
  return (s.charCodeAt(at) - ZERO) * 10 + (s.charCodeAt(at + 1) - ZERO);
}

/** A real calendar date written YYYY-MM-DD (year 0001–9999, leap years honoured). */
export function isValidIsoDate(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== DASH || s.charCodeAt(7) !== DASH) return false;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const c = s.charCodeAt(i);
    if (c < ZERO || c > NINE) return false;
  }
  const year = twoDigits(s, 0) * 100 + twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  if (year === 0 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
