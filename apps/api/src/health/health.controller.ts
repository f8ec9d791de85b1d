import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { HealthCheckResult } from '@nestjs/terminus';
import { Access } from '../../../../libs/auth/access.decorator';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import { HEALTH_ERROR_CODES } from './health.error-codes';
import { HealthService } from './health.service';

const CHECKS_SCHEMA = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    properties: { status: { type: 'string', enum: ['up', 'down'] } },
    required: ['status'],
  },
};

/** Probes for load balancers and orchestrators; public, no data. */
@ApiTags('health')
@ApiErrorResponses('Health', HEALTH_ERROR_CODES)
@Controller('health')
export class HealthController {
  constructor(private readonly service: HealthService) {}

  /** The database answers (kept as it was; the browser tests and older probes use it). */
  @Get()
  @Access({ public: true })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['status', 'database'],
      properties: { status: { type: 'string', enum: ['ok'] }, database: { type: 'string', enum: ['ok'] } },
    },
  })
  async health(): Promise<{ status: 'ok'; database: 'ok' }> {
    await this.service.databaseAnswers();
    return { status: 'ok', database: 'ok' };
  }

  /** The process runs and serves HTTP (nothing else is checked: restart it when this fails). */
  @Get('live')
  @Access({ public: true })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['status'],
      properties: { status: { type: 'string', enum: ['ok'] } },
    },
  })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready for requests: database, migrations, job queue (503 `health.not_ready` otherwise). */
  @Get('ready')
  @Access({ public: true })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['status', 'info', 'error', 'details'],
      properties: {
        status: { type: 'string', enum: ['ok'] },
        info: CHECKS_SCHEMA,
        error: CHECKS_SCHEMA,
        details: CHECKS_SCHEMA,
      },
    },
  })
  ready(): Promise<HealthCheckResult> {
    return this.service.readiness();
  }
}
