import {
  corporateNumberCheckDigit,
  isDigits,
  isValidCorporateNumber,
  isValidIsoDate,
} from './register-validation';

describe('corporate number check digit', () => {
  it('accepts the NTA example 7000012050002', () => {
    expect(corporateNumberCheckDigit('000012050002')).toBe(7);
    expect(isValidCorporateNumber('7000012050002')).toBe(true);
  });

  it('rejects a wrong check digit, wrong length and non-digits', () => {
    expect(isValidCorporateNumber('8000012050002')).toBe(false);
    expect(isValidCorporateNumber('700001205000')).toBe(false);
    expect(isValidCorporateNumber('70000120500021')).toBe(false);
    expect(isValidCorporateNumber('700001205000a')).toBe(false);
    expect(isValidCorporateNumber('７000012050002')).toBe(false);
  });

  it('matches the generator for the sample numbers', () => {
    // Rows 1–3 of yamaguchi-sample.csv.
    for (const n of ['1500000007919', '2500000015838', '3500000023757'])
      expect(isValidCorporateNumber(n)).toBe(true);
  });
});

describe('isValidIsoDate', () => {
  it.each(['2015-10-05', '2024-02-29', '2000-02-29', '1999-12-31', '2023-04-30'])('accepts %s', (d) => {
    expect(isValidIsoDate(d)).toBe(true);
  });

  it.each([
    '2023-02-30',
    '2023-02-29',
    '1900-02-29',
    '2023-04-31',
    '2023-13-01',
    '2023-00-10',
    '2023-01-00',
    '0000-01-01',
    '2023/01/10',
    '2023-1-10',
    '20230110',
    '２０２３-01-10',
    '',
  ])('rejects %j', (d) => {
    expect(isValidIsoDate(d)).toBe(false);
  });
});

describe('isDigits', () => {
  it('checks length and ASCII digits', () => {
    expect(isDigits('35', 2)).toBe(true);
    expect(isDigits('3', 2)).toBe(false);
    expect(isDigits('3a', 2)).toBe(false);
    expect(isDigits('３５', 2)).toBe(false);
  });
});
