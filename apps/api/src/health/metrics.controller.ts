import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access } from '../../../../libs/auth/access.decorator';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import { MetricsService } from '../../../../libs/observability/metrics.service';
import { HEALTH_ERROR_CODES } from './health.error-codes';

/**
 * Prometheus metrics: for an admin's token here, or without a token on METRICS_PORT (a port
 * of its own, for the monitoring network only; see docs/deployment.md).
 */
@ApiTags('health')
@ApiErrorResponses('Health', HEALTH_ERROR_CODES)
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Access({ roles: ['admin'] })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text format', schema: { type: 'string' } })
  async metricsText(@Res({ passthrough: true }) res: Response): Promise<string> {
    const { contentType, body } = await this.metrics.render();
    res.setHeader('Content-Type', contentType);
    return body;
  }
}
