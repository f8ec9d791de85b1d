import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, diffChanges } from '../../../../libs/audit/audit.service';
import { assertInScope, stationScope } from '../../../../libs/auth/station-scope';
import { updateVersioned } from '../../../../libs/database/versioned-update';
import { CommonErrors, FieldError } from '../../../../libs/http/domain-error';
import { Page, pageRequest, toPage } from '../../../../libs/http/pagination';
import type { RequestUser } from '../../../../libs/http/request-context';
import {
  CreateSeminarDto,
  ParticipantInputDto,
  SeminarListQueryDto,
  SpeakerDto,
  UpdateSeminarDto,
} from './dto/seminar.dto';
import type { SeminarSpeaker } from './entities/seminar.entity';
import { SeminarErrors } from './seminars.errors';
import { ParticipantRow, SeminarRecord, SeminarsRepository } from './seminars.repository';

const AUDITED = [
  'title',
  'kind',
  'heldOn',
  'venue',
  'speakers',
  'topics',
  'notes',
  'partnerIds',
  'councilItemIds',
];

const participantsForAudit = (s: SeminarRecord) =>
  s.participants.map((p) => ({
    organizationId: p.organizationId,
    name: p.name,
    attendeeCount: p.attendeeCount,
  }));

/** Seminars, briefings and school lectures: one-to-many outreach with its participants. */
@Injectable()
export class SeminarsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: SeminarsRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * A partner merged into another (the partners feature, in its transaction): seminars co-organized
   * by `fromId` name `intoId` instead (once). Answers how many seminars changed.
   */
  movePartnerReferences(tx: EntityManager, fromId: string, intoId: string): Promise<number> {
    return this.repo.movePartner(tx, fromId, intoId);
  }

  async list(user: RequestUser, query: SeminarListQueryDto): Promise<Page<SeminarRecord>> {
    const page = pageRequest(
      query,
      { heldOn: 's.held_on', title: 's.title', kind: 's.kind', createdAt: 's.created_at' },
      '-heldOn',
      's.id',
    );
    const { items, total } = await this.repo.list(
      { stationId: stationScope(user), ...query },
      page.orderBy,
      page.pageSize,
      page.offset,
    );
    return toPage(items, total, page);
  }

  async get(user: RequestUser, id: string): Promise<SeminarRecord> {
    const seminar = await this.repo.find(this.dataSource.manager, id);
    if (!seminar) throw CommonErrors.notFound('seminar');
    assertInScope(user, seminar.stationId, 'seminar');
    return seminar;
  }

  async create(user: RequestUser, dto: CreateSeminarDto): Promise<SeminarRecord> {
    const stationId = stationScope(user);
    if (!stationId) throw CommonErrors.forbidden();
    const participants = this.participantRows(dto.participants ?? []);
    const speakers = this.speakers(dto.speakers ?? []);
    const partnerIds = [...new Set(dto.partnerIds ?? [])];
    const councilItemIds = [...new Set(dto.councilItemIds ?? [])];
    const topics = [...new Set(dto.topics ?? [])];
    return this.dataSource.transaction(async (tx) => {
      await this.checkReferences(tx, stationId, {
        participants,
        partnerIds,
        councilItemIds,
        topics,
        speakers,
      });
      const id = await this.repo.insert(tx, {
        stationId,
        title: dto.title.trim(),
        kind: dto.kind,
        heldOn: dto.heldOn,
        venue: dto.venue ?? null,
        speakers,
        topics,
        notes: dto.notes ?? null,
        createdBy: user.id,
      });
      await this.repo.replaceParticipants(tx, id, participants);
      await this.repo.replacePartners(tx, id, partnerIds);
      await this.repo.replaceCouncilItems(tx, id, councilItemIds);
      const seminar = (await this.repo.find(tx, id))!;
      await this.audit.record(tx, {
        action: 'seminar.create',
        entityType: 'seminar',
        entityId: id,
        stationId,
        changes: {
          ...diffChanges(null, { ...seminar }, AUDITED),
          participants: { before: null, after: participantsForAudit(seminar) },
          totalAttendees: { before: null, after: seminar.totalAttendees },
        },
      });
      return seminar;
    });
  }

  async update(user: RequestUser, id: string, dto: UpdateSeminarDto): Promise<SeminarRecord> {
    const participants = dto.participants ? this.participantRows(dto.participants) : undefined;
    const speakers = dto.speakers ? this.speakers(dto.speakers) : undefined;
    const partnerIds = dto.partnerIds ? [...new Set(dto.partnerIds)] : undefined;
    const councilItemIds = dto.councilItemIds ? [...new Set(dto.councilItemIds)] : undefined;
    const topics = dto.topics ? [...new Set(dto.topics)] : undefined;
    return this.dataSource.transaction(async (tx) => {
      const before = await this.repo.find(tx, id);
      if (!before) throw CommonErrors.notFound('seminar');
      assertInScope(user, before.stationId, 'seminar');
      await this.checkReferences(tx, before.stationId, {
        participants: participants ?? [],
        partnerIds: partnerIds ?? [],
        councilItemIds: councilItemIds ?? [],
        topics: topics ?? [],
        speakers: speakers ?? [],
      });
      // The versioned update comes first: a stale version changes nothing (409).
      await updateVersioned(
        tx,
        'seminars',
        'seminar',
        id,
        dto.version,
        {
          title: dto.title?.trim(),
          kind: dto.kind,
          heldOn: dto.heldOn,
          venue: dto.venue,
          speakers: speakers ? JSON.stringify(speakers) : undefined,
          topics,
          notes: dto.notes,
        },
        { stationId: before.stationId },
      );
      if (participants) await this.repo.replaceParticipants(tx, id, participants);
      if (partnerIds) await this.repo.replacePartners(tx, id, partnerIds);
      if (councilItemIds) await this.repo.replaceCouncilItems(tx, id, councilItemIds);
      const after = (await this.repo.find(tx, id))!;
      const changes: Record<string, unknown> = diffChanges({ ...before }, { ...after }, AUDITED);
      if (participants) {
        const b = participantsForAudit(before);
        const a = participantsForAudit(after);
        if (JSON.stringify(a) !== JSON.stringify(b)) {
          changes.participants = { before: b, after: a };
          changes.totalAttendees = { before: before.totalAttendees, after: after.totalAttendees };
        }
      }
      await this.audit.record(tx, {
        action: 'seminar.update',
        entityType: 'seminar',
        entityId: id,
        stationId: after.stationId,
        changes,
      });
      return after;
    });
  }

  /** Exactly one of organizationId / name per row; the same organization only once. */
  private participantRows(input: ParticipantInputDto[]): ParticipantRow[] {
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    const rows = input.map((p, i) => {
      const name = p.name?.trim() || null;
      if (!p.organizationId === !name) errors.push(SeminarErrors.participantChoice(i));
      if (p.organizationId) {
        if (seen.has(p.organizationId)) errors.push(SeminarErrors.duplicateOrganization(i));
        seen.add(p.organizationId);
      }
      return {
        organizationId: p.organizationId ?? null,
        name: p.organizationId ? null : name,
        attendeeCount: p.attendeeCount,
      };
    });
    if (errors.length > 0) throw SeminarErrors.invalidReferences(errors);
    return rows;
  }

  private speakers(input: SpeakerDto[]): SeminarSpeaker[] {
    return input.map((s) => ({
      ...(s.userId ? { userId: s.userId } : {}),
      name: s.name.trim(),
      ...(s.affiliation?.trim() ? { affiliation: s.affiliation.trim() } : {}),
    }));
  }

  /** Organizations, partners, council items, topics and speaking officers must exist for this station. */
  private async checkReferences(
    tx: EntityManager,
    stationId: string,
    refs: {
      participants: ParticipantRow[];
      partnerIds: string[];
      councilItemIds: string[];
      topics: string[];
      speakers: SeminarSpeaker[];
    },
  ): Promise<void> {
    const organizationIds = refs.participants.flatMap((p) => (p.organizationId ? [p.organizationId] : []));
    const userIds = refs.speakers.flatMap((s) => (s.userId ? [s.userId] : []));
    const bad = await this.repo.invalidReferences(tx, stationId, {
      organizationIds,
      partnerIds: refs.partnerIds,
      councilItemIds: refs.councilItemIds,
      topics: refs.topics,
      userIds,
    });
    const errors: FieldError[] = [];
    const badOrgs = new Set(bad.organizationIds);
    refs.participants.forEach((p, i) => {
      if (p.organizationId && badOrgs.has(p.organizationId))
        errors.push(SeminarErrors.unknownOrganization(i));
    });
    const badUsers = new Set(bad.userIds);
    refs.speakers.forEach((s, i) => {
      if (s.userId && badUsers.has(s.userId)) errors.push(SeminarErrors.unknownSpeaker(i));
    });
    if (bad.topics.length > 0) errors.push(SeminarErrors.unknownTopics(bad.topics));
    if (bad.partnerIds.length > 0) errors.push(SeminarErrors.unknownPartners(bad.partnerIds));
    if (bad.councilItemIds.length > 0) errors.push(SeminarErrors.unknownCouncilItems(bad.councilItemIds));
    if (errors.length > 0) throw SeminarErrors.invalidReferences(errors);
  }
}
