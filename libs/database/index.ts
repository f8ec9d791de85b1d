export * from './base.entity';
export * from './data-source';
export * from './database-bootstrap';
export * from './embedded-postgres';
export * from './versioned-update';
