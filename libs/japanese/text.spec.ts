import {
  compareReading,
  escapeLikePattern,
  hiraganaToKatakana,
  isKatakanaReading,
  katakanaToHiragana,
  normalizeSearchText,
  readingSortKey,
  toKatakanaReading,
} from './text';

describe('hiraganaToKatakana / katakanaToHiragana', () => {
  it('converts the whole hiragana block incl. small kana, ゔ and iteration marks', () => {
    expect(hiraganaToKatakana('いわくに ぁゕゖゔゝゞ')).toBe('イワクニ ァヵヶヴヽヾ');
    expect(katakanaToHiragana('イワクニ ァヵヶヴヽヾ')).toBe('いわくに ぁゕゖゔゝゞ');
  });

  it('keeps everything else (kanji, ー, Latin) and returns the same string when nothing changes', () => {
    expect(hiraganaToKatakana('岩国市ー abc')).toBe('岩国市ー abc');
    expect(katakanaToHiragana('セキュリティー')).toBe('せきゅりてぃー');
  });
});

describe('normalizeSearchText', () => {
  it.each([['いわくに'], ['ｲﾜｸﾆ'], ['イワクニ'], [' イ ワ　ク ニ '], ['いワｸに']])('%s → イワクニ', (s) => {
    expect(normalizeSearchText(s)).toBe('イワクニ');
  });

  it('full-width Latin equals lower-case half-width', () => {
    expect(normalizeSearchText('ＡＢＣ')).toBe('abc');
    expect(normalizeSearchText('ＡＢＣ')).toBe(normalizeSearchText('abc'));
    expect(normalizeSearchText('Abc')).toBe('abc');
    expect(normalizeSearchText('１２３')).toBe('123');
  });

  it('composes half-width voiced marks', () => {
    expect(normalizeSearchText('ｶﾞｽ')).toBe('ガス');
    expect(normalizeSearchText('ﾊﾟﾅｿﾆｯｸ')).toBe(normalizeSearchText('ぱなそにっく'));
  });

  it('removes all whitespace incl. U+3000, tabs, newlines and the ・ separator', () => {
    expect(normalizeSearchText('岩国　市\t産業 振興部\n')).toBe('岩国市産業振興部');
    expect(normalizeSearchText('アイ・ビー・エム')).toBe('アイビーエム');
    expect(normalizeSearchText('ｱｲ･ﾋﾞｰ･ｴﾑ')).toBe('アイビーエム');
  });

  it('finds 岩国 in 岩国市産業振興部 (substring on normalised text)', () => {
    expect(normalizeSearchText('岩国市 産業振興部').includes(normalizeSearchText(' 岩国 '))).toBe(true);
  });

  it('unifies hyphen-like characters but keeps ー inside katakana words', () => {
    const variants = ['1-2-3', '1‐2‐3', '1−2−3', '１－２－３', '1ー2ー3', '1―2―3', '1–2–3'];
    for (const v of variants) expect(normalizeSearchText(v)).toBe('1-2-3');
    expect(normalizeSearchText('セキュリティー')).toBe('セキュリティー');
    expect(normalizeSearchText('ｾｷｭﾘﾃｨｰ')).toBe('セキュリティー');
    expect(normalizeSearchText('CDーROM')).toBe('cd-rom');
  });

  it('unifies wave dash and tildes', () => {
    expect(normalizeSearchText('9時〜17時')).toBe(normalizeSearchText('9時～17時'));
  });

  it('applies NFKC compatibility mappings (㈱, ①)', () => {
    expect(normalizeSearchText('㈱岩国')).toBe('(株)岩国');
    expect(normalizeSearchText('①')).toBe('1');
  });

  it('is idempotent and handles empty input', () => {
    for (const s of ['いわくに', 'ＡＢＣ　ｄｅｆ', '1ー2', 'ｶﾞｽ・電力']) {
      expect(normalizeSearchText(normalizeSearchText(s))).toBe(normalizeSearchText(s));
    }
    expect(normalizeSearchText('')).toBe('');
    expect(normalizeSearchText(null)).toBe('');
    expect(normalizeSearchText(undefined)).toBe('');
  });
});

describe('escapeLikePattern', () => {
  it('escapes LIKE wildcards and the escape character', () => {
    expect(escapeLikePattern('100%_a\\b')).toBe('100\\%\\_a\\\\b');
    expect(escapeLikePattern('岩国')).toBe('岩国');
  });
});

describe('toKatakanaReading', () => {
  it.each([
    ['やまだ たろう', 'ヤマダ タロウ'],
    ['ﾔﾏﾀﾞ ﾀﾛｳ', 'ヤマダ タロウ'],
    ['ヤマダ　タロウ', 'ヤマダ タロウ'],
    ['  やまだ　 　たろう  ', 'ヤマダ タロウ'],
    ['ｾｷｭﾘﾃｨｰ', 'セキュリティー'],
    ['せきゅりてぃー', 'セキュリティー'],
    ['セキュリティ-', 'セキュリティー'],
    ['ｾｷｭﾘﾃｨ-', 'セキュリティー'],
    ['ｱｲ･ﾋﾞｰ･ｴﾑ', 'アイ・ビー・エム'],
    ['ﾊﾟﾅｿﾆｯｸ', 'パナソニック'],
    ['\u304b\u3099', 'ガ'], // decomposed が
  ])('%j → %j', (input, expected) => {
    expect(toKatakanaReading(input)).toBe(expected);
  });

  it('keeps non-kana characters so that validation can reject them', () => {
    expect(toKatakanaReading('山田たろう')).toBe('山田タロウ');
    expect(toKatakanaReading('ＡＢＣ')).toBe('ＡＢＣ');
    expect(toKatakanaReading(null)).toBe('');
  });
});

describe('isKatakanaReading', () => {
  it.each([
    'ヤマダ タロウ',
    'ヤマダ　タロウ',
    'セキュリティー',
    'アイ・ビー・エム',
    'ヴァイオリン',
    'ヶ',
    'サヽキ',
    'ㇰㇱ',
  ])('accepts %j', (s) => expect(isKatakanaReading(s)).toBe(true));

  it.each([
    '',
    ' ',
    'ー',
    '・',
    'やまだ',
    'ﾔﾏﾀﾞ',
    '山田',
    'ヤマダ1',
    'ABC',
    'ヽヾ',
    'ヤマダ-タロウ',
    'ヤマダ（タロウ）',
    null,
    undefined,
  ])('rejects %j', (s) => expect(isKatakanaReading(s)).toBe(false));

  it('accepts the output of toKatakanaReading for kana input', () => {
    for (const s of ['やまだ たろう', 'ﾔﾏﾀﾞ ﾀﾛｳ', 'ｾｷｭﾘﾃｨｰ', 'いわくにしょうこうかいぎしょ']) {
      expect(isKatakanaReading(toKatakanaReading(s))).toBe(true);
    }
  });
});

describe('readingSortKey / compareReading', () => {
  it('ignores spaces, middle dots and the script of the input', () => {
    expect(readingSortKey('やまだ　たろう')).toBe('ヤマダタロウ');
    expect(compareReading('ﾔﾏﾀﾞ ﾀﾛｳ', 'やまだたろう')).toBe(0);
  });

  it('sorts in gojūon order', () => {
    const names = ['ワキチョウ', 'いわくに', 'カ', 'アイ', 'ｻｸﾗ'];
    expect([...names].sort(compareReading)).toEqual(['アイ', 'いわくに', 'カ', 'ｻｸﾗ', 'ワキチョウ']);
  });
});
