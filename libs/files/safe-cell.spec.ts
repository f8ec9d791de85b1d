import { isFormulaLike, safeCellText, stripXmlInvalidChars } from './safe-cell';

describe('safeCellText (formula injection)', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+cmd', "'+cmd"],
    ['-2', "'-2"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\tfoo', "'\tfoo"],
    ['\rfoo', "'\rfoo"],
    ['=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'],
    ['-1+2', "'-1+2"],
  ])('%j → %j', (input, expected) => {
    expect(safeCellText(input)).toBe(expected);
    expect(isFormulaLike(input)).toBe(true);
  });

  it.each(['', '-', 'abc', '岩国市', '1+1', ' =1', "'=1", 'a=b', '２＝１', '0'])('%j stays as is', (s) => {
    expect(safeCellText(s)).toBe(s);
    expect(isFormulaLike(s)).toBe(false);
  });
});

describe('stripXmlInvalidChars', () => {
  it('removes control characters XML cannot carry but keeps tab, LF, CR', () => {
    expect(stripXmlInvalidChars('a\u0000b\u0007c\u000bd\u001fe\uffff')).toBe('abcde');
    expect(stripXmlInvalidChars('a\tb\nc\rd 岩国')).toBe('a\tb\nc\rd 岩国');
  });
});
