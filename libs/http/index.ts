export * from './domain-error';
export * from './http-error.filter';
export * from './pagination';
export * from './params';
export * from './request-context';
export * from './validation';
export * from './date-range';
export * from './input-guard';
