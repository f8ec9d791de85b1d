import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
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

/** Every .ts/.tsx file of the web, tests and generated code left out. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'test' ? [] : sources(full);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.|\.gen\./.test(name) ? [full] : [];
  });
}

function has(resources: object, key: string): boolean {
  let node: unknown = resources;
  for (const part of key.split('.')) {
    if (!node || typeof node !== 'object' || !(part in node)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' || (node !== null && typeof node === 'object');
}

describe('user-visible strings', () => {
  it('exist in the Japanese resources for every literal key the screens use', () => {
    const root = path.resolve(__dirname, '..');
    const missing: string[] = [];
    let seen = 0;
    for (const file of sources(root)) {
      const text = readFileSync(file, 'utf8');
      // t('a.b'), t("a.b"), i18nKey="a.b", labelKey: 'a.b' — literal keys only; built keys are checked by their screens' tests
      const re = /(?:\bt\(\s*|i18nKey=|labelKey:\s*)['"]([a-zA-Z][\w-]*(?:\.[\w-]+)+)['"]/g;
      for (const m of text.matchAll(re)) {
        seen++;
        if (!has(ja, m[1])) missing.push(`${path.relative(root, file)}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
    // the scan reads the screens (a pattern that matched nothing would pass vacuously)
    expect(seen).toBeGreaterThan(500);
  });
});
