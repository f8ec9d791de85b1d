import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEventInput, AuditService, diffChanges } from '../../../../libs/audit/audit.service';
import { stationForWrite } from '../../../../libs/auth/station-scope';
import { updateVersioned } from '../../../../libs/database/versioned-update';
import { CommonErrors, DomainError, FieldError } from '../../../../libs/http/domain-error';
import { assertDateRange } from '../../../../libs/http/date-range';
import { Page, pageRequest, toPage } from '../../../../libs/http/pagination';
import type { RequestUser } from '../../../../libs/http/request-context';
import { addDays, isIsoDate, jstDateOf, todayJst, toJstIsoString } from '../../../../libs/japanese/jst';
import type { ContactRole } from '../organizations/entities/contact.entity';
import { NotificationsService } from '../notifications/notifications.service';
import type { VisitStatus } from './entities/visit.entity';
import type { VisitApprovalAction } from './entities/visit-approval-event.entity';
import {
  ApproveDto,
  AttendeeInputDto,
  BulkApproveDto,
  BulkApproveResultDto,
  CreateVisitDto,
  RecordPlannedDto,
  UpdateVisitFollowUpDto,
  VisitFollowUpDto,
  FollowUpInputDto,
  VisitFollowUpListQueryDto,
  ReasonTransitionDto,
  TransitionDto,
  UpdateVisitDto,
  VisitDetailDto,
  VisitDto,
  VisitFollowUpListItemDto,
  VisitListQueryDto,
} from './dto/visit.dto';
import { VisitErrors } from './visits.errors';
import { ApprovalEventRow, AttendeeRow, FollowUpRow, VisitRow, VisitsRepository } from './visits.repository';

export type VisitAction = 'submit' | 'approve' | 'return' | 'reopen';

/**
 * The workflow. Reopen takes an approved visit back to *draft* (not *returned*): the officers
 * correct it and submit it again; the manager's reason is kept in returnReason and in the audit
 * event, and approvedAt/approvedBy are cleared so it no longer counts as outreach until approved.
 */
const TRANSITIONS: Record<VisitAction, { from: readonly VisitStatus[]; to: VisitStatus }> = {
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  return: { from: ['submitted'], to: 'returned' },
  reopen: { from: ['approved'], to: 'draft' },
};

/** What each workflow step is called in the approval history. */
const HISTORY_ACTION: Record<VisitAction, VisitApprovalAction> = {
  submit: 'submitted',
  approve: 'approved',
  return: 'returned',
  reopen: 'reopened',
};

const EDITABLE: readonly VisitStatus[] = ['draft', 'returned', 'planned'];
const EARLIEST_VISIT = '2000-01-01';
/** How far ahead a visit may be planned (days). */
const PLAN_AHEAD_DAYS = 731;

const iso = (d: Date | null): string | null => (d ? toJstIsoString(new Date(d)) : null);

/**
 * hq reads across stations but never sees who did the work (the station's staffing is not public,
 * DOMAIN.md): as in hq's visit export, which has no 担当者 column (exports.service.ts).
 */
export const staffHiddenFor = (user: RequestUser): boolean => user.role === 'hq';

export function toVisitDto(row: VisitRow, staffHidden = false): VisitDto {
  const dto: VisitDto = {
    id: row.id,
    stationId: row.stationId,
    organizationId: row.organizationId,
    organizationName: row.organizationName,
    visitedAt: iso(row.visitedAt)!,
    visitedOn: row.visitedOn,
    format: row.format,
    officerIds: row.officers.map((o) => o.id),
    officers: row.officers,
    jointWith: row.jointWith,
    jointPartnerIds: row.jointPartnerIds ?? [],
    attendees: row.attendees,
    topics: row.topics,
    materials: row.materials,
    summary: row.summary,
    concernsRaised: row.concernsRaised,
    status: row.status,
    followUps: row.followUps.map((f): VisitFollowUpDto => ({
      ...f,
      closedAt: f.closedAt ? iso(new Date(f.closedAt)) : null,
    })),
    councilItemIds: row.councilItemIds,
    createdBy: row.createdBy,
    submittedAt: iso(row.submittedAt),
    approvedAt: iso(row.approvedAt),
    approvedBy: row.approvedBy,
    returnReason: row.returnReason,
    purpose: row.purpose,
    cancelledAt: iso(row.cancelledAt),
    cancelReason: row.cancelReason,
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
    version: row.version,
    staffHidden,
  };
  if (!staffHidden) return dto;
  return {
    ...dto,
    officerIds: [],
    officers: [],
    createdBy: null,
    approvedBy: null,
    followUps: dto.followUps.map((f) => ({ ...f, ownerId: null })),
  };
}

