import { describe, expect, it } from 'vitest';
import en from './en.json';
import ja from './ja.json';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('translations', () => {
  it('has the same keys in Japanese and English', () => {
    expect(keys(en).sort()).toEqual(keys(ja).sort());
  });
  it('has no empty strings', () => {
    const empty = (o: object) =>
      keys(o).filter(
        (k) => k.split('.').reduce<unknown>((a, p) => (a as Record<string, unknown>)[p], o) === '',
      );
    expect(empty(ja)).toEqual([]);
    expect(empty(en)).toEqual([]);
  });
});
