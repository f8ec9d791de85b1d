import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import { GENERIC_CODE_BY_STATUS, PG_INPUT_ERROR_CODES } from './http-error.filter';

/**
 * Codes any route may answer, whatever its feature: the filter's generic ones, database input
 * errors, the validation pipe's, and the access guard's.
 */
export const COMMON_ERROR_CODES = [
  ...Object.values(GENERIC_CODE_BY_STATUS),
  ...PG_INPUT_ERROR_CODES,
  'validation_failed',
  'forbidden',
  'record.not_found',
  'common.bad_upload',
  'common.rate_limited',
  'common.idempotency_key_reused',
  'common.idempotency_in_progress',
  'auth.token_invalid',
  'auth.session_expired',
  'auth.password_change_required',
  'auth.mfa_enrollment_required',
] as const;

/** Feature name (`Visits`) → its codes; filled by @ApiErrorResponses, read when the document is built. */
const FEATURE_CODES = new Map<string, readonly string[]>();

const STATUSES: Array<[number, string]> = [
  [400, '入力内容の誤り (invalid input); `details` names the fields'],
  [401, '認証が必要 (not signed in, or the session ended)'],
  [403, '権限がない (wrong role), or an account step is due'],
  [404, '見つからない、または所属外 (unknown id, or another station’s record)'],
  [409, '競合 (stale version, locked record, illegal transition, duplicate)'],
  [413, '大きすぎる (payload too large)'],
  [429, '回数制限 (too many requests; see Retry-After)'],
];

/**
 * Documents the error answers of every route of a controller: the contract's error body whose
 * `code` is this feature's enum `<Name>ErrorCode` (its own codes plus the common ones).
 */
export function ApiErrorResponses(name: string, codes: readonly string[]): ClassDecorator {
  FEATURE_CODES.set(name, codes);
  return applyDecorators(
    ...STATUSES.map(([status, description]) =>
      ApiResponse({ status, description, schema: { $ref: `#/components/schemas/${name}Error` } }),
    ),
  );
}

/** Adds `ErrorBody`, and `<Name>Error` / `<Name>ErrorCode` for every feature, to the document. */
export function addErrorSchemas(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components ??= {}).schemas ?? (document.components.schemas = {});
  schemas.FieldErrorDto = {
    type: 'object',
    required: ['field', 'message'],
    properties: { field: { type: 'string' }, message: { type: 'string' } },
  };
  for (const [name, codes] of FEATURE_CODES) {
    schemas[`${name}ErrorCode`] = {
      type: 'string',
      enum: [...new Set([...codes, ...COMMON_ERROR_CODES])].sort(),
    };
    schemas[`${name}Error`] = {
      type: 'object',
      description: 'API.md error body: clients decide on `code`, never on `message`',
      required: ['statusCode', 'error', 'message', 'code', 'requestId'],
      properties: {
        statusCode: { type: 'integer' },
        error: { type: 'string' },
        message: { type: 'string' },
        code: { $ref: `#/components/schemas/${name}ErrorCode` },
        details: { type: 'array', items: { $ref: '#/components/schemas/FieldErrorDto' } },
        requestId: { type: 'string' },
      },
      additionalProperties: true,
    };
  }
  return document;
}

/** Every documented code of a feature (tests keep these lists equal to what the code throws). */
export function documentedErrorCodes(): ReadonlyMap<string, readonly string[]> {
  return FEATURE_CODES;
}
