export * from './pg-throttler.storage';
export * from './rate-limit.errors';
export * from './rate-limit.guard';
export * from './rate-limit.module';
