import { Controller, Get, Query } from '@nestjs/common';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import { AUDIT_TRAIL_ERROR_CODES } from './audit-trail.error-codes';
import { ApiPageResponse } from '../../../../libs/http/api-responses';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsDateString, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { Injectable } from '@nestjs/common';
import { Access, CurrentUser } from '../../../../libs/auth/access.decorator';
import { scopeSql } from '../../../../libs/auth/station-scope';
import { Page, PageQueryDto, pageRequest, toPage } from '../../../../libs/http/pagination';
import type { RequestUser } from '../../../../libs/http/request-context';

export class AuditEventQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) entityType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) entityId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() actorId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) action?: string;
  @ApiPropertyOptional({ description: 'ISO date or timestamp' }) @IsOptional() @IsDateString() from?: string;
  @ApiPropertyOptional({ description: 'ISO date or timestamp (a date includes that whole day in JST)' })
  @IsOptional()
  @IsDateString()
  to?: string;
}

export class AuditEventDto {
  @ApiProperty() id: string;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorUsername: string | null;
  @ApiProperty({ nullable: true, type: String, description: "the actor's display name" })
  actorName: string | null;
  @ApiProperty() action: string;
  @ApiProperty() entityType: string;
  @ApiProperty({ nullable: true, type: String }) entityId: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'what the record is called now (organization, partner, seminar, meeting, user, station; a visit or contact by its organization), for people reading the trail; null when it has no name or is gone',
  })
  entityLabel: string | null;
  @ApiProperty({ nullable: true, type: String }) stationId: string | null;
  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    description: 'field → {before, after}; other shapes for events such as exports',
  })
  changes: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;
  @ApiProperty({ nullable: true, type: String }) clientIp: string | null;
}

/** A bare calendar date means that day in Japan. */
const bound = (value: string, end: boolean) =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T${end ? '24:00:00' : '00:00:00'}+09:00` : value;

@Injectable()
export class AuditTrailRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(user: RequestUser, q: AuditEventQueryDto): Promise<Page<AuditEventDto>> {
    const page = pageRequest(
      q,
      { occurredAt: 'occurred_at', action: 'action', entityType: 'entity_type' },
      '-occurredAt',
    );
    const params: unknown[] = [];
    const where = [scopeSql(user, 'station_id', params)];
    if (q.entityType) where.push(`entity_type = $${params.push(q.entityType)}`);
    if (q.entityId) where.push(`entity_id = $${params.push(q.entityId)}`);
    if (q.actorId) where.push(`actor_id = $${params.push(q.actorId)}`);
    if (q.action) where.push(`action = $${params.push(q.action)}`);
    if (q.from) where.push(`occurred_at >= $${params.push(bound(q.from, false))}::timestamptz`);
    if (q.to) where.push(`occurred_at < $${params.push(bound(q.to, true))}::timestamptz`);
    const sqlWhere = where.join(' AND ');
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM (SELECT 1 FROM audit_events WHERE ${sqlWhere} LIMIT 10001) t`,
      params,
    );
    const outerOrder = pageRequest(
      q,
      { occurredAt: 'e."occurredAt"', action: 'e.action', entityType: 'e."entityType"' },
      '-occurredAt',
      'e.id',
    ).orderBy;
    // The page's names are looked up for its rows only (primary-key lookups, ≤ pageSize rows).
    const items = await this.dataSource.query(
      `SELECT e.id, e."occurredAt", e."actorId", e."actorUsername", e.action, e."entityType", e."entityId",
              e."stationId", e.changes, e."requestId", e."clientIp",
              (SELECT u.display_name FROM users u WHERE u.id = e."actorId") AS "actorName",
              CASE WHEN e."entityId" ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
                CASE e."entityType"
                  WHEN 'organization' THEN (SELECT o.name FROM organizations o WHERE o.id = e."entityId"::uuid)
                  WHEN 'partner' THEN (SELECT p.name FROM partners p WHERE p.id = e."entityId"::uuid)
                  WHEN 'seminar' THEN (SELECT s.title FROM seminars s WHERE s.id = e."entityId"::uuid)
                  WHEN 'council_meeting' THEN
                    (SELECT coalesce(m.title, to_char(m.held_on, 'YYYY-MM-DD'))
                       FROM council_meetings m WHERE m.id = e."entityId"::uuid)
                  WHEN 'user' THEN (SELECT u.display_name FROM users u WHERE u.id = e."entityId"::uuid)
                  WHEN 'station' THEN (SELECT st.name FROM stations st WHERE st.id = e."entityId"::uuid)
                  WHEN 'visit' THEN
                    (SELECT o.name || ' ' || to_char(v.visited_on, 'YYYY-MM-DD')
                       FROM visits v JOIN organizations o ON o.id = v.organization_id
                      WHERE v.id = e."entityId"::uuid)
                  WHEN 'contact' THEN
                    (SELECT o.name FROM contacts c JOIN organizations o ON o.id = c.organization_id
                      WHERE c.id = e."entityId"::uuid)
                END
              END AS "entityLabel"
         FROM (SELECT id, occurred_at AS "occurredAt", actor_id AS "actorId", actor_username AS "actorUsername",
                      action, entity_type AS "entityType", entity_id AS "entityId", station_id AS "stationId",
                      changes, request_id AS "requestId", client_ip AS "clientIp"
                 FROM audit_events WHERE ${sqlWhere} ORDER BY ${page.orderBy}
                LIMIT $${params.length + 1} OFFSET $${params.length + 2}) e
        ORDER BY ${outerOrder}`,
      [...params, page.pageSize, page.offset],
    );
    return toPage(items, Math.min(total, 10000), page, total > 10000);
  }
}

@ApiTags('audit')
@ApiErrorResponses('AuditTrail', AUDIT_TRAIL_ERROR_CODES)
@Controller('api/v1/audit-events')
export class AuditTrailController {
  constructor(private readonly repo: AuditTrailRepository) {}

  /** Managers see their own station's trail; hq and admins see all. */
  @Get()
  @Access({ roles: ['manager', 'hq', 'admin'] })
  @ApiPageResponse(AuditEventDto)
  list(@CurrentUser() user: RequestUser, @Query() query: AuditEventQueryDto): Promise<Page<AuditEventDto>> {
    return this.repo.list(user, query);
  }
}
