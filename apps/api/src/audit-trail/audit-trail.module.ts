import { Module } from '@nestjs/common';
import { AuditTrailController, AuditTrailRepository } from './audit-trail.controller';

@Module({ controllers: [AuditTrailController], providers: [AuditTrailRepository] })
export class AuditTrailModule {}
