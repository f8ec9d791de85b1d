import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, diffChanges } from '../../../../libs/audit/audit.service';
import { stationForWrite } from '../../../../libs/auth/station-scope';
import { updateVersioned } from '../../../../libs/database/versioned-update';
import { CommonErrors } from '../../../../libs/http/domain-error';
import { assertDateRange } from '../../../../libs/http/date-range';
import { Page, pageRequest, toPage } from '../../../../libs/http/pagination';
import type { RequestUser } from '../../../../libs/http/request-context';
import {
  addDays,
  isIsoDate,
  jstDateOf,
  jstStartOfDay,
  todayJst,
  toJstIsoString,
} from '../../../../libs/japanese/jst';
import { ConsultationErrors } from './consultations.errors';
import { ConsultationRow, ConsultationsRepository, seesRestrictedContent } from './consultations.repository';
import {
  ConsultationDto,
  ConsultationListQueryDto,
  CreateConsultationDto,
  UpdateConsultationDto,
} from './dto/consultation.dto';

const iso = (d: Date | null): string | null => (d ? toJstIsoString(new Date(d)) : null);

function toDto(row: ConsultationRow): ConsultationDto {
  return {
    ...row,
    receivedAt: iso(row.receivedAt)!,
    escalatedAt: iso(row.escalatedAt),
    closedAt: iso(row.closedAt),
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  };
}

const AUDITED = ['receivedAt', 'category', 'summary', 'handling', 'escalated', 'status', 'restricted'];

/** 相談・事案: consultations and incidents reported by organizations. */
@Injectable()
export class ConsultationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ConsultationsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(user: RequestUser, q: ConsultationListQueryDto): Promise<Page<ConsultationDto>> {
    const page = pageRequest(
      q,
      {
        receivedAt: 'c.received_at',
        category: 'c.category',
        status: 'c.status',
        organizationName: 'o.sort_key',
        createdAt: 'c.created_at',
      },
      '-receivedAt',
      'c.id',
    );
    assertDateRange(q);
    const { items, total, capped } = await this.repo.list(
      user,
      {
        receivedFrom: q.from ? jstStartOfDay(q.from) : undefined,
        receivedBefore: q.to ? jstStartOfDay(addDays(q.to, 1)) : undefined,
        organizationId: q.organizationId,
        category: q.category,
        status: q.status,
        escalated: q.escalated === undefined ? undefined : q.escalated === 'true',
        restricted: q.restricted === undefined ? undefined : q.restricted === 'true',
      },
      page.orderBy,
      page.pageSize,
      page.offset,
    );
    return toPage(items.map(toDto), total, page, capped);
  }

  async get(user: RequestUser, id: string): Promise<ConsultationDto> {
    const row = await this.repo.find(this.dataSource.manager, user, id);
    if (!row) throw CommonErrors.notFound('consultation');
    return toDto(row);
  }

  async create(user: RequestUser, dto: CreateConsultationDto): Promise<ConsultationDto> {
    const stationId = stationForWrite(user);
    const receivedAt = this.parseReceivedAt(dto.receivedAt);
    return this.dataSource.transaction(async (tx) => {
      if (!(await this.repo.organizationInStation(tx, dto.organizationId, stationId)))
        throw ConsultationErrors.invalid([
          { field: 'organizationId', message: '所属警察署の対象事業者ではありません (unknown organization)' },
        ]);
      const id = await this.repo.insert(tx, {
        stationId,
        organizationId: dto.organizationId,
        receivedAt,
        category: dto.category,
        summary: dto.summary,
        handling: dto.handling ?? null,
        escalated: dto.escalated ?? false,
        status: dto.status ?? 'open',
        restricted: dto.restricted ?? false,
        createdBy: user.id,
      });
      const after = toDto((await this.repo.find(tx, user, id, true))!);
      await this.audit.record(tx, {
        action: 'consultation.create',
        entityType: 'consultation',
        entityId: id,
        stationId,
        changes: diffChanges(null, { ...after }, ['organizationId', ...AUDITED]),
      });
      return toDto((await this.repo.find(tx, user, id))!);
    });
  }

  async update(user: RequestUser, id: string, dto: UpdateConsultationDto): Promise<ConsultationDto> {
    const receivedAt = dto.receivedAt !== undefined ? this.parseReceivedAt(dto.receivedAt) : undefined;
    return this.dataSource.transaction(async (tx) => {
      const current = await this.repo.find(tx, user, id, true);
      if (!current) throw CommonErrors.notFound('consultation');
      if (current.restricted && !seesRestrictedContent(user)) throw ConsultationErrors.restricted();
      const before = toDto(current);
      const escalatedAt =
        dto.escalated === undefined || dto.escalated === before.escalated
          ? undefined
          : dto.escalated
            ? new Date()
            : null;
      const closedAt =
        dto.status === undefined || dto.status === before.status
          ? undefined
          : dto.status === 'closed'
            ? new Date()
            : null;
      await updateVersioned(
        tx,
        'consultations',
        'consultation',
        id,
        dto.version,
        {
          receivedAt,
          category: dto.category,
          summary: dto.summary,
          handling: dto.handling,
          escalated: dto.escalated,
          escalatedAt,
          status: dto.status,
          closedAt,
          restricted: dto.restricted,
        },
        { stationId: before.stationId },
      );
      const after = toDto((await this.repo.find(tx, user, id, true))!);
      await this.audit.record(tx, {
        action: 'consultation.update',
        entityType: 'consultation',
        entityId: id,
        stationId: before.stationId,
        changes: diffChanges({ ...before }, { ...after }, AUDITED),
      });
      return toDto((await this.repo.find(tx, user, id))!);
    });
  }

  /** receivedAt as an instant; not in the future beyond today (JST). */
  private parseReceivedAt(value: string): Date {
    const at = new Date(value);
    if (Number.isNaN(at.getTime()) || !isIsoDate(value.slice(0, 10)))
      throw ConsultationErrors.invalid([
        { field: 'receivedAt', message: '日時が正しくありません (invalid timestamp)' },
      ]);
    if (jstDateOf(at) > todayJst())
      throw ConsultationErrors.invalid([
        { field: 'receivedAt', message: '未来の日付は登録できません (date is in the future)' },
      ]);
    return at;
  }
}
