import { breakUnits, canEndLine, canStartLine, kinsokuViolations, wrapJapanese } from './kinsoku';

/** Every character one em wide: widths are character counts. */
const em = (s: string): number => [...s].length;

describe('kinsoku (Japanese line breaking)', () => {
  it('knows which characters may start and end a line', () => {
    for (const ch of ['」', '）', '。', '、', 'ー', 'ッ', 'ょ', '・', '！'])
      expect(canStartLine(ch)).toBe(false);
    for (const ch of ['「', '（', '『', '【']) expect(canEndLine(ch)).toBe(false);
    expect(canStartLine('あ')).toBe(true);
    expect(canEndLine('」')).toBe(true);
  });

  it('keeps katakana words, Latin words and numbers whole, glues punctuation to what precedes', () => {
    expect(breakUnits('対応のエスカレーション。')).toEqual(['対', '応', 'の', 'エスカレーション。']);
    expect(breakUnits('「我が国」G7 広島')).toEqual(['「我', 'が', '国」', 'G7 ', '広', '島']);
    expect(breakUnits('15番20号')).toEqual(['15', '番', '20', '号']);
  });

  it('never starts a line with 」）。、ー, never ends one with 「（', () => {
    // Without kinsoku the 11th character 」 would begin line 2.
    const lines = wrapJapanese('あいうえおかきくけこ」さしすせそ', 10, em);
    expect(lines).toEqual(['あいうえおかきくけ', 'こ」さしすせそ']);
    expect(kinsokuViolations(lines)).toEqual([]);

    const opening = wrapJapanese('あいうえおかきくけ「こ」です。', 10, em);
    expect(opening[0].endsWith('「')).toBe(false);
    expect(opening).toEqual(['あいうえおかきくけ', '「こ」です。']);

    const comma = wrapJapanese('あいうえおかきくけこ、さし', 10, em);
    expect(comma[1].startsWith('、')).toBe(false);
    expect(kinsokuViolations(comma)).toEqual([]);
  });

  it('moves a katakana word to the next line instead of splitting it (エスカレーショ／ン)', () => {
    const lines = wrapJapanese('重大事案はエスカレーションする', 10, em);
    expect(lines).toEqual(['重大事案は', 'エスカレーションする']);
    expect(kinsokuViolations(lines)).toEqual([]);
  });

  it('breaks a unit longer than a line between characters, still by the rules', () => {
    const lines = wrapJapanese('サイバーセキュリティインシデントレスポンス', 8, em);
    expect(lines.every((l) => em(l) <= 8)).toBe(true);
    expect(lines.join('')).toBe('サイバーセキュリティインシデントレスポンス');
    expect(lines.some((l) => l.startsWith('ー') || l.startsWith('ィ'))).toBe(false);
    // ー would fall at the start of line 2: the character before it goes along (追い出し).
    const pushed = wrapJapanese('あいうえおかきくコーヒー', 9, em);
    expect(pushed).toEqual(['あいうえおかきく', 'コーヒー']);
    const long = wrapJapanese('アイウエオカキクーケコ', 8, em);
    expect(long).toEqual(['アイウエオカキ', 'クーケコ']);
  });

  it('keeps paragraphs and empty lines; honours a first-line width', () => {
    expect(wrapJapanese('あいう\n\nえお', 10, em)).toEqual(['あいう', '', 'えお']);
    expect(wrapJapanese('あいうえおかき', 5, em, { firstLineWidth: 3 })).toEqual(['あいう', 'えおかき']);
  });

  it('reports violations in broken text', () => {
    expect(kinsokuViolations(['あいう', '」です'])).toEqual([
      { line: 1, rule: 'line_start', text: '」です' },
    ]);
    expect(kinsokuViolations(['あいう「', 'です'])).toEqual([
      { line: 0, rule: 'line_end', text: 'あいう「' },
    ]);
    expect(kinsokuViolations(['エスカレーショ', 'ン'])).toEqual([
      { line: 0, rule: 'katakana_split', text: 'エスカレーショ／ン' },
    ]);
    expect(
      kinsokuViolations(['エスカレ', 'ーション'])
        .map((v) => v.rule)
        .sort(),
    ).toEqual(['katakana_split', 'line_start']);
  });
});