function toDetailDto(row: VisitRow, history: ApprovalEventRow[], staffHidden: boolean): VisitDetailDto {
  return {
    ...toVisitDto(row, staffHidden),
    approvalHistory: history.map((e) => ({
      id: e.id,
      action: e.action,
      at: iso(e.at)!,
      actorId: staffHidden ? null : e.actorId,
      actorName: staffHidden ? null : e.actorName,
      comment: e.comment,
    })),
  };
}

/** What the audit trail keeps of a visit (the comparable fields). */
function auditView(v: VisitDto): Record<string, unknown> {
  return {
    organizationId: v.organizationId,
    visitedAt: v.visitedAt,
    format: v.format,
    officerIds: [...v.officerIds].sort(),
    jointWith: v.jointWith,
    jointPartnerIds: [...v.jointPartnerIds].sort(),
    attendees: v.attendees.map((a) => ({ contactId: a.contactId, name: a.name, role: a.role })),
    topics: v.topics,
    materials: v.materials,
    summary: v.summary,
    concernsRaised: v.concernsRaised,
    purpose: v.purpose,
    followUps: v.followUps.map((f) => ({
      id: f.id,
      title: f.title,
      dueOn: f.dueOn,
      ownerId: f.ownerId,
      status: f.status,
      result: f.result,
    })),
    councilItemIds: v.councilItemIds,
  };
}

interface PreparedChildren {
  attendees?: AttendeeRow[];
  newContacts: { id: string; name: string; role: ContactRole }[];
  followUps?: FollowUpRow[];
}

