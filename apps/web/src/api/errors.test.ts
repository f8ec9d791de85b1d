import { afterEach, describe, expect, it, vi } from 'vitest';
import i18n from '../i18n';
import { jsonResponse } from '../test/render';
import {
  ApiError,
  buildQuery,
  filenameFromDisposition,
  NetworkError,
  setUnauthorizedHandler,
  toApiError,
  tokenStore,
} from './client';
import { describeError, errorMessageKey, fieldError, loginErrorMessage } from './errors';
import { http, unwrap } from './http';

const t = i18n.getFixedT('ja');
const tEn = i18n.getFixedT('en');

afterEach(() => {
  setUnauthorizedHandler(null);
  vi.unstubAllGlobals();
});

describe('error shape', () => {
  it('parses the contract error body', () => {
    const err = toApiError(
      400,
      JSON.stringify({
        statusCode: 400,
        error: 'Bad Request',
        message: '入力内容に誤りがあります',
        details: [
          { field: 'corporateNumber', message: 'チェックデジットが一致しません' },
          { field: 'corporateNumber', message: 'second message' },
          { field: 'attendees[0].name', message: '必須です' },
        ],
        requestId: 'req-1',
      }),
    );
    expect(err.status).toBe(400);
    expect(err.requestId).toBe('req-1');
    expect(err.fieldErrors).toEqual({
      corporateNumber: 'チェックデジットが一致しません',
      'attendees[0].name': '必須です',
    });
    expect(fieldError(err.fieldErrors, 'attendees.0.name')).toBe('必須です');
  });

  it('survives bodies that are not JSON', () => {
    const err = toApiError(502, '<html>Bad gateway</html>');
    expect(err.status).toBe(502);
    expect(err.details).toEqual([]);
    expect(errorMessageKey(err)).toBe('errors.server');
  });

  it('reads Retry-After', () => {
    expect(toApiError(429, '{}', '120').retryAfter).toBe(120);
  });
});

describe('messages in the user language', () => {
  const cases: [number, string][] = [
    [400, 'errors.badRequest'],
    [401, 'errors.unauthorized'],
    [403, 'errors.forbidden'],
    [404, 'errors.notFound'],
    [409, 'errors.conflictState'],
    [413, 'errors.tooLarge'],
    [415, 'errors.unsupportedMedia'],
    [429, 'errors.tooMany'],
    [500, 'errors.server'],
  ];
  it.each(cases)('maps %i to %s', (status, key) => {
    expect(errorMessageKey(new ApiError(status, { statusCode: status }))).toBe(key);
  });

  it('a stale version is "someone saved first"; any other 409 says what happened', () => {
    const stale = new ApiError(409, {
      statusCode: 409,
      code: 'visit.stale_version',
      message: '他の利用者が…',
    });
    const locked = new ApiError(409, {
      statusCode: 409,
      code: 'visit.locked',
      message:
        '現在の状態（承認済み）の活動記録は編集できません (only draft or returned visits can be edited)',
    });
    expect(errorMessageKey(stale)).toBe('errors.conflict');
    expect(describeError(locked, t).message).toBe('現在の状態（承認済み）の活動記録は編集できません');
    expect(describeError(locked, t).code).toBe('visit.locked');
  });

  it('links a duplicate to the record that exists', () => {
    const dup = new ApiError(409, {
      statusCode: 409,
      code: 'organization.duplicate_corporate_number',
      message: '法人番号 … は既に登録されています',
      existingId: 'o1',
      existingName: '岩国精機',
    });
    expect(describeError(dup, t).existing).toEqual({ id: 'o1', name: '岩国精機' });
  });

  it('maps network failures and unknown errors', () => {
    expect(errorMessageKey(new NetworkError())).toBe('errors.network');
    expect(errorMessageKey(new Error('x'))).toBe('errors.unknown');
  });

  it('describes in Japanese and English, with field errors and the server detail', () => {
    const err = new ApiError(404, {
      statusCode: 404,
      error: 'Not Found',
      message: 'organization not found',
      requestId: 'r9',
    });
    const ja = describeError(err, t);
    expect(ja.message).toBe('データが見つかりません。削除されたか、閲覧権限がありません。');
    expect(ja.detail).toBe('organization not found');
    expect(ja.requestId).toBe('r9');
    expect(describeError(err, tEn).message).toMatch(/^Not found/);

    const invalid = new ApiError(400, {
      statusCode: 400,
      message: 'validation failed',
      details: [{ field: 'name', message: '必須です' }],
    });
    const d = describeError(invalid, t);
    expect(d.fields).toEqual({ name: '必須です' });
    expect(d.detail).toBeUndefined();
  });

  it('words login failures without telling unknown user from wrong password', () => {
    expect(loginErrorMessage(new ApiError(401, { statusCode: 401 }), t)).toBe(
      'ユーザー名またはパスワードが正しくありません。',
    );
    expect(loginErrorMessage(new ApiError(429, { statusCode: 429 }), t)).toMatch(/ロック/);
    expect(loginErrorMessage(new ApiError(429, { statusCode: 429 }, 300), t)).toMatch(/約5分後/);
  });
});

describe('the typed client (http.ts)', () => {
  it('sends the bearer token and JSON, and answers the parsed body', async () => {
    tokenStore.set('tok-1');
    const fetchMock = vi.fn(async (_request: Request) => jsonResponse({ id: 'x' }));
    vi.stubGlobal('fetch', fetchMock);
    const res = await unwrap(http.POST('/api/v1/auth/login', { body: { username: 'a', password: 'b' } }));
    expect(res).toEqual({ id: 'x' });
    const request = fetchMock.mock.calls[0][0];
    expect(new URL(request.url).pathname).toBe('/api/v1/auth/login');
    expect(request.headers.get('Authorization')).toBe('Bearer tok-1');
    expect(await request.text()).toBe('{"username":"a","password":"b"}');
  });

  it('turns an error answer into ApiError with its code, and calls the session-ended handler on 401 except for the login', async () => {
    const handler = vi.fn();
    setUnauthorizedHandler(handler);
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        jsonResponse({ statusCode: 401, message: 'expired', code: 'auth.session_expired' }, 401),
      ),
    );
    const err: unknown = await unwrap(http.GET('/api/v1/organizations')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('auth.session_expired');
    expect(handler).toHaveBeenCalledTimes(1);
    await expect(
      unwrap(http.POST('/api/v1/auth/login', { body: { username: 'a', password: 'b' } })),
    ).rejects.toBeInstanceOf(ApiError);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('turns fetch failures into NetworkError', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(unwrap(http.GET('/api/v1/organizations'))).rejects.toBeInstanceOf(NetworkError);
  });

  it('builds query strings without empty values', () => {
    expect(buildQuery({ q: '岩国', page: 1, sector: undefined, tier: '', ids: ['a', 'b'] })).toBe(
      '?q=%E5%B2%A9%E5%9B%BD&page=1&ids=a&ids=b',
    );
  });

  it('reads download file names, including RFC 5987 Japanese names', () => {
    expect(filenameFromDisposition(`attachment; filename="visits.csv"`, 'x')).toBe('visits.csv');
    expect(
      filenameFromDisposition(
        `attachment; filename="report.pdf"; filename*=UTF-8''%E6%9C%9F%E9%96%93%E5%A0%B1%E5%91%8A.pdf`,
        'x',
      ),
    ).toBe('期間報告.pdf');
    expect(filenameFromDisposition(null, 'fallback.xlsx')).toBe('fallback.xlsx');
  });
});
