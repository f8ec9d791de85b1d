import { ParseUUIDPipe } from '@nestjs/common';
import { CommonErrors } from './domain-error';

/** `:id` path parameters: a malformed uuid is an unknown id (404), never a database error. */
export const UuidParam = new ParseUUIDPipe({
  version: undefined,
  exceptionFactory: () => CommonErrors.notFound('record'),
});
