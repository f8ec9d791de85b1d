/**
 * The typed client for the API: openapi-fetch over the types generated from the server's
 * OpenAPI document (schema.gen.ts, `npm run openapi`). A request body or a read field that the
 * server does not declare fails `npm run check`. Feature data layers (`features/<f>/api.ts`) call
 * it; screens call their hooks.
 */
import createClient from 'openapi-fetch';
import {
  ApiError,
  buildQuery,
  NetworkError,
  setUnauthorizedFromClient,
  tokenStore,
  toApiError,
} from './client';
import type { components, paths } from './schema.gen';

/** Every schema of the contract by name: `Schemas['VisitDto']`. */
export type Schemas = components['schemas'];

export const http = createClient<paths>({
  // absolute, so a Request can be built outside a page too (tests)
  baseUrl: typeof location === 'undefined' ? '' : location.origin,
  // looked up per call, so a stubbed fetch (tests) or a patched one is used
  fetch: (request: Request) => globalThis.fetch(request),
  // Same rules as the rest of the app: empty values are left out, arrays repeat their key.
  querySerializer: (query) => buildQuery(query as Parameters<typeof buildQuery>[0]).replace(/^\?/, ''),
});

http.use({
  onRequest({ request }) {
    const token = tokenStore.get();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    request.headers.set('Accept', 'application/json');
    return request;
  },
  // A 401 on any route but the login means the session ended: the UI signs the user out.
  async onResponse({ request, response }) {
    if (response.status === 401) {
      const err = toApiError(401, await response.clone().text(), response.headers.get('Retry-After'));
      setUnauthorizedFromClient(new URL(request.url).pathname, err);
    }
    return response;
  },
});

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The answer's data, or an ApiError carrying the contract's `code`, `details` and `requestId`.
 */
export async function unwrap<T>(pending: Promise<FetchResult<T>>): Promise<Exclude<T, undefined>> {
  let result: FetchResult<T>;
  try {
    result = await pending;
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    if (e instanceof ApiError) throw e;
    throw new NetworkError(e instanceof Error ? e.message : String(e));
  }
  const { response } = result;
  if (!response.ok) {
    const body = result.error;
    const err =
      body && typeof body === 'object'
        ? new ApiError(
            response.status,
            { statusCode: response.status, ...body },
            retryAfterSeconds(response.headers.get('Retry-After')),
          )
        : toApiError(
            response.status,
            typeof body === 'string' ? body : '',
            response.headers.get('Retry-After'),
          );
    throw err;
  }
  return result.data as Exclude<T, undefined>;
}

function retryAfterSeconds(value: string | null): number | null {
  return toApiError(429, '', value).retryAfter;
}

/** The `Idempotency-Key` header of a create, when the form gave one (useSaveForm's attempt). */
export function idempotencyHeader(key: string | undefined): Record<string, string> {
  return key ? { 'Idempotency-Key': key } : {};
}
