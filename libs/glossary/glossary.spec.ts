import { ENUM_LABELS, labelOf, sqlLabels, TERMS } from './index';

describe('the glossary', () => {
  it('gives the screens’ words for codes, in SQL too', () => {
    expect(labelOf(ENUM_LABELS.visitFormat, 'on_site')).toBe('訪問');
    expect(labelOf(ENUM_LABELS.visitFormat, 'unknown')).toBe('unknown');
    expect(TERMS.visitFormat).toBe('形態');
    expect(sqlLabels('v.x', { a: "O'Brien" })).toBe(`CASE v.x WHEN 'a' THEN 'O''Brien' ELSE v.x END`);
  });
});
