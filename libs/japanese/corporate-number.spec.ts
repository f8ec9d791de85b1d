import {
  corporateNumberCheckDigit,
  isValidCorporateNumber,
  normalizeCorporateNumber,
  withCorporateNumberCheckDigit,
} from './corporate-number';

describe('corporate numbers (法人番号)', () => {
  it.each([
    ['7000012050002', 7], // 国税庁
    ['1500000007919', 1],
    ['2500000015838', 2],
  ])('%s has check digit %i', (n, check) => {
    expect(corporateNumberCheckDigit(n.slice(1))).toBe(check);
    expect(isValidCorporateNumber(n)).toBe(true);
    expect(withCorporateNumberCheckDigit(n.slice(1))).toBe(n);
  });

  it('computes the check digit by hand for a worked example', () => {
    // base 000012050002, from the right: P1=2 P5=5 P7=2 (×1), P8=1 (×2) → 11; 9 − 11 mod 9 = 7
    expect(corporateNumberCheckDigit('000012050002')).toBe(7);
  });

  it('gives 9 (never 0) when the weighted sum is a multiple of 9', () => {
    expect(corporateNumberCheckDigit('000000000000')).toBe(9);
    expect(corporateNumberCheckDigit('000000000009')).toBe(9);
    expect(isValidCorporateNumber('0000000000000')).toBe(false);
    expect(isValidCorporateNumber('9000000000000')).toBe(true);
  });

  it('rejects a wrong check digit and any single-digit typo', () => {
    expect(isValidCorporateNumber('8000012050002')).toBe(false);
    const valid = '7000012050002';
    for (let i = 1; i < 13; i++) {
      const d = Number(valid[i]);
      const typo = valid.slice(0, i) + String((d + 1) % 10) + valid.slice(i + 1);
      expect(isValidCorporateNumber(typo)).toBe(false);
    }
  });

  it.each([
    '',
    '700001205000',
    '70000120500021',
    '７000012050002',
    '7000-01205-0002',
    ' 7000012050002',
    'abcdefghijklm',
  ])('rejects malformed %j', (s) => expect(isValidCorporateNumber(s)).toBe(false));

  it('rejects non-strings', () => {
    expect(isValidCorporateNumber(null)).toBe(false);
    expect(isValidCorporateNumber(undefined)).toBe(false);
    expect(isValidCorporateNumber(7000012050002 as unknown as string)).toBe(false);
  });

  it('throws for a malformed base', () => {
    expect(() => corporateNumberCheckDigit('123')).toThrow(RangeError);
    expect(() => corporateNumberCheckDigit('００００１２０５０００２')).toThrow(RangeError);
  });

  it('normalizeCorporateNumber accepts full-width digits, spaces and hyphens', () => {
    expect(normalizeCorporateNumber('７０００ ０１２０ ５０００２')).toBe('7000012050002');
    expect(normalizeCorporateNumber('7-0000-1205-0002')).toBe('7000012050002');
    expect(normalizeCorporateNumber('8000012050002')).toBeNull();
    expect(normalizeCorporateNumber('')).toBeNull();
    expect(normalizeCorporateNumber(null)).toBeNull();
  });
});
