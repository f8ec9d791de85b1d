import { QueryFailedError } from 'typeorm';
import type { ArgumentsHost } from '@nestjs/common';
import { HttpErrorFilter } from './http-error.filter';
import { assertCleanInput, findInputProblems, MAX_INPUT_DEPTH } from './input-guard';

describe('findInputProblems', () => {
  it('passes ordinary input, emoji (surrogate pairs) and kana included', () => {
    expect(findInputProblems({ name: '株式会社😀ｱｲｳ', tags: ['a', 'b'], n: 1, x: null, ok: true })).toEqual(
      [],
    );
  });

  it('names the field of a NUL or a lone surrogate, in values and in keys', () => {
    expect(
      findInputProblems({
        name: 'a\u0000b',
        speakers: [{ name: 'ok' }, { name: '\ud800' }],
        email: 'x\udc00y',
        'bad\u0000key': 1,
      }),
    ).toEqual([
      { field: 'name', message: expect.stringContaining('NUL') },
      { field: 'speakers[1].name', message: expect.stringContaining('surrogate') },
      { field: 'email', message: expect.stringContaining('surrogate') },
      { field: 'bad\uFFFDkey', message: expect.stringContaining('NUL') },
    ]);
    expect(findInputProblems('a\u0000', 'q')).toEqual([
      { field: 'q', message: expect.stringContaining('NUL') },
    ]);
  });

  it('refuses prototype keys by name', () => {
    const body = JSON.parse('{"__proto__":{"admin":true},"constructor":1,"nested":{"hasOwnProperty":1}}');
    expect(findInputProblems(body).map((p) => p.field)).toEqual([
      '__proto__',
      'constructor',
      'nested.hasOwnProperty',
    ]);
  });

  it(`refuses nesting deeper than ${MAX_INPUT_DEPTH} levels without recursing`, () => {
    const ok = JSON.parse('['.repeat(MAX_INPUT_DEPTH) + ']'.repeat(MAX_INPUT_DEPTH));
    expect(findInputProblems(ok)).toEqual([]);
    const deep = JSON.parse('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000));
    const [problem] = findInputProblems({ notes: deep });
    expect(problem.field).toBe(`notes${'.a'.repeat(MAX_INPUT_DEPTH - 1)}`);
    expect(problem.message).toContain('入れ子が深すぎます');
  });

  it('throws a validation error with details', () => {
    expect(() => assertCleanInput({ q: '\u0000' })).toThrow(
      expect.objectContaining({ kind: 'invalid', details: [expect.objectContaining({ field: 'q' })] }),
    );
  });
});

describe('HttpErrorFilter: PostgreSQL input errors are 400, never 500', () => {
  function answer(exception: unknown): { status: number; body: Record<string, unknown> } {
    const out = { status: 0, body: {} as Record<string, unknown> };
    const res = {
      headersSent: false,
      status(s: number) {
        out.status = s;
        return this;
      },
      json(b: Record<string, unknown>) {
        out.body = b;
      },
    };
    const host = {
      switchToHttp: () => ({ getRequest: () => ({ id: 'r1' }), getResponse: () => res }),
    } as unknown as ArgumentsHost;
    new HttpErrorFilter().catch(exception, host);
    return out;
  }
  const pgError = (code: string, column?: string) =>
    new QueryFailedError('UPDATE …', [], Object.assign(new Error('pg'), { code, column }));

  it.each([
    ['22021', 'common.invalid_character'],
    ['22P05', 'common.invalid_character'],
    ['22003', 'common.out_of_range'],
    ['22025', 'common.invalid_value'],
  ])('%s → 400 %s', (code, expected) => {
    expect(answer(pgError(code))).toMatchObject({ status: 400, body: { code: expected, requestId: 'r1' } });
  });

  it('23502 names the column as the API field', () => {
    expect(answer(pgError('23502', 'display_name'))).toMatchObject({
      status: 400,
      body: { code: 'common.required', details: [{ field: 'displayName', message: expect.any(String) }] },
    });
  });
});
