import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, diffChanges } from '../../../../libs/audit/audit.service';
import { assertInScope, stationScope } from '../../../../libs/auth/station-scope';
import { updateVersioned } from '../../../../libs/database/versioned-update';
import { CommonErrors, FieldError } from '../../../../libs/http/domain-error';
import { Page, pageRequest, toPage } from '../../../../libs/http/pagination';
import type { RequestUser } from '../../../../libs/http/request-context';
import { fiscalYearRange, parseFiscalYearLabel } from '../../../../libs/japanese/fiscal-year';
import { ActivityListQueryDto, CreateActivityDto, UpdateActivityDto } from './dto/activity.dto';
import { ActivityErrors } from './activities.errors';
import { ActivitiesRepository, ActivityRecord } from './activities.repository';
import type { ActivityKind } from './entities/activity.entity';

const AUDITED = ['kind', 'heldOn', 'title', 'participants', 'partnerIds', 'topics', 'notes'];

/** 人材育成 and 広報 as the minutes group them. */
export const TRAINING_KINDS: readonly ActivityKind[] = [
  'training',
  'lecture_attended',
  'exercise_participation',
];
export const PR_KINDS: readonly ActivityKind[] = ['pr_web', 'pr_media', 'pr_notice'];

/** The station's own staff training and PR (教養・広報): station scope, versioned, audited. */
@Injectable()
export class ActivitiesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ActivitiesRepository,
    private readonly audit: AuditService,
  ) {}

  /** A partner merge moves the activities a partner took part in (PartnersService.merge, inside its transaction). */
  movePartnerReferences(tx: EntityManager, fromId: string, intoId: string): Promise<number> {
    return this.repo.movePartner(tx, fromId, intoId);
  }

  async list(user: RequestUser, query: ActivityListQueryDto): Promise<Page<ActivityRecord>> {
    const page = pageRequest(
      query,
      { heldOn: 'a.held_on', title: 'a.title', kind: 'a.kind', createdAt: 'a.created_at' },
      '-heldOn',
      'a.id',
    );
    let { from, to } = query;
    if (query.fiscalYear) {
      const fy = parseFiscalYearLabel(query.fiscalYear);
      if (fy === null || fy < 1900 || fy > 2998) throw ActivityErrors.badFiscalYear();
      ({ from, to } = fiscalYearRange(fy));
    }
    if (from && to && to < from) throw ActivityErrors.badRange();
    const own = stationScope(user);
    if (own && query.stationId && query.stationId !== own) throw CommonErrors.notFound('station');
    const kinds = query.kind
      ? [query.kind]
      : query.group === 'training'
        ? TRAINING_KINDS
        : query.group === 'pr'
          ? PR_KINDS
          : undefined;
    const { items, total } = await this.repo.list(
      { stationId: own ?? query.stationId ?? null, kinds, from, to },
      page.orderBy,
      page.pageSize,
      page.offset,
    );
    return toPage(items, total, page);
  }

  async get(user: RequestUser, id: string): Promise<ActivityRecord> {
    const activity = await this.repo.find(this.dataSource.manager, id);
    if (!activity) throw CommonErrors.notFound('activity');
    assertInScope(user, activity.stationId, 'activity');
    return activity;
  }

  async create(user: RequestUser, dto: CreateActivityDto): Promise<ActivityRecord> {
    const stationId = stationScope(user);
    if (!stationId) throw CommonErrors.forbidden();
    const partnerIds = [...new Set(dto.partnerIds ?? [])];
    const topics = [...new Set(dto.topics ?? [])];
    return this.dataSource.transaction(async (tx) => {
      await this.checkReferences(tx, stationId, partnerIds, topics);
      const id = await this.repo.insert(tx, {
        stationId,
        kind: dto.kind,
        heldOn: dto.heldOn,
        title: dto.title.trim(),
        participants: dto.participants ?? 0,
        topics,
        notes: dto.notes?.trim() || null,
        createdBy: user.id,
      });
      await this.repo.replacePartners(tx, id, partnerIds);
      const activity = (await this.repo.find(tx, id))!;
      await this.audit.record(tx, {
        action: 'activity.create',
        entityType: 'activity',
        entityId: id,
        stationId,
        changes: diffChanges(null, { ...activity }, AUDITED),
      });
      return activity;
    });
  }

  async update(user: RequestUser, id: string, dto: UpdateActivityDto): Promise<ActivityRecord> {
    const partnerIds = dto.partnerIds ? [...new Set(dto.partnerIds)] : undefined;
    const topics = dto.topics ? [...new Set(dto.topics)] : undefined;
    return this.dataSource.transaction(async (tx) => {
      const before = await this.repo.find(tx, id);
      if (!before) throw CommonErrors.notFound('activity');
      assertInScope(user, before.stationId, 'activity');
      await this.checkReferences(tx, before.stationId, partnerIds ?? [], topics ?? []);
      // The versioned update comes first: a stale version changes nothing (409).
      await updateVersioned(
        tx,
        'activities',
        'activity',
        id,
        dto.version,
        {
          kind: dto.kind,
          heldOn: dto.heldOn,
          title: dto.title?.trim(),
          participants: dto.participants,
          topics,
          notes: dto.notes === undefined ? undefined : dto.notes?.trim() || null,
        },
        { stationId: before.stationId },
      );
      if (partnerIds) await this.repo.replacePartners(tx, id, partnerIds);
      const after = (await this.repo.find(tx, id))!;
      await this.audit.record(tx, {
        action: 'activity.update',
        entityType: 'activity',
        entityId: id,
        stationId: after.stationId,
        changes: diffChanges({ ...before }, { ...after }, AUDITED),
      });
      return after;
    });
  }

  private async checkReferences(
    tx: EntityManager,
    stationId: string,
    partnerIds: string[],
    topics: string[],
  ): Promise<void> {
    if (partnerIds.length === 0 && topics.length === 0) return;
    const bad = await this.repo.invalidReferences(tx, stationId, partnerIds, topics);
    const errors: FieldError[] = [];
    if (bad.partnerIds.length > 0) errors.push(ActivityErrors.unknownPartners(bad.partnerIds));
    if (bad.topics.length > 0) errors.push(ActivityErrors.unknownTopics(bad.topics));
    if (errors.length > 0) throw ActivityErrors.invalidReferences(errors);
  }
}
