import { Controller, Get, Module } from '@nestjs/common';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import { HEALTH_ERROR_CODES } from './health.error-codes';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Access } from '../../../../libs/auth/access.decorator';
import { DomainError } from '../../../../libs/http/domain-error';

@ApiTags('health')
@ApiErrorResponses('Health', HEALTH_ERROR_CODES)
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @Access({ public: true })
  async health(): Promise<{ status: 'ok'; database: 'ok' }> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new DomainError(
        'unavailable',
        'health.database_down',
        'データベースに接続できません (database unavailable)',
      );
    }
    return { status: 'ok', database: 'ok' };
  }
}

@Module({ controllers: [HealthController] })
export class HealthModule {}