/** Outreach visits: recording, the approval workflow, and the lists built on them. */
@Injectable()
export class VisitsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: VisitsRepository,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  /** A partner merge moves the visits a partner made jointly (PartnersService.merge, inside its transaction). */
  movePartnerReferences(tx: EntityManager, fromId: string, intoId: string): Promise<number> {
    return this.repo.movePartner(tx, fromId, intoId);
  }

  async list(user: RequestUser, q: VisitListQueryDto): Promise<Page<VisitDto>> {
    const page = pageRequest(
      q,
      {
        visitedAt: 'v.visited_at',
        visitedOn: 'v.visited_on',
        organizationName: 'o.sort_key',
        status: 'v.status',
        createdAt: 'v.created_at',
        updatedAt: 'v.updated_at',
      },
      '-visitedAt',
      'v.id',
    );
    assertDateRange(q);
    if (q.officerId && staffHiddenFor(user))
      throw CommonErrors.invalid(
        'officerId',
        '本部は担当者別に絞り込めません (hq does not filter by officer: staffing is not shown)',
      );
    const { items, total, capped } = await this.repo.list(
      user,
      {
        from: q.from,
        to: q.to,
        organizationId: q.organizationId,
        officerId: q.officerId,
        status: q.status,
        topic: q.topic,
        mine: q.mine === 'true',
        awaitingMyApproval: q.awaitingMyApproval === 'true',
      },
      page.orderBy,
      page.pageSize,
      page.offset,
    );
    const hidden = staffHiddenFor(user);
    return toPage(
      items.map((row) => toVisitDto(row, hidden)),
      total,
      page,
      capped,
    );
  }

  async listFollowUps(
    user: RequestUser,
    q: VisitFollowUpListQueryDto,
  ): Promise<Page<VisitFollowUpListItemDto>> {
    const page = pageRequest(
      q,
      { dueOn: 'f.due_on', title: 'f.title', visitedOn: 'v.visited_on', status: 'f.status' },
      'dueOn',
      'f.id',
    );
    const { items, total, capped } = await this.repo.listFollowUps(
      user,
      {
        mine: q.mine === 'true',
        status: q.status,
        overdueBefore: q.overdue === 'true' ? todayJst() : undefined,
      },
      page.orderBy,
      page.pageSize,
      page.offset,
    );
    return toPage(
      items.map((f) => ({ ...f, closedAt: iso(f.closedAt) })),
      total,
      page,
      capped,
    );
  }

  async get(user: RequestUser, id: string): Promise<VisitDetailDto> {
    const detail = await this.detail(this.dataSource.manager, user, id);
    if (!detail) throw CommonErrors.notFound('visit');
    return detail;
  }

  /** The visit with its approval history, as this user may see it. */
  private async detail(
    manager: EntityManager,
    user: RequestUser,
    id: string,
  ): Promise<VisitDetailDto | undefined> {
    const row = await this.repo.findVisible(manager, user, id);
    if (!row) return undefined;
    return toDetailDto(row, await this.repo.approvalHistory(manager, id), staffHiddenFor(user));
  }

  async create(user: RequestUser, dto: CreateVisitDto): Promise<VisitDetailDto> {
    const stationId = stationForWrite(user);
    const planned = dto.status === 'planned';
    const visitedAt = this.parseVisitedAt(dto.visitedAt, planned);
    if (planned && dto.followUps && dto.followUps.length > 0) throw VisitErrors.followUpNotAllowed();
    // a planned visit names its officers, or is its creator's
    if (planned && dto.officerIds === undefined) dto.officerIds = [user.id];
    return this.dataSource.transaction(async (tx) => {
      const details: FieldError[] = [];
      if (!(await this.repo.organizationInStation(tx, dto.organizationId, stationId)))
        details.push({
          field: 'organizationId',
          message: '所属警察署の対象事業者ではありません (unknown organization)',
        });
      const children = await this.validateFields(tx, dto, stationId, dto.organizationId, [], details);
      const jointPartnerIds = [...new Set(dto.jointPartnerIds ?? [])];
      await this.checkJointPartners(tx, jointPartnerIds, stationId, details);
      if (details.length > 0) throw VisitErrors.invalid(details);

      await this.createContacts(tx, dto.organizationId, stationId, children.newContacts);
      const id = await this.repo.insertVisit(tx, {
        stationId,
        organizationId: dto.organizationId,
        visitedAt: visitedAt.at,
        visitedOn: visitedAt.on,
        format: dto.format ?? 'on_site',
        jointWith: dto.jointWith ?? null,
        topics: dto.topics ?? [],
        materials: dto.materials ?? [],
        summary: dto.summary ?? '',
        concernsRaised: dto.concernsRaised ?? null,
        createdBy: user.id,
        status: planned ? 'planned' : 'draft',
        purpose: dto.purpose?.trim() || null,
      });
      await this.repo.replaceOfficers(tx, id, dto.officerIds);
      await this.repo.replaceAttendees(tx, id, children.attendees ?? []);
      await this.repo.replaceFollowUps(tx, id, children.followUps ?? []);
      await this.repo.replaceCouncilItems(tx, id, dto.councilItemIds ?? []);
      await this.repo.replaceJointPartners(tx, id, jointPartnerIds);
      const after = (await this.detail(tx, user, id))!;
      await this.audit.record(tx, {
        action: 'visit.create',
        entityType: 'visit',
        entityId: id,
        stationId,
        changes: diffChanges(null, { ...auditView(after), status: after.status }),
      });
      return after;
    });
  }

  async update(user: RequestUser, id: string, dto: UpdateVisitDto): Promise<VisitDetailDto> {
    // the future-date rule depends on the status, checked once the row is locked
    const visitedAt = dto.visitedAt !== undefined ? this.parseVisitedAt(dto.visitedAt, true) : undefined;
    return this.dataSource.transaction(async (tx) => {
      const row = await this.repo.findVisible(tx, user, id);
      if (!row) throw CommonErrors.notFound('visit');
      const before = toVisitDto(row);
      this.assertCanEdit(user, before);
      const locked = await this.repo.lockForUpdate(tx, id);
      if (!locked) throw CommonErrors.notFound('visit');
      if (!EDITABLE.includes(locked.status)) throw VisitErrors.locked(locked.status);
      if (locked.status !== 'planned' && visitedAt) this.assertNotFuture(visitedAt.on);
      if (locked.status === 'planned' && dto.followUps && dto.followUps.length > 0)
        throw VisitErrors.followUpNotAllowed();

      const details: FieldError[] = [];
      const children = await this.validateFields(
        tx,
        dto,
        before.stationId,
        before.organizationId,
        before.followUps,
        details,
      );
      const jointPartnerIds = dto.jointPartnerIds ? [...new Set(dto.jointPartnerIds)] : undefined;
      if (jointPartnerIds) await this.checkJointPartners(tx, jointPartnerIds, before.stationId, details);
      if (details.length > 0) throw VisitErrors.invalid(details);

      await updateVersioned(
        tx,
        'visits',
        'visit',
        id,
        dto.version,
        {
          visitedAt: visitedAt?.at,
          visitedOn: visitedAt?.on,
          format: dto.format,
          jointWith: dto.jointWith,
          topics: dto.topics,
          materials: dto.materials,
          summary: dto.summary,
          concernsRaised: dto.concernsRaised,
          purpose: dto.purpose === undefined ? undefined : dto.purpose?.trim() || null,
        },
        { stationId: before.stationId, status: locked.status },
      );
      await this.createContacts(tx, before.organizationId, before.stationId, children.newContacts);
      if (dto.officerIds) await this.repo.replaceOfficers(tx, id, dto.officerIds);
      if (children.attendees) await this.repo.replaceAttendees(tx, id, children.attendees);
      if (children.followUps) await this.repo.replaceFollowUps(tx, id, children.followUps);
      if (dto.councilItemIds) await this.repo.replaceCouncilItems(tx, id, dto.councilItemIds);
      if (jointPartnerIds) await this.repo.replaceJointPartners(tx, id, jointPartnerIds);

      const after = (await this.detail(tx, user, id))!;
      await this.audit.record(tx, {
        action: 'visit.update',
        entityType: 'visit',
        entityId: id,
        stationId: before.stationId,
        changes: diffChanges(auditView(before), auditView(after)),
      });
      return after;
    });
  }

  async transition(
    user: RequestUser,
    id: string,
    action: VisitAction,
    dto: TransitionDto | ReasonTransitionDto | ApproveDto,
  ): Promise<VisitDetailDto> {
    const { from, to } = TRANSITIONS[action];
    const reason = 'reason' in dto ? dto.reason.trim() : undefined;
    if (reason !== undefined && reason.length === 0)
      throw CommonErrors.invalid('reason', '理由を入力してください (reason required)');
    // 決裁コメント: only on approve, optional; blank is none
    const comment =
      action === 'approve' && 'comment' in dto && typeof dto.comment === 'string'
        ? dto.comment.trim() || null
        : null;
    return this.dataSource.transaction(async (tx) => {
      const row = await this.repo.findVisible(tx, user, id);
      if (!row) throw CommonErrors.notFound('visit');
      if (action === 'submit') {
        if (row.createdBy !== user.id && !row.officers.some((o) => o.id === user.id))
          throw VisitErrors.notAnOfficer();
      } else if (user.role !== 'manager' || user.stationId !== row.stationId) {
        throw VisitErrors.otherStation();
      }
      const changed = await this.repo.transition(
        tx,
        id,
        from,
        to,
        {
          submittedAt: action === 'submit' ? true : undefined,
          approvedBy: action === 'approve' ? user.id : undefined,
          clearApproval: action === 'reopen' ? true : undefined,
          returnReason: reason,
        },
        dto.version,
      );
      if (!changed) {
        const current = await this.repo.currentState(tx, id);
        if (!current) throw CommonErrors.notFound('visit');
        if (!from.includes(current.status)) throw VisitErrors.illegalTransition(action, current.status);
        throw CommonErrors.staleVersion('visit', current.version);
      }
      const changes: Record<string, unknown> = { status: { before: row.status, after: to } };
      if (reason !== undefined) changes.reason = reason;
      if (comment !== null) changes.comment = comment;
      await this.repo.insertApprovalEvent(tx, {
        visitId: id,
        stationId: row.stationId,
        action: HISTORY_ACTION[action],
        actorId: user.id,
        comment: reason ?? comment,
      });
      await this.audit.record(tx, {
        action: `visit.${action}`,
        entityType: 'visit',
        entityId: id,
        stationId: row.stationId,
        changes,
      });
      // submitted → the station's managers; returned / approved → the officers (same transaction)
      await this.notifications.visitTransitioned(tx, user, id, action);
      return (await this.detail(tx, user, id))!;
    });
  }

  /**
   * Bulk 決裁: each item is approved on its own, in its own transaction, through the same step as a
   * single approve (its history row, audit event and whatever else approve does); one that is
   * stale, no longer submitted or not visible fails with its code and the others go on.
   */
  async approveMany(user: RequestUser, dto: BulkApproveDto): Promise<BulkApproveResultDto> {
    const approved: string[] = [];
    const failed: BulkApproveResultDto['failed'] = [];
    for (const item of dto.items) {
      try {
        await this.transition(user, item.id, 'approve', { version: item.version });
        approved.push(item.id);
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        failed.push({ id: item.id, code: e.code, message: e.message });
      }
    }
    return { approved, failed };
  }

  /** A planned visit that will not take place: cancelled, with the reason (final). */
  async cancel(user: RequestUser, id: string, dto: ReasonTransitionDto): Promise<VisitDetailDto> {
    const reason = dto.reason.trim();
    if (reason.length === 0) throw CommonErrors.invalid('reason', '理由を入力してください (reason required)');
    return this.dataSource.transaction(async (tx) => {
      const row = await this.repo.findVisible(tx, user, id);
      if (!row) throw CommonErrors.notFound('visit');
      this.assertCanEdit(user, toVisitDto(row));
      await this.planStep(tx, id, 'cancel', 'cancelled', { cancelReason: reason }, dto.version);
      await this.audit.record(tx, {
        action: 'visit.cancel',
        entityType: 'visit',
        entityId: id,
        stationId: row.stationId,
        changes: { status: { before: 'planned', after: 'cancelled' }, reason },
      });
      return (await this.detail(tx, user, id))!;
    });
  }

  /**
   * A planned visit took place: it becomes a draft with everything planned kept (organization,
   * time, format, officers, topics, purpose, materials, attendees), to be completed and submitted.
   * Its day may not be after today, as for any record: `visitedAt` gives when it really happened
   * (default: the planned time), so a visit made earlier than planned is recorded on its true day.
   */
  async record(user: RequestUser, id: string, dto: RecordPlannedDto): Promise<VisitDetailDto> {
    return this.dataSource.transaction(async (tx) => {
      const row = await this.repo.findVisible(tx, user, id);
      if (!row) throw CommonErrors.notFound('visit');
      // the one who went records it (a draft is theirs until submitted): its creator or an officer
      if (row.createdBy !== user.id && !row.officers.some((o) => o.id === user.id))
        throw VisitErrors.notAnOfficer();
      const visitedAt = dto.visitedAt
        ? this.parseVisitedAt(dto.visitedAt)
        : { at: new Date(row.visitedAt), on: row.visitedOn };
      if (row.status === 'planned' && !dto.visitedAt && visitedAt.on > todayJst())
        throw VisitErrors.invalid([
          {
            field: 'visitedAt',
            message:
              '予定日がまだ来ていません。実際の訪問日時を指定してください (the planned day is in the future: give when the visit took place)',
          },
        ]);
      await this.planStep(tx, id, 'record', 'draft', { visitedAt }, dto.version);
      const changes: Record<string, unknown> = { status: { before: 'planned', after: 'draft' } };
      const at = toJstIsoString(visitedAt.at);
      if (at !== iso(row.visitedAt)) changes.visitedAt = { before: iso(row.visitedAt), after: at };
      await this.audit.record(tx, {
        action: 'visit.record',
        entityType: 'visit',
        entityId: id,
        stationId: row.stationId,
        changes,
      });
      return (await this.detail(tx, user, id))!;
    });
  }

  /** planned → `to`, atomic on status and version; explains a refusal. */
  private async planStep(
    tx: EntityManager,
    id: string,
    action: string,
    to: VisitStatus,
    sets: { cancelReason?: string; visitedAt?: { at: Date; on: string } },
    version: number | undefined,
  ): Promise<void> {
    if (await this.repo.transition(tx, id, ['planned'], to, sets, version)) return;
    const current = await this.repo.currentState(tx, id);
    if (!current) throw CommonErrors.notFound('visit');
    if (current.status !== 'planned') throw VisitErrors.illegalTransition(action, current.status);
    throw CommonErrors.staleVersion('visit', current.version);
  }

  /**
   * A follow-up's status and result, whatever its visit's status (an approved visit stays as it
   * is: its row and version are not touched). The follow-up's owner, the visit's creator and
   * officers, and the station's managers may do it; another station's follow-up answers 404.
   */
  async updateFollowUp(
    user: RequestUser,
    id: string,
    dto: UpdateVisitFollowUpDto,
  ): Promise<VisitFollowUpDto> {
    return this.dataSource.transaction(async (tx) => {
      const f = await this.repo.lockFollowUp(tx, user, id);
      if (!f) throw CommonErrors.notFound('visit_follow_up');
      const mayChange =
        (user.role === 'manager' && user.stationId === f.stationId) ||
        f.ownerId === user.id ||
        f.visitCreatedBy === user.id ||
        f.visitOfficerIds.includes(user.id);
      if (!mayChange) throw VisitErrors.notAnOfficer();
      const result = dto.result === undefined ? f.result : dto.result?.trim() || null;
      const version = await this.repo.updateFollowUp(tx, id, dto.version, { status: dto.status, result });
      if (version === undefined) throw CommonErrors.staleVersion('visit_follow_up', f.version);
      await this.audit.record(tx, {
        action: 'visit_follow_up.update',
        entityType: 'visit_follow_up',
        entityId: id,
        stationId: f.stationId,
        changes: {
          ...diffChanges({ status: f.status, result: f.result }, { status: dto.status, result }),
          visitId: f.visitId,
        },
      });
      const row = (await this.repo.findVisible(tx, user, f.visitId))!;
      return toVisitDto(row, staffHiddenFor(user)).followUps.find((x) => x.id === id)!;
    });
  }

  /** Officers edit visits they made or took part in; managers edit any visit of their station. */
  private assertCanEdit(user: RequestUser, visit: VisitDto): void {
    if (user.role === 'manager' && user.stationId === visit.stationId) return;
    if (visit.createdBy === user.id || visit.officerIds.includes(user.id)) return;
    throw VisitErrors.notAnOfficer();
  }

  /**
   * visitedAt as an instant and its day in Japan; not before 2000 and not after today (JST), except
   * for a planned visit, which may lie up to two years ahead.
   */
  private parseVisitedAt(value: string, planned = false): { at: Date; on: string } {
    const at = new Date(value);
    if (Number.isNaN(at.getTime()) || !isIsoDate(value.slice(0, 10)))
      throw VisitErrors.invalid([
        { field: 'visitedAt', message: '日時が正しくありません (invalid timestamp)' },
      ]);
    const on = jstDateOf(at);
    if (!planned) this.assertNotFuture(on);
    else if (on > addDays(todayJst(), PLAN_AHEAD_DAYS))
      throw VisitErrors.invalid([
        {
          field: 'visitedAt',
          message: '2年より先の予定は登録できません (planned more than two years ahead)',
        },
      ]);
    if (on < EARLIEST_VISIT)
      throw VisitErrors.invalid([
        { field: 'visitedAt', message: '2000年以降の日付を指定してください (date too early)' },
      ]);
    return { at, on };
  }

  private assertNotFuture(on: string): void {
    if (on > todayJst())
      throw VisitErrors.invalid([
        { field: 'visitedAt', message: '未来の日付は登録できません (visit date is in the future)' },
      ]);
  }

  /** Checks every reference of the request (set-based, one query per kind) and prepares child rows. */
  /** 同行 partners must be ones the station may name (its prefecture's shared partners or its own). */
  private async checkJointPartners(
    tx: EntityManager,
    ids: string[],
    stationId: string,
    details: FieldError[],
  ): Promise<void> {
    const unknown = await this.repo.unknownPartners(tx, ids, stationId);
    if (unknown.length > 0)
      details.push({
        field: 'jointPartnerIds',
        message: `関係機関が見つかりません: ${unknown.join(', ')} (unknown partners)`,
      });
  }

  private async validateFields(
    tx: EntityManager,
    dto: Partial<CreateVisitDto>,
    stationId: string,
    organizationId: string,
    existingFollowUps: { id: string; result: string | null }[],
    details: FieldError[],
  ): Promise<PreparedChildren> {
    if (dto.officerIds) {
      const found = await this.repo.stationOfficers(tx, dto.officerIds, stationId);
      const missing = dto.officerIds.filter((id) => !found.has(id));
      if (missing.length > 0)
        details.push({
          field: 'officerIds',
          message: `所属警察署の担当者・管理職ではありません (not an officer of the station): ${missing.join(', ')}`,
        });
    }
    if (dto.topics) {
      const found = await this.repo.activeTopics(tx, dto.topics);
      const unknown = dto.topics.filter((t) => !found.has(t));
      if (unknown.length > 0)
        details.push({
          field: 'topics',
          message: `不明な話題コードです (unknown topic): ${unknown.join(', ')}`,
        });
    }
    if (dto.councilItemIds) {
      const found = await this.repo.councilItemsOfStation(tx, dto.councilItemIds, stationId);
      const unknown = dto.councilItemIds.filter((id) => !found.has(id));
      if (unknown.length > 0)
        details.push({
          field: 'councilItemIds',
          message: `所属警察署の協議会案件ではありません (unknown council item): ${unknown.join(', ')}`,
        });
    }
    const newContacts: PreparedChildren['newContacts'] = [];
    const attendees = dto.attendees
      ? await this.prepareAttendees(tx, dto.attendees, organizationId, newContacts, details)
      : undefined;
    const followUps = dto.followUps
      ? await this.prepareFollowUps(tx, dto.followUps, stationId, existingFollowUps, details)
      : undefined;
    return { attendees, newContacts, followUps };
  }

  private async prepareAttendees(
    tx: EntityManager,
    input: AttendeeInputDto[],
    organizationId: string,
    newContacts: PreparedChildren['newContacts'],
    details: FieldError[],
  ): Promise<AttendeeRow[]> {
    const contactIds = input.flatMap((a) => (a.contactId ? [a.contactId] : []));
    const contacts = await this.repo.contactsOfOrganization(tx, contactIds, organizationId);
    return input.map((a, i): AttendeeRow => {
      if (a.contactId) {
        if (a.name !== undefined || a.createContact)
          details.push({
            field: `attendees[${i}]`,
            message: 'contactId と name はどちらか一方を指定してください (contactId or name, not both)',
          });
        const role = contacts.get(a.contactId);
        if (!role)
          details.push({
            field: `attendees[${i}].contactId`,
            message: 'この事業者の担当者ではありません (not a contact of this organization)',
          });
        return { contactId: a.contactId, name: null, role: a.role ?? role ?? 'other' };
      }
      const name = (a.name ?? '').trim();
      const role = a.role ?? 'other';
      if (!name) {
        details.push({ field: `attendees[${i}].name`, message: '氏名を入力してください (name required)' });
        return { contactId: null, name: null, role };
      }
      if (a.createContact) {
        const id = randomUUID();
        newContacts.push({ id, name, role });
        return { contactId: id, name: null, role };
      }
      return { contactId: null, name, role };
    });
  }

  private async prepareFollowUps(
    tx: EntityManager,
    input: FollowUpInputDto[],
    stationId: string,
    existing: { id: string; result: string | null }[],
    details: FieldError[],
  ): Promise<FollowUpRow[]> {
    const existingResults = new Map(existing.map((f) => [f.id, f.result]));
    const ownerIds = [...new Set(input.flatMap((f) => (f.ownerId ? [f.ownerId] : [])))];
    const owners = await this.repo.stationOfficers(tx, ownerIds, stationId);
    const seen = new Set<string>();
    return input.map((f, i): FollowUpRow => {
      if (f.id && (!existingResults.has(f.id) || seen.has(f.id)))
        details.push({
          field: `followUps[${i}].id`,
          message: 'この活動記録のフォローアップではありません (unknown follow-up id)',
        });
      if (f.id) seen.add(f.id);
      if (f.dueOn && !isIsoDate(f.dueOn))
        details.push({ field: `followUps[${i}].dueOn`, message: '日付が正しくありません (invalid date)' });
      if (f.ownerId && !owners.has(f.ownerId))
        details.push({
          field: `followUps[${i}].ownerId`,
          message: '所属警察署の担当者・管理職ではありません (not an officer of the station)',
        });
      return {
        id: f.id ?? randomUUID(),
        title: f.title.trim(),
        dueOn: f.dueOn ?? null,
        ownerId: f.ownerId ?? null,
        status: f.status ?? 'open',
        // a kept follow-up keeps its result unless the request gives one
        result:
          f.result !== undefined
            ? f.result?.trim() || null
            : f.id
              ? (existingResults.get(f.id) ?? null)
              : null,
      };
    });
  }

  private async createContacts(
    tx: EntityManager,
    organizationId: string,
    stationId: string,
    contacts: PreparedChildren['newContacts'],
  ): Promise<void> {
    if (contacts.length === 0) return;
    await this.repo.insertContacts(tx, organizationId, stationId, contacts);
    const events: AuditEventInput[] = contacts.map((c) => ({
      action: 'contact.create',
      entityType: 'contact',
      entityId: c.id,
      stationId,
      changes: { ...diffChanges(null, { name: c.name, role: c.role }), organizationId, via: 'visit' },
    }));
    await this.audit.recordMany(tx, events);
  }
}
