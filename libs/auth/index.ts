export * from './access.decorator';
export * from './auth.errors';
export * from './auth.module';
export * from './password';
export * from './session.service';
export * from './station-scope';
export * from './entities/station.entity';
export * from './entities/user.entity';
