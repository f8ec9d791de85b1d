export * from './open-register-stream';
export * from './register-codes';
export * from './register-row';
export * from './register-validation';
export * from './frame-register-records';
