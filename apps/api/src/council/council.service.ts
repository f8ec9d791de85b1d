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
import { minutesDocx, minutesPdf, reportBackDocx, reportBackPdf } from './council.documents';
import { fiscalYearOf } from '../../../../libs/japanese/fiscal-year';
import { todayJst } from '../../../../libs/japanese/jst';
import type { DiscussionTurnDto } from './dto/meeting.dto';

const MEETING_FIELDS = [
  'heldOn',
  'place',
  'attendance',
  'agenda',
  'consultationTopic',
  'notes',
  'fiscalYear',
  'sequence',
  'title',
  'titleDerived',
  'startTime',
  'endTime',
  'memberAttendees',
  'policeAttendees',
  'chairGreeting',
  'chiefGreeting',
  'businessReport',
  'businessReportBy',
  'consultationExplanation',
  'discussion',
  'review',
  'reviewBy',
  'handouts',
];

/** Text fields of the minutes: trimmed, empty → null. */
const MINUTES_TEXT = [
  'chairGreeting',
  'chiefGreeting',
  'businessReport',
  'businessReportBy',
  'consultationExplanation',
  'review',
  'reviewBy',
] as const;

const cleanList = (list: string[] | undefined): string[] | undefined =>
  list?.map((a) => a.trim()).filter(Boolean);

const cleanText = (v: string | null | undefined): string | null | undefined =>
  v === undefined ? undefined : v?.trim() || null;

const cleanTurns = (turns: DiscussionTurnDto[] | undefined) =>
  turns?.map((t) => ({
    speakerRole: t.speakerRole.trim(),
    ...(t.speaker?.trim() ? { speaker: t.speaker.trim() } : {}),
    text: t.text.trim(),
  }));

/** Recorded counts; a list of names counts its people when no count is given. */
function attendanceWith(
  a: AttendanceDto | undefined,
  members: string[] | undefined,
  police: string[] | undefined,
  before: Record<string, number> = {},
): Record<string, number> {
  const out = a ? attendanceOf(a) : { ...before };
  if (members && members.length > 0 && a?.members === undefined) out.members = members.length;
  if (police && police.length > 0 && a?.police === undefined) out.police = police.length;
  return out;
}

