import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, diffChanges } from '../../../../libs/audit/audit.service';
import { assertInScope, stationScope } from '../../../../libs/auth/station-scope';
import { updateVersioned } from '../../../../libs/database/versioned-update';
import { CommonErrors } from '../../../../libs/http/domain-error';
import { Page, pageRequest, toPage } from '../../../../libs/http/pagination';
import type { RequestUser } from '../../../../libs/http/request-context';
import { CouncilErrors } from './council.errors';
import {
  CouncilRepository,
  FollowUpRecord,
  ItemRecord,
  LinkRecord,
  MeetingRecord,
} from './council.repository';
import {
  CreateFollowUpDto,
  CreateFollowUpLinkDto,
  FollowUpListQueryDto,
  UpdateFollowUpDto,
} from './dto/follow-up.dto';
import {
  AttendanceDto,
  CreateItemDto,
  CreateMeetingDto,
  MeetingListQueryDto,
  UpdateItemDto,
  UpdateMeetingDto,
} from './dto/meeting.dto';
import type { ReportBackDto } from './dto/report-back.dto';
import type { FollowUpStatus } from './entities/council.entity';
import { buildReportBack } from './report-back';

const MEETING_FIELDS = ['heldOn', 'place', 'attendance', 'agenda', 'consultationTopic', 'notes'];
const ITEM_FIELDS = ['kind', 'raisedBy', 'text', 'response'];
const FOLLOW_UP_FIELDS = ['title', 'ownerId', 'dueOn', 'status', 'result'];
const CLOSED: FollowUpStatus[] = ['done', 'dropped'];

/** Which status may follow which; done and dropped may be reopened. */
const TRANSITIONS: Record<FollowUpStatus, FollowUpStatus[]> = {
  open: ['in_progress', 'done', 'dropped'],
  in_progress: ['open', 'done', 'dropped'],
  done: ['in_progress'],
  dropped: ['open'],
};

const attendanceOf = (a?: AttendanceDto): Record<string, number> =>
  Object.fromEntries(Object.entries(a ?? {}).filter(([, v]) => typeof v === 'number'));

/**
 * The council cycle (協議会): meetings, the items raised with the station's answers, follow-ups with
 * their evidence (visits, seminars), and the report back at the next meeting.
 */
