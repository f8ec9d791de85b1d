/**
 * What the typed client (http.ts) builds on: the bearer token from sessionStorage, the
 * contract's error shape turned into `ApiError`, authenticated downloads (blob + object URL)
 * and uploads with progress (XMLHttpRequest, since fetch cannot report upload progress).
 * JSON requests are made only through http.ts, whose types come from the server's document.
 */

import type { components } from './schema.gen';

export const API_BASE = '/api/v1';
const TOKEN_KEY = 'outreach.token';

/** A field-level problem of a 400, as the contract declares it. */
export type FieldError = components['schemas']['FieldErrorDto'];

/** Every code any route may answer: the union of the features' `*ErrorCode` enums. */
export type ErrorCode = components['schemas'][Extract<keyof components['schemas'], `${string}ErrorCode`>];

/**
 * The contract's error body (any feature's `*Error` schema). Partial: a proxy or a crash may
 * answer with less, and `extra` fields (currentStatus, existingId, …) ride along.
 */
type ContractError = Pick<components['schemas']['VisitsError'], 'error' | 'details' | 'requestId'>;
export type ApiErrorBody = Partial<ContractError> & {
  statusCode: number;
  message?: string | string[];
  code?: ErrorCode | (string & {});
  [extra: string]: unknown;
};

export class ApiError extends Error {
  readonly status: number;
  readonly body: ApiErrorBody;
  readonly retryAfter: number | null;

  constructor(status: number, body: ApiErrorBody, retryAfter: number | null = null) {
    const msg = Array.isArray(body.message) ? body.message.join('\n') : (body.message ?? body.error ?? '');
    super(msg || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
    this.retryAfter = retryAfter;
  }

  get details(): FieldError[] {
    return Array.isArray(this.body.details) ? this.body.details : [];
  }

  get requestId(): string | undefined {
    return this.body.requestId;
  }

  /** `visit.locked`, `organization.stale_version`, …; empty when the answer carried none. */
  get code(): ErrorCode | '' {
    return typeof this.body.code === 'string' ? (this.body.code as ErrorCode) : '';
  }

  /** Someone saved a newer version of the record: the only case for the conflict dialog. */
  get isStaleVersion(): boolean {
    return this.code.endsWith('.stale_version');
  }

  /** Field errors keyed by field path; the first message wins for a field. */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.details) {
      if (d && typeof d.field === 'string' && !(d.field in out)) out[d.field] = d.message;
    }
    return out;
  }
}

/** The request never got an HTTP answer (offline, DNS, CORS, aborted). */
export class NetworkError extends Error {
  constructor(message = 'network error') {
    super(message);
    this.name = 'NetworkError';
  }
}

/* ---------- token ---------- */

export const tokenStore = {
  get(): string | null {
    try {
      return sessionStorage.getItem(TOKEN_KEY);
    } catch {
      return null;
    }
  },
  set(token: string): void {
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  clear(): void {
    try {
      sessionStorage.removeItem(TOKEN_KEY);
    } catch {
      /* storage unavailable */
    }
  },
};

type UnauthorizedHandler = (error: ApiError) => void;
let onUnauthorized: UnauthorizedHandler | null = null;

/** Called on a 401 from any request except the login itself (the session ended). */
export function setUnauthorizedHandler(handler: UnauthorizedHandler | null): void {
  onUnauthorized = handler;
}

/* ---------- query strings ---------- */

export type QueryValue = string | number | boolean | null | undefined | Array<string | number>;
export type QueryParams = Record<string, QueryValue>;

export function buildQuery(params?: QueryParams): string {
  if (!params) return '';
  const sp = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      for (const v of value) sp.append(key, String(v));
    } else {
      sp.append(key, String(value));
    }
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

export function apiUrl(path: string, params?: QueryParams): string {
  return `${API_BASE}${path.startsWith('/') ? path : `/${path}`}${buildQuery(params)}`;
}

/* ---------- errors ---------- */

function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const n = Number(value);
  if (Number.isFinite(n)) return n;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.round((at - Date.now()) / 1000));
}

/** Turn a status + body text into an ApiError, whatever the body turned out to be. */
export function toApiError(status: number, text: string, retryAfter: string | null = null): ApiError {
  let body: ApiErrorBody = { statusCode: status };
  if (text) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object') body = { statusCode: status, ...parsed };
    } catch {
      body = { statusCode: status, message: text.slice(0, 500) };
    }
  }
  return new ApiError(status, body, parseRetryAfter(retryAfter));
}

function isLoginPath(path: string): boolean {
  return path.startsWith('/auth/login');
}

function handleUnauthorized(path: string, err: ApiError): void {
  if (err.status === 401 && !isLoginPath(path) && onUnauthorized) onUnauthorized(err);
}

/** For the typed client (http.ts): `path` is the full URL path, `/api/v1/...`. */
export function setUnauthorizedFromClient(fullPath: string, err: ApiError): void {
  handleUnauthorized(fullPath.startsWith(API_BASE) ? fullPath.slice(API_BASE.length) : fullPath, err);
}

/* JSON requests go through the typed client (http.ts), generated from the server's contract. */

/* ---------- downloads ---------- */

/** File name from Content-Disposition, preferring the RFC 5987 `filename*=UTF-8''…` form. */
export function filenameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      /* fall through */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain ? plain[1].trim() : fallback;
}

/** Fetch a file with the bearer token and hand it to the browser as a download. */
export async function download(
  path: string,
  params: QueryParams | undefined,
  fallbackName: string,
): Promise<string> {
  const headers: Record<string, string> = {};
  const token = tokenStore.get();
  if (token) headers.Authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(apiUrl(path, params), { headers });
  } catch (e) {
    throw new NetworkError(e instanceof Error ? e.message : String(e));
  }
  if (!res.ok) {
    const err = toApiError(res.status, await res.text().catch(() => ''), res.headers.get('Retry-After'));
    handleUnauthorized(path, err);
    throw err;
  }
  const blob = await res.blob();
  const name = filenameFromDisposition(res.headers.get('Content-Disposition'), fallbackName);
  saveBlob(blob, name);
  return name;
}

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/* ---------- uploads with progress ---------- */

export interface UploadProgress {
  loaded: number;
  total: number;
  /** 0..1, or null when the browser cannot tell the total */
  ratio: number | null;
  /** true once the body is sent and the server is working on it */
  processing: boolean;
}

export function upload<T>(
  path: string,
  form: FormData,
  opts: { params?: QueryParams; onProgress?: (p: UploadProgress) => void; signal?: AbortSignal } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl(path, opts.params));
    xhr.setRequestHeader('Accept', 'application/json');
    const token = tokenStore.get();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      opts.onProgress?.({
        loaded: e.loaded,
        total: e.total,
        ratio: e.lengthComputable && e.total > 0 ? e.loaded / e.total : null,
        processing: false,
      });
    };
    xhr.upload.onload = () => {
      opts.onProgress?.({ loaded: 1, total: 1, ratio: 1, processing: true });
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
        } catch {
          reject(new ApiError(xhr.status, { statusCode: xhr.status, message: 'invalid JSON response' }));
        }
        return;
      }
      const err = toApiError(xhr.status, xhr.responseText, xhr.getResponseHeader('Retry-After'));
      handleUnauthorized(path, err);
      reject(err);
    };
    xhr.onerror = () => reject(new NetworkError());
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    if (opts.signal) {
      if (opts.signal.aborted) {
        reject(new DOMException('aborted', 'AbortError'));
        return;
      }
      opts.signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    xhr.send(form);
  });
}
