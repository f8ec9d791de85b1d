import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/** `Idempotency-Key` on every POST that creates (a global interceptor). */
@Module({
  providers: [IdempotencyInterceptor, { provide: APP_INTERCEPTOR, useExisting: IdempotencyInterceptor }],
  exports: [IdempotencyInterceptor],
})
export class IdempotencyModule {}
