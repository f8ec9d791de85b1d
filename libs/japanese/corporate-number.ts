/**
 * Corporate numbers (法人番号), National Tax Agency rule (法人番号の指定等に関する省令 第2条):
 * 13 digits, the first is a check digit computed over the 12-digit base.
 * For the base digits P1..P12 counted from the RIGHT, Qn = 1 for odd n and 2 for even n:
 *   check = 9 − (Σ Pn × Qn mod 9)        (so the check digit is 1..9, never 0)
 */

const BASE12 = /^[0-9]{12}$/;
const CORPORATE_NUMBER = /^[0-9]{13}$/;

/** Check digit (1..9) of a 12-digit base. Throws a RangeError unless `base12` is exactly 12 ASCII digits. */
export function corporateNumberCheckDigit(base12: string): number {
  if (!BASE12.test(base12)) {
    throw new RangeError(`corporate number base must be 12 ASCII digits: ${JSON.stringify(base12)}`);
  }
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const digit = base12.charCodeAt(12 - n) - 48;
    sum += n % 2 === 1 ? digit : digit * 2;
  }
  return 9 - (sum % 9);
}

/** True for exactly 13 ASCII digits whose first digit is the check digit of the remaining 12. */
export function isValidCorporateNumber(s: string | null | undefined): boolean {
  if (typeof s !== 'string' || !CORPORATE_NUMBER.test(s)) return false;
  return s.charCodeAt(0) - 48 === corporateNumberCheckDigit(s.slice(1));
}

/**
 * Lenient input → canonical 13 ASCII digits, or null when it is not a valid corporate number.
 * Accepts full-width digits and ignores spaces and hyphens ("１２３４-５６７８…", "7 0000 1205 0002").
 */
export function normalizeCorporateNumber(s: string | null | undefined): string | null {
  if (typeof s !== 'string') return null;
  const digits = s.normalize('NFKC').replace(/[\s\u002d\u2010-\u2015\u2212\u30fc]/gu, '');
  return isValidCorporateNumber(digits) ? digits : null;
}

/** The full 13-digit corporate number for a 12-digit base (check digit prepended). */
export function withCorporateNumberCheckDigit(base12: string): string {
  return `${corporateNumberCheckDigit(base12)}${base12}`;
}
