import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { vi } from 'vitest';
import type { Me } from '../api/types';
import { AuthContext } from '../auth/AuthContext';
import { Providers } from '../Providers';

export const officer: Me = {
  id: '11111111-1111-4111-8111-111111111111',
  username: 'tanaka',
  displayName: '田中 一郎',
  role: 'officer',
  stationId: '22222222-2222-4222-8222-222222222222',
  mustChangePassword: false,
  mfaEnabled: false,
  mfaEnrollmentRequired: false,
};

/** Render inside the app's providers with a signed-in user and a fresh query cache. */
export function renderWithApp(ui: ReactElement, opts: { user?: Me | null; route?: string } = {}) {
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const user = opts.user === undefined ? officer : opts.user;
  const auth = {
    user,
    status: user ? ('authenticated' as const) : ('anonymous' as const),
    login: vi.fn(),
    logout: vi.fn(),
  };
  return render(
    <Providers client={client}>
      <MemoryRouter initialEntries={[opts.route ?? '/']}>
        <AuthContext.Provider value={auth}>{ui}</AuthContext.Provider>
      </MemoryRouter>
    </Providers>,
  );
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/** Route fetch calls by "METHOD /path" (path without /api/v1 and query) to canned answers. */
export function mockFetch(
  routes: Record<string, (req: { url: URL; body: unknown }) => Response | Promise<Response>>,
) {
  const calls: { method: string; path: string; url: URL; body: unknown; headers: Headers }[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      'http://localhost',
    );
    const isRequest = typeof input === 'object' && 'method' in input;
    const method = (isRequest ? input.method : (init?.method ?? 'GET')).toUpperCase();
    const path = url.pathname.replace(/^\/api\/v1/, '');
    // the typed client (api/http.ts) sends a Request; the older helpers a URL with init
    const text = isRequest ? await input.clone().text() : init?.body;
    const body = typeof text === 'string' ? (text ? JSON.parse(text) : undefined) : text;
    const headers = new Headers(isRequest ? input.headers : init?.headers);
    calls.push({ method, path, url, body, headers });
    const handler = routes[`${method} ${path}`] ?? routes[`${method} *`];
    if (!handler) return jsonResponse({ items: [], total: 0, page: 1, pageSize: 50 });
    return handler({ url, body });
  });
  vi.stubGlobal('fetch', fn);
  return calls;
}
