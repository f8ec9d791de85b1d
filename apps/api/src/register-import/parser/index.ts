export * from './open-register-stream';
export * from './parse-register-rows';
export * from './register-codes';
export * from './register-row';
export * from './register-validation';
