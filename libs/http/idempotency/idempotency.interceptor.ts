import {
  CallHandler,
  ExecutionContext,
  HttpStatus,
  Injectable,
  Logger,
  NestInterceptor,
  StreamableFile,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { catchError, from, mergeMap, Observable, of, throwError } from 'rxjs';
import { DataSource } from 'typeorm';
import type { RequestUser } from '../request-context';
import { IdempotencyErrors } from './idempotency.errors';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY = /^[\x21-\x7e]{1,255}$/;
const TTL = `interval '24 hours'`;
/** An unfinished key older than this is taken as abandoned (its process died) and may run again. */
const ABANDONED_AFTER = `interval '5 minutes'`;
/** How long a duplicate waits for the first request to finish before answering 409. */
const WAIT_MS = 10_000;
const POLL_MS = 50;
const SWEEP_EVERY = 100;

interface StoredAnswer {
  route: string;
  requestHash: Buffer;
  statusCode: number | null;
  responseBody: unknown;
}

/** The body in canonical JSON (object keys sorted), so equal bodies hash alike. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `Idempotency-Key` on POST creates (routes answering 201): the first request with a key inserts
 * a row (user, key) before its handler runs and stores its status and JSON body after; a retry
 * with the same key, route and body gets that answer again (`Idempotent-Replayed: true`) instead
 * of a second record; the same key with another route or body answers 409
 * `common.idempotency_key_reused`. A duplicate arriving while the first runs waits for its answer.
 * Failed requests keep nothing (the retry runs again). Keys last 24 hours, per user.
 * Not for multipart uploads (their body is read later, by the route's own interceptor).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('IdempotencyInterceptor');

  constructor(private readonly dataSource: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request & { user?: RequestUser }>();
    const res = context.switchToHttp().getResponse<Response>();
    const key = req.header(IDEMPOTENCY_HEADER);
    if (key === undefined || req.method !== 'POST' || !req.user || !this.creates(context))
      return next.handle();
    if (req.is('multipart/form-data')) return next.handle();
    if (!KEY.test(key)) throw IdempotencyErrors.badKey();
    const userId = req.user.id;
    const route = `POST ${req.originalUrl}`.slice(0, 2000);
    const hash = createHash('sha256').update(canonical(req.body)).digest();
    return from(this.begin(userId, key, route, hash)).pipe(
      mergeMap((stored) => {
        if (stored) {
          res.status(stored.statusCode ?? HttpStatus.OK);
          res.setHeader('Idempotent-Replayed', 'true');
          return of(stored.responseBody ?? undefined);
        }
        return next.handle().pipe(
          // The handler failed: nothing was created, so the key is let go and a retry runs again.
          catchError((err: unknown) =>
            from(this.release(userId, key)).pipe(mergeMap(() => throwError(() => err))),
          ),
          // The record exists: answer it even if storing the answer fails (a retry then waits and
          // gets 409 rather than creating a second record).
          mergeMap((body: unknown) =>
            from(
              this.finish(userId, key, res.statusCode, body).catch((err: unknown) =>
                this.logger.error({ err }, 'idempotency: the answer could not be stored'),
              ),
            ).pipe(mergeMap(() => of(body))),
          ),
        );
      }),
    );
  }

  /** POST routes that answer 201 (Nest's default for POST): the ones that create. */
  private creates(context: ExecutionContext): boolean {
    const code = Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined;
    return code === undefined || code === 201;
  }

  /**
   * Claims the key (null: run the handler) or returns the stored answer to replay. Throws when the
   * key was used for another request, or when the first is still running after WAIT_MS.
   */
  private async begin(
    userId: string,
    key: string,
    route: string,
    hash: Buffer,
  ): Promise<StoredAnswer | null> {
    if (Math.random() * SWEEP_EVERY < 1) await this.sweep();
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      // The unique (user, key) row is the lock: of concurrent duplicates exactly one inserts it.
      const claimed: unknown[] = await this.dataSource.query(
        `INSERT INTO idempotency_keys (user_id, key, route, request_hash, expires_at)
         VALUES ($1, $2, $3, $4, now() + ${TTL})
         ON CONFLICT (user_id, key) DO UPDATE SET
           route = EXCLUDED.route, request_hash = EXCLUDED.request_hash, status_code = NULL,
           response_body = NULL, created_at = now(), expires_at = EXCLUDED.expires_at
         WHERE idempotency_keys.expires_at <= now()
            OR (idempotency_keys.status_code IS NULL AND idempotency_keys.created_at < now() - ${ABANDONED_AFTER})
         RETURNING 1`,
        [userId, key, route, hash],
      );
      if (claimed.length > 0) return null;
      const rows: StoredAnswer[] = await this.dataSource.query(
        `SELECT route, request_hash AS "requestHash", status_code AS "statusCode", response_body AS "responseBody"
           FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
        [userId, key],
      );
      const stored = rows[0];
      if (!stored) continue; // the first request failed and let go of the key: run this one
      if (stored.route !== route || !stored.requestHash.equals(hash)) throw IdempotencyErrors.reused();
      if (stored.statusCode !== null) return stored;
      if (Date.now() > deadline) throw IdempotencyErrors.inProgress();
      await sleep(POLL_MS);
    }
  }

  private async finish(userId: string, key: string, statusCode: number, body: unknown): Promise<void> {
    // Only JSON answers are kept; anything else (a file, a stream) is not replayable.
    const json = body === undefined ? null : isJson(body) ? JSON.stringify(body) : undefined;
    if (json === undefined) return this.release(userId, key);
    await this.dataSource.query(
      `UPDATE idempotency_keys SET status_code = $3, response_body = $4::json WHERE user_id = $1 AND key = $2`,
      [userId, key, statusCode, json],
    );
  }

  private async release(userId: string, key: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND status_code IS NULL`,
      [userId, key],
    );
  }

  /** Deletes a batch of expired keys (index on expires_at). */
  async sweep(): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE (user_id, key) IN (
         SELECT user_id, key FROM idempotency_keys WHERE expires_at <= now() LIMIT 500)`,
    );
    return count;
  }
}

function isJson(value: unknown): boolean {
  if (value instanceof StreamableFile || Buffer.isBuffer(value)) return false;
  return typeof (value as { pipe?: unknown } | null)?.pipe !== 'function';
}
