import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { DomainError, ErrorKind, FieldError } from './domain-error';
import { logSafeError } from './log-safe-error';

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unsupported_media: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  too_many_requests: HttpStatus.TOO_MANY_REQUESTS,
  gone: HttpStatus.GONE,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The code of an error that no feature named: one per status (API.md, "Errors carry a code"). */
export const GENERIC_CODE_BY_STATUS: Record<number, string> = {
  400: 'common.bad_request',
  401: 'auth.unauthenticated',
  403: 'common.forbidden',
  404: 'common.not_found',
  405: 'common.method_not_allowed',
  409: 'common.conflict',
  410: 'common.gone',
  413: 'common.too_large',
  415: 'common.unsupported_media_type',
  429: 'common.too_many_requests',
  500: 'common.internal',
  503: 'common.unavailable',
};

function genericCode(status: number): string {
  return GENERIC_CODE_BY_STATUS[status] ?? (status >= 500 ? 'common.internal' : 'common.bad_request');
}

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code: string;
  details?: FieldError[];
  requestId: string;
  [extra: string]: unknown;
}

/** PostgreSQL errors that mean the input was bad, not the server (e.g. a malformed uuid). */
const PG_INPUT_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  '22P02': {
    status: 400,
    code: 'common.invalid_value',
    message: '値の形式が正しくありません (invalid value)',
  },
  '22007': {
    status: 400,
    code: 'common.invalid_date',
    message: '日付の形式が正しくありません (invalid date)',
  },
  '22008': { status: 400, code: 'common.invalid_date', message: '日付が範囲外です (date out of range)' },
  '22003': { status: 400, code: 'common.out_of_range', message: '数値が範囲外です (number out of range)' },
  '22001': { status: 400, code: 'common.too_long', message: '文字数が多すぎます (value too long)' },
  '22021': {
    status: 400,
    code: 'common.invalid_character',
    message: '使用できない文字が含まれています (invalid character)',
  },
  '22P05': {
    status: 400,
    code: 'common.invalid_character',
    message: '使用できない文字が含まれています (invalid character)',
  },
  '23502': {
    status: 400,
    code: 'common.required',
    message: '必須の項目が空です (a required value is missing)',
  },
  '23505': { status: 409, code: 'common.duplicate', message: '同じ内容のデータが既に存在します (duplicate)' },
  '23503': {
    status: 400,
    code: 'common.unknown_reference',
    message: '参照先のデータが存在しません (unknown reference)',
  },
  '23514': {
    status: 400,
    code: 'common.constraint',
    message: '値が制約を満たしていません (constraint violated)',
  },
  '40001': {
    status: 409,
    code: 'common.concurrent_update',
    message: '同時に更新されました。もう一度お試しください (concurrent update)',
  },
  '40P01': {
    status: 409,
    code: 'common.concurrent_update',
    message: '同時に更新されました。もう一度お試しください (concurrent update)',
  },
};

/** The codes the database's input errors are answered with (documented for every route). */
export const PG_INPUT_ERROR_CODES = [...new Set(Object.values(PG_INPUT_ERRORS).map((e) => e.code))];

/** The one place that turns any thrown thing into API.md's error shape; never leaks internals. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();
    const requestId = String(req.id ?? '');
    const body = this.toBody(exception, requestId);
    if (body.statusCode >= 500) {
      // Without the values of the data: a failed statement's parameters, PostgreSQL's detail.
      this.logger.error({ err: logSafeError(exception), requestId }, 'unhandled error');
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    // 429s say when to come back (login locks, rate limits): the header as well as the body field.
    if (body.statusCode === 429 && typeof body.retryAfterSeconds === 'number')
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(body.retryAfterSeconds))));
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, requestId: string): ErrorBody {
    if (exception instanceof DomainError) {
      const statusCode = STATUS_BY_KIND[exception.kind];
      return {
        ...(exception.extra ?? {}),
        statusCode,
        error: REASON[statusCode] ?? 'Error',
        message: exception.message,
        code: exception.code,
        ...(exception.details ? { details: exception.details } : {}),
        requestId,
      };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const inner = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      const message = Array.isArray(inner)
        ? inner.join('; ')
        : typeof inner === 'string'
          ? inner
          : exception.message;
      return {
        statusCode,
        error: REASON[statusCode] ?? 'Error',
        message: this.localize(statusCode, message),
        code: genericCode(statusCode),
        requestId,
      };
    }
    if (exception instanceof QueryFailedError) {
      const driverError = exception.driverError as { code?: string; column?: string } | undefined;
      const code = driverError?.code ?? '';
      // Any other data exception (class 22: a value the column or function cannot take) is bad input too.
      const mapped = PG_INPUT_ERRORS[code] ?? (code.startsWith('22') ? PG_INPUT_ERRORS['22P02'] : undefined);
      if (mapped) {
        // PostgreSQL names the column of a NOT NULL violation: say which field, as the API does.
        const field = driverError?.column?.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
        return {
          statusCode: mapped.status,
          error: REASON[mapped.status],
          message: mapped.message,
          code: mapped.code,
          ...(field && mapped.status === 400 ? { details: [{ field, message: mapped.message }] } : {}),
          requestId,
        };
      }
    }
    // body-parser, multer and friends carry an HTTP status of their own.
    const status =
      (exception as { status?: unknown; statusCode?: unknown } | null)?.status ??
      (exception as { statusCode?: unknown } | null)?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return {
        statusCode: status,
        error: REASON[status] ?? 'Error',
        message: this.localize(status, ''),
        code: genericCode(status),
        requestId,
      };
    }
    const code = (exception as { code?: unknown } | null)?.code;
    if (code === 'LIMIT_FILE_SIZE') {
      return {
        statusCode: 413,
        error: REASON[413],
        message: this.localize(413, ''),
        code: 'common.too_large',
        requestId,
      };
    }
    if (typeof code === 'string' && code.startsWith('LIMIT_')) {
      return {
        statusCode: 400,
        error: REASON[400],
        message: 'アップロードの形式が正しくありません (bad upload)',
        code: 'common.bad_upload',
        requestId,
      };
    }
    return {
      statusCode: 500,
      error: REASON[500],
      message: '内部エラーが発生しました (internal error)',
      code: 'common.internal',
      requestId,
    };
  }

  private localize(status: number, fallback: string): string {
    switch (status) {
      case 400:
        // Parser messages (JSON syntax and the like) describe internals: answer in our own words.
        return 'リクエストの形式が正しくありません (malformed request)';
      case 401:
        return '認証が必要です (authentication required)';
      case 403:
        return 'この操作の権限がありません (forbidden)';
      case 404:
        return '見つかりません (not found)';
      case 413:
        return 'データが大きすぎます (payload too large)';
      case 415:
        return '対応していない形式です (unsupported media type)';
      default:
        return fallback || (REASON[status] ?? 'Error');
    }
  }
}