export type MinutesFormat = 'pdf' | 'docx';
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
    if (dto.startTime && dto.endTime && dto.endTime <= dto.startTime) throw CouncilErrors.endBeforeStart();
    return this.dataSource.transaction(async (tx) => {
      const fiscalYear = dto.fiscalYear ?? (dto.sequence !== undefined ? fiscalYearOf(dto.heldOn) : null);
      if (
        dto.sequence !== undefined &&
        (await this.repo.sequenceTaken(tx, stationId, fiscalYear!, dto.sequence, null))
      )
        throw CouncilErrors.sequenceTaken(dto.sequence);
      const memberAttendees = cleanList(dto.memberAttendees) ?? [];
      const policeAttendees = cleanList(dto.policeAttendees) ?? [];
      const values = {
        stationId,
        heldOn: dto.heldOn,
        place: dto.place ?? null,
        attendance: attendanceWith(dto.attendance, memberAttendees, policeAttendees),
        agenda: cleanList(dto.agenda) ?? [],
        consultationTopic: dto.consultationTopic ?? null,
        notes: dto.notes ?? null,
        fiscalYear,
        sequence: dto.sequence ?? null,
        title: dto.title?.trim() || null,
        startTime: dto.startTime ?? null,
        endTime: dto.endTime ?? null,
        memberAttendees,
        policeAttendees,
        chairGreeting: cleanText(dto.chairGreeting) ?? null,
        chiefGreeting: cleanText(dto.chiefGreeting) ?? null,
        businessReport: cleanText(dto.businessReport) ?? null,
        businessReportBy: cleanText(dto.businessReportBy) ?? null,
        consultationExplanation: cleanText(dto.consultationExplanation) ?? null,
        discussion: cleanTurns(dto.discussion) ?? [],
        review: cleanText(dto.review) ?? null,
        reviewBy: cleanText(dto.reviewBy) ?? null,
        handouts: cleanList(dto.handouts) ?? [],
      };
      const id = await this.repo.insertMeeting(tx, values);
      const created = (await this.repo.findMeeting(tx, id))!;
      await this.audit.record(tx, {
        action: 'meeting.create',
        entityType: 'council_meeting',
        entityId: id,
        stationId,
        changes: diffChanges(null, { ...created }, MEETING_FIELDS),
      });
      return { ...created, items: [] };
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
      const start = dto.startTime === undefined ? before.startTime : dto.startTime;
      const end = dto.endTime === undefined ? before.endTime : dto.endTime;
      if (start && end && end <= start) throw CouncilErrors.endBeforeStart();

      // 年度 follows the day unless given; 第N回 is derived again when the year changes, unless given.
      const heldOn = dto.heldOn ?? before.heldOn;
      const fiscalYear =
        dto.fiscalYear ??
        (dto.heldOn && dto.heldOn !== before.heldOn ? fiscalYearOf(heldOn) : before.fiscalYear);
      let sequence = dto.sequence;
      if (sequence !== undefined) {
        if (await this.repo.sequenceTaken(tx, before.stationId, fiscalYear, sequence, id))
          throw CouncilErrors.sequenceTaken(sequence);
      } else if (fiscalYear !== before.fiscalYear) {
        sequence = await this.repo.derivedSequence(tx, before.stationId, fiscalYear, heldOn, id);
      }
      const memberAttendees = cleanList(dto.memberAttendees);
      const policeAttendees = cleanList(dto.policeAttendees);
      const attendance =
        dto.attendance || memberAttendees || policeAttendees
          ? attendanceWith(dto.attendance, memberAttendees, policeAttendees, before.attendance)
          : undefined;
      const text = Object.fromEntries(MINUTES_TEXT.map((f) => [f, cleanText(dto[f])]));
      await updateVersioned(
        tx,
        'council_meetings',
        'meeting',
        id,
        dto.version,
        {
          heldOn: dto.heldOn,
          place: dto.place,
          attendance: attendance ? JSON.stringify(attendance) : undefined,
          agenda: cleanList(dto.agenda),
          consultationTopic: dto.consultationTopic,
          notes: dto.notes,
          fiscalYear: fiscalYear !== before.fiscalYear ? fiscalYear : undefined,
          sequence,
          // A title given is kept as written; null goes back to the derived one (the trigger writes it).
          title: dto.title === undefined ? undefined : (dto.title?.trim() ?? before.title),
          titleDerived: dto.title === undefined ? undefined : dto.title === null,
          startTime: dto.startTime,
          endTime: dto.endTime,
          memberAttendees,
          policeAttendees,
          ...text,
          discussion: dto.discussion ? JSON.stringify(cleanTurns(dto.discussion)) : undefined,
          handouts: cleanList(dto.handouts),
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

  /** The 会議録 as PDF or DOCX; the download is audited like an export (it leaves the system). */
  async minutes(
    user: RequestUser,
    id: string,
    format: MinutesFormat,
  ): Promise<{ buffer: Buffer; filename: string; format: MinutesFormat }> {
    const meeting = await this.getMeeting(user, id);
    const buffer =
      format === 'docx'
        ? await minutesDocx(meeting, meeting.items)
        : await minutesPdf(meeting, meeting.items);
    await this.dataSource.transaction((tx) =>
      this.audit.record(tx, {
        action: 'export.meeting_minutes',
        entityType: 'council_meeting',
        entityId: id,
        stationId: meeting.stationId,
        changes: { format, bytes: buffer.length },
      }),
    );
    return { buffer, filename: `${meeting.title}会議録.${format}`, format };
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

  async reportBack(user: RequestUser, meetingId: string, asOf?: string): Promise<ReportBackDto> {
    const manager = this.dataSource.manager;
    const meeting = await this.repo.findMeeting(manager, meetingId);
    if (!meeting) throw CommonErrors.notFound('meeting');
    assertInScope(user, meeting.stationId, 'meeting');
    const previousOn = await this.repo.previousMeetingOn(manager, meeting.stationId, meeting.heldOn);
    const rows = await this.repo.reportFollowUps(manager, meeting);
    const [evidence, topicLabels] = await Promise.all([
      this.repo.evidence(
        manager,
        rows.flatMap((r) => (r.id ? [r.id] : [])),
      ),
      this.repo.topicLabels(manager),
    ]);
    return buildReportBack(meeting, previousOn, rows, evidence, topicLabels, asOf ?? todayJst());
  }

  /** The report-back as PDF or DOCX, audited like an export. */
  async reportBackFile(
    user: RequestUser,
    meetingId: string,
    format: MinutesFormat,
    asOf?: string,
  ): Promise<{ buffer: Buffer; filename: string; format: MinutesFormat }> {
    const report = await this.reportBack(user, meetingId, asOf);
    const buffer = format === 'docx' ? await reportBackDocx(report) : await reportBackPdf(report);
    const stationId = (await this.repo.findMeeting(this.dataSource.manager, meetingId))!.stationId;
    await this.dataSource.transaction((tx) =>
      this.audit.record(tx, {
        action: 'export.meeting_report_back',
        entityType: 'council_meeting',
        entityId: meetingId,
        stationId,
        changes: { format, asOf: report.asOf, bytes: buffer.length },
      }),
    );
    return { buffer, filename: `${report.meeting.title}措置結果.${format}`, format };
  }
}