@Injectable()
export class CouncilService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: CouncilRepository,
    private readonly audit: AuditService,
  ) {}

  private writerStation(user: RequestUser): string {
    const station = stationScope(user);
    if (!station) throw CommonErrors.forbidden();
    return station;
  }

  // --- meetings

  async listMeetings(user: RequestUser, query: MeetingListQueryDto): Promise<Page<MeetingRecord>> {
    const page = pageRequest(query, { heldOn: 'm.held_on' }, '-heldOn', 'm.id');
    const { items, total } = await this.repo.listMeetings(
      { stationId: stationScope(user), from: query.from, to: query.to },
      page.orderBy,
      page.pageSize,
      page.offset,
    );
    return toPage(items, total, page);
  }

  async getMeeting(user: RequestUser, id: string): Promise<MeetingRecord & { items: ItemRecord[] }> {
    const meeting = await this.repo.findMeeting(this.dataSource.manager, id);
    if (!meeting) throw CommonErrors.notFound('meeting');
    assertInScope(user, meeting.stationId, 'meeting');
    return { ...meeting, items: await this.repo.listItems(this.dataSource.manager, id) };
  }

  async createMeeting(
    user: RequestUser,
    dto: CreateMeetingDto,
  ): Promise<MeetingRecord & { items: ItemRecord[] }> {
    const stationId = this.writerStation(user);
    return this.dataSource.transaction(async (tx) => {
      const values = {
        stationId,
        heldOn: dto.heldOn,
        place: dto.place ?? null,
        attendance: attendanceOf(dto.attendance),
        agenda: (dto.agenda ?? []).map((a) => a.trim()).filter(Boolean),
        consultationTopic: dto.consultationTopic ?? null,
        notes: dto.notes ?? null,
      };
      const id = await this.repo.insertMeeting(tx, values);
      await this.audit.record(tx, {
        action: 'meeting.create',
        entityType: 'council_meeting',
        entityId: id,
        stationId,
        changes: diffChanges(null, values, MEETING_FIELDS),
      });
      return { ...(await this.repo.findMeeting(tx, id))!, items: [] };
    });
  }

  async updateMeeting(
    user: RequestUser,
    id: string,
    dto: UpdateMeetingDto,
  ): Promise<MeetingRecord & { items: ItemRecord[] }> {
    this.writerStation(user);
    return this.dataSource.transaction(async (tx) => {
      const before = await this.repo.findMeeting(tx, id);
      if (!before) throw CommonErrors.notFound('meeting');
      assertInScope(user, before.stationId, 'meeting');
      await updateVersioned(
        tx,
        'council_meetings',
        'meeting',
        id,
        dto.version,
        {
          heldOn: dto.heldOn,
          place: dto.place,
          attendance: dto.attendance ? JSON.stringify(attendanceOf(dto.attendance)) : undefined,
          agenda: dto.agenda?.map((a) => a.trim()).filter(Boolean),
          consultationTopic: dto.consultationTopic,
          notes: dto.notes,
        },
        { stationId: before.stationId },
      );
      const after = (await this.repo.findMeeting(tx, id))!;
      await this.audit.record(tx, {
        action: 'meeting.update',
        entityType: 'council_meeting',
        entityId: id,
        stationId: after.stationId,
        changes: diffChanges({ ...before }, { ...after }, MEETING_FIELDS),
      });
      return { ...after, items: await this.repo.listItems(tx, id) };
    });
  }

  // --- items

  async listItems(user: RequestUser, meetingId: string): Promise<{ items: ItemRecord[] }> {
    const meeting = await this.repo.findMeeting(this.dataSource.manager, meetingId);
    if (!meeting) throw CommonErrors.notFound('meeting');
    assertInScope(user, meeting.stationId, 'meeting');
    return { items: await this.repo.listItems(this.dataSource.manager, meetingId) };
  }

  async createItem(user: RequestUser, meetingId: string, dto: CreateItemDto): Promise<ItemRecord> {
    this.writerStation(user);
    return this.dataSource.transaction(async (tx) => {
      const meeting = await this.repo.findMeeting(tx, meetingId);
      if (!meeting) throw CommonErrors.notFound('meeting');
      assertInScope(user, meeting.stationId, 'meeting');
      const values = {
        meetingId,
        stationId: meeting.stationId,
        kind: dto.kind,
        raisedBy: dto.raisedBy?.trim() || null,
        text: dto.text.trim(),
        response: dto.response ?? null,
      };
      const id = await this.repo.insertItem(tx, values);
      await this.audit.record(tx, {
        action: 'council_item.create',
        entityType: 'council_item',
        entityId: id,
        stationId: meeting.stationId,
        changes: diffChanges(null, { ...values }, ['meetingId', ...ITEM_FIELDS]),
      });
      return (await this.repo.findItem(tx, id))!;
    });
  }

  async updateItem(user: RequestUser, id: string, dto: UpdateItemDto): Promise<ItemRecord> {
    this.writerStation(user);
    return this.dataSource.transaction(async (tx) => {
      const before = await this.repo.findItem(tx, id);
      if (!before) throw CommonErrors.notFound('council_item');
      assertInScope(user, before.stationId, 'council_item');
      await updateVersioned(
        tx,
        'council_items',
        'council_item',
        id,
        dto.version,
        { kind: dto.kind, raisedBy: dto.raisedBy, text: dto.text?.trim(), response: dto.response },
        { stationId: before.stationId },
      );
      const after = (await this.repo.findItem(tx, id))!;
      await this.audit.record(tx, {
        action: 'council_item.update',
        entityType: 'council_item',
        entityId: id,
        stationId: after.stationId,
        changes: diffChanges({ ...before }, { ...after }, ITEM_FIELDS),
      });
      return after;
    });
  }

  // --- follow-ups

  async listFollowUps(user: RequestUser, query: FollowUpListQueryDto): Promise<Page<FollowUpRecord>> {
    const page = pageRequest(
      query,
      { dueOn: 'f.due_on', status: 'f.status', title: 'f.title', meetingHeldOn: 'm.held_on' },
      'dueOn',
      'f.id',
    );
    const { items, total } = await this.repo.listFollowUps(
      {
        stationId: stationScope(user),
        status: query.status,
        overdue: query.overdue === undefined ? undefined : query.overdue === 'true',
        meetingId: query.meetingId,
        councilItemId: query.councilItemId,
        ownerId: query.ownerId,
      },
      page.orderBy,
      page.pageSize,
      page.offset,
    );
    return toPage(items, total, page);
  }

  async getFollowUp(user: RequestUser, id: string): Promise<FollowUpRecord> {
    const followUp = await this.repo.findFollowUp(this.dataSource.manager, id);
    if (!followUp) throw CommonErrors.notFound('follow_up');
    assertInScope(user, followUp.stationId, 'follow_up');
    return followUp;
  }

  async createFollowUp(user: RequestUser, dto: CreateFollowUpDto): Promise<FollowUpRecord> {
    const stationId = this.writerStation(user);
    return this.dataSource.transaction(async (tx) => {
      const item = await this.repo.findItem(tx, dto.councilItemId);
      if (!item || item.stationId !== stationId) throw CouncilErrors.unknownItem();
      if (dto.dueOn < item.meetingHeldOn) throw CouncilErrors.dueBeforeMeeting(item.meetingHeldOn);
      if (!(await this.repo.isStationMember(tx, dto.ownerId, stationId))) throw CouncilErrors.unknownOwner();
      const values = {
        councilItemId: item.id,
        stationId,
        title: dto.title.trim(),
        ownerId: dto.ownerId,
        dueOn: dto.dueOn,
      };
      const id = await this.repo.insertFollowUp(tx, values);
      await this.audit.record(tx, {
        action: 'follow_up.create',
        entityType: 'follow_up',
        entityId: id,
        stationId,
        changes: diffChanges(null, { ...values, status: 'open' }, ['councilItemId', ...FOLLOW_UP_FIELDS]),
      });
      return (await this.repo.findFollowUp(tx, id))!;
    });
  }

  async updateFollowUp(user: RequestUser, id: string, dto: UpdateFollowUpDto): Promise<FollowUpRecord> {
    this.writerStation(user);
    return this.dataSource.transaction(async (tx) => {
      const before = await this.repo.findFollowUp(tx, id);
      if (!before) throw CommonErrors.notFound('follow_up');
      assertInScope(user, before.stationId, 'follow_up');
      const status = dto.status ?? before.status;
      if (status !== before.status && !TRANSITIONS[before.status].includes(status))
        throw CouncilErrors.illegalTransition(before.status, status);
      const result = dto.result === undefined ? before.result : dto.result;
      if (status === 'done' && !result?.trim()) throw CouncilErrors.resultRequired();
      if (dto.dueOn && dto.dueOn < before.meetingHeldOn)
        throw CouncilErrors.dueBeforeMeeting(before.meetingHeldOn);
      if (dto.ownerId && !(await this.repo.isStationMember(tx, dto.ownerId, before.stationId)))
        throw CouncilErrors.unknownOwner();
      let closedAt: Date | null | undefined;
      if (status !== before.status) closedAt = CLOSED.includes(status) ? new Date() : null;
      await updateVersioned(
        tx,
        'follow_ups',
        'follow_up',
        id,
        dto.version,
        {
          title: dto.title?.trim(),
          ownerId: dto.ownerId,
          dueOn: dto.dueOn,
          status: dto.status,
          result: dto.result === undefined ? undefined : dto.result?.trim() || null,
          closedAt,
        },
        { stationId: before.stationId },
      );
      const after = (await this.repo.findFollowUp(tx, id))!;
      await this.audit.record(tx, {
        action: 'follow_up.update',
        entityType: 'follow_up',
        entityId: id,
        stationId: after.stationId,
        changes: diffChanges({ ...before }, { ...after }, FOLLOW_UP_FIELDS),
      });
      return after;
    });
  }

  async addLink(user: RequestUser, followUpId: string, dto: CreateFollowUpLinkDto): Promise<LinkRecord> {
    this.writerStation(user);
    if (!!dto.visitId === !!dto.seminarId) throw CouncilErrors.linkChoice();
    return this.dataSource.transaction(async (tx) => {
      const followUp = await this.repo.findFollowUp(tx, followUpId);
      if (!followUp) throw CommonErrors.notFound('follow_up');
      assertInScope(user, followUp.stationId, 'follow_up');
      if (dto.visitId && (await this.repo.visitStation(tx, dto.visitId)) !== followUp.stationId)
        throw CouncilErrors.unknownVisit();
      if (dto.seminarId && (await this.repo.seminarStation(tx, dto.seminarId)) !== followUp.stationId)
        throw CouncilErrors.unknownSeminar();
      const linkId = await this.repo.insertLink(tx, {
        followUpId,
        visitId: dto.visitId ?? null,
        seminarId: dto.seminarId ?? null,
        createdBy: user.id,
      });
      if (!linkId) throw CouncilErrors.linkExists();
      await this.audit.record(tx, {
        action: 'follow_up.link_add',
        entityType: 'follow_up',
        entityId: followUpId,
        stationId: followUp.stationId,
        changes: {
          link: { before: null, after: { id: linkId, visitId: dto.visitId, seminarId: dto.seminarId } },
        },
      });
      return (await this.repo.findLink(tx, followUpId, linkId))!;
    });
  }

  async removeLink(user: RequestUser, followUpId: string, linkId: string): Promise<void> {
    this.writerStation(user);
    await this.dataSource.transaction(async (tx) => {
      const followUp = await this.repo.findFollowUp(tx, followUpId);
      if (!followUp) throw CommonErrors.notFound('follow_up');
      assertInScope(user, followUp.stationId, 'follow_up');
      const link = await this.repo.findLink(tx, followUpId, linkId);
      if (!link) throw CommonErrors.notFound('follow_up_link');
      await this.repo.deleteLink(tx, linkId);
      await this.audit.record(tx, {
        action: 'follow_up.link_remove',
        entityType: 'follow_up',
        entityId: followUpId,
        stationId: followUp.stationId,
        changes: {
          link: { before: { id: link.id, visitId: link.visitId, seminarId: link.seminarId }, after: null },
        },
      });
    });
  }

  // --- report back

  async reportBack(user: RequestUser, meetingId: string): Promise<ReportBackDto> {
    const manager = this.dataSource.manager;
    const meeting = await this.repo.findMeeting(manager, meetingId);
    if (!meeting) throw CommonErrors.notFound('meeting');
    assertInScope(user, meeting.stationId, 'meeting');
    const previousOn = await this.repo.previousMeetingOn(manager, meeting.stationId, meeting.heldOn);
    const rows = await this.repo.reportFollowUps(manager, meeting.stationId, meeting.heldOn, previousOn);
    const [evidence, topicLabels] = await Promise.all([
      this.repo.evidence(
        manager,
        rows.map((r) => r.id),
      ),
      this.repo.topicLabels(manager),
    ]);
    return buildReportBack(meeting, previousOn, rows, evidence, topicLabels);
  }
}
