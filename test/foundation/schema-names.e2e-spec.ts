import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The OpenAPI document names each schema by its class: two API classes of one name overwrite each
 * other there, and the web's generated types silently describe the wrong shape (it happened:
 * duplicates' DuplicateCandidateDto replaced the organizations' possible-duplicate shape).
 */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory()
      ? files(full)
      : name.endsWith('.ts') && !name.endsWith('.spec.ts')
        ? [full]
        : [];
  });
}

describe('API schema names', () => {
  it('are unique across features', () => {
    const root = path.resolve(__dirname, '..', '..');
    const seen = new Map<string, string[]>();
    for (const file of [...files(path.join(root, 'apps/api/src')), ...files(path.join(root, 'libs'))]) {
      for (const m of readFileSync(file, 'utf8').matchAll(/^export class (\w+)\b/gm)) {
        if (!/(Dto|Response|Query)$/.test(m[1])) continue;
        seen.set(m[1], [...(seen.get(m[1]) ?? []), path.relative(root, file)]);
      }
    }
    const clashes = [...seen].filter(([, where]) => where.length > 1);
    expect(clashes).toEqual([]);
    expect(seen.size).toBeGreaterThan(100);
  });
});
