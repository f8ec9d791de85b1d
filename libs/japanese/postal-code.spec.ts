import { formatPostalCode, normalizePostalCode } from './postal-code';

describe('normalizePostalCode', () => {
  it.each([
    '7400018',
    '740-0018',
    '７４０００１８',
    '７４０－００１８',
    '〒740-0018',
    '〒 740-0018',
    '〒７４０ー００１８',
    ' 740‐0018 ',
    '740−0018',
    '〶740-0018',
  ])('%j → 7400018', (s) => {
    expect(normalizePostalCode(s)).toBe('7400018');
  });

  it.each([
    '',
    '740-018',
    '74000180',
    '740--0018',
    '7400-018',
    'abc-defg',
    '〒',
    '740 0018x',
    null,
    undefined,
  ])('rejects %j', (s) => expect(normalizePostalCode(s)).toBeNull());
});

describe('formatPostalCode', () => {
  it('formats with a hyphen', () => {
    expect(formatPostalCode('7400018')).toBe('740-0018');
    expect(formatPostalCode('〒７４０００１８')).toBe('740-0018');
  });

  it('returns unrecognised values unchanged (trimmed)', () => {
    expect(formatPostalCode(' 不明 ')).toBe('不明');
  });
});
