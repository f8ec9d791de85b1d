import { Controller, Get, Injectable, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { AuditService } from '../../../../libs/audit/audit.service';
import { Access, CurrentUser } from '../../../../libs/auth/access.decorator';
import { attachmentDisposition, PDF_CONTENT_TYPE } from '../../../../libs/files/http';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import { UuidParam } from '../../../../libs/http/params';
import type { RequestUser } from '../../../../libs/http/request-context';
import { VISITS_ERROR_CODES } from './visits.errors';
import { VisitsService } from './visits.service';
import { visitRecordPdf } from './visit-record.document';

export class VisitRecordQueryDto {
  @ApiPropertyOptional({ enum: ['pdf'], default: 'pdf' })
  @IsOptional()
  @IsIn(['pdf'], { message: 'format は pdf です (format must be pdf)' })
  format?: 'pdf';
}

/** The visit record sheet with its 決裁欄, for printing and filing. */
@Injectable()
export class VisitRecordService {
  constructor(
    private readonly visits: VisitsService,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async pdf(user: RequestUser, id: string): Promise<{ buffer: Buffer; filename: string }> {
    // the same rules as reading the visit: scope, drafts only for their officers, hq without names
    const visit = await this.visits.get(user, id);
    const [topics, partners, stations] = await Promise.all([
      this.dataSource.query(
        `SELECT code, label_ja AS label FROM code_list_items WHERE kind = 'topic' AND code = ANY($1::text[])`,
        [visit.topics],
      ),
      this.dataSource.query(`SELECT id, name FROM partners WHERE id = ANY($1::uuid[])`, [
        visit.jointPartnerIds,
      ]),
      this.dataSource.query(`SELECT name FROM stations WHERE id = $1`, [visit.stationId]),
    ]);
    const buffer = await visitRecordPdf(visit, {
      topics: Object.fromEntries(topics.map((r: { code: string; label: string }) => [r.code, r.label])),
      partners: Object.fromEntries(partners.map((r: { id: string; name: string }) => [r.id, r.name])),
      stationName: stations[0]?.name ?? null,
    });
    // a record with the names of the firm's people leaves the system: audited like an export
    await this.dataSource.transaction((tx) =>
      this.audit.record(tx, {
        action: 'export.visit_record',
        entityType: 'visit',
        entityId: visit.id,
        stationId: visit.stationId,
        changes: { format: 'pdf' },
      }),
    );
    return { buffer, filename: `訪問記録票_${visit.organizationName}_${visit.visitedOn}.pdf` };
  }
}

@ApiTags('visits')
@ApiErrorResponses('Visits', VISITS_ERROR_CODES)
@Controller('api/v1/visits')
export class VisitRecordController {
  constructor(private readonly records: VisitRecordService) {}

  /** 訪問記録票 (PDF): the record with its 決裁欄 — approver, date and time, and the return history. */
  @Get(':id/record')
  @Access({ roles: ['officer', 'manager', 'hq'] })
  @ApiProduces(PDF_CONTENT_TYPE)
  @ApiOkResponse({ description: 'the record sheet', schema: { type: 'string', format: 'binary' } })
  async record(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Query() _query: VisitRecordQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.records.pdf(user, id);
    res.setHeader('Content-Type', PDF_CONTENT_TYPE);
    res.setHeader('Content-Disposition', attachmentDisposition(file.filename));
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(file.buffer);
  }
}
