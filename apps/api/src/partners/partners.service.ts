import { ActivitiesService } from '../activities/activities.service';
import { VisitsService } from '../visits/visits.service';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, diffChanges } from '../../../../libs/audit/audit.service';
import { stationScope } from '../../../../libs/auth/station-scope';
import { bumpVersion, updateVersioned } from '../../../../libs/database/versioned-update';
import { CommonErrors } from '../../../../libs/http/domain-error';
import { Page, pageRequest, toPage } from '../../../../libs/http/pagination';
import type { RequestUser } from '../../../../libs/http/request-context';
import { CreateLiaisonDto, LiaisonListQueryDto } from './dto/liaison.dto';
import { SeminarsService } from '../seminars/seminars.service';
import {
  AddNetworkMemberDto,
  CreatedPartnerDto,
  CreatePartnerDto,
  MergePartnerDto,
  PartnerListQueryDto,
  PartnerMergeResultDto,
  UpdatePartnerDto,
} from './dto/partner.dto';
import { partnerNormalizedName } from './partner-text';
import { PartnerErrors } from './partners.errors';
import {
  LiaisonRecord,
  MemberRecord,
  PartnerRecord,
  PartnerScope,
  PartnersRepository,
} from './partners.repository';

const DEFAULT_PREFECTURE = '35';
const NO_PREFECTURE = '--';
const EDITABLE = ['name', 'kind', 'department', 'contactName', 'phone', 'email', 'notes'] as const;

/**
 * Partner agencies (関係機関): prefecture-wide ones (station_id null) are hq's, shared by the stations
 * of the prefecture; a station's officers and managers add and edit their station's own local
 * partners, which only that station (and hq) sees. hq merges duplicates. Liaison records belong to
 * the station that met the partner.
 *
 * Officers may add partners as well as managers: they are the ones who meet the city's divisions and
 * record the liaisons, as they keep the organization registry; the duplicate warning and hq's merge
 * keep the list clean, and every write is audited with the station.
 */
@Injectable()
export class PartnersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: PartnersRepository,
    private readonly audit: AuditService,
    private readonly seminars: SeminarsService,
    private readonly activities: ActivitiesService,
    private readonly visits: VisitsService,
  ) {}

  /** hq/admin: every partner; a station user: the prefecture's shared partners and the station's own. */
  private async scope(manager: EntityManager, user: RequestUser): Promise<PartnerScope> {
    const station = stationScope(user);
    if (station === null) return { prefectureCode: null, stationId: null };
    return {
      prefectureCode: (await this.repo.stationPrefecture(manager, station)) ?? NO_PREFECTURE,
      stationId: station,
    };
  }

  private static inScope(partner: PartnerRecord, scope: PartnerScope): boolean {
    return (
      (scope.prefectureCode === null || partner.prefectureCode === scope.prefectureCode) &&
      (scope.stationId === null || partner.stationId === null || partner.stationId === scope.stationId)
    );
  }

  /** A partner the user may see, else 404. */
  private async visiblePartner(
    manager: EntityManager,
    user: RequestUser,
    id: string,
  ): Promise<PartnerRecord> {
    const partner = await this.repo.find(manager, id);
    if (!partner || !PartnersService.inScope(partner, await this.scope(manager, user)))
      throw CommonErrors.notFound('partner');
    return partner;
  }

  /** Station users edit their station's own partners; prefecture-wide ones are hq's (403). */
  private static assertEditable(user: RequestUser, partner: PartnerRecord): void {
    const station = stationScope(user);
    if (station !== null && partner.stationId !== station) throw PartnerErrors.prefectureWide();
    if (partner.status === 'archived') throw PartnerErrors.archived();
  }

  async list(user: RequestUser, query: PartnerListQueryDto): Promise<Page<PartnerRecord>> {
    const page = pageRequest(
      query,
      { name: 'p.name', kind: 'p.kind', prefectureCode: 'p.prefecture_code' },
      'name',
      'p.id',
    );
    const scope = await this.scope(this.dataSource.manager, user);
    const { items, total } = await this.repo.list(
      scope,
      {
        prefectureCode: query.prefectureCode,
        kind: query.kind,
        q: query.q,
        owner: query.owner,
        stationId: query.stationId,
        includeArchived: query.includeArchived === 'true',
      },
      page.orderBy,
      page.pageSize,
      page.offset,
    );
    return toPage(items, total, page);
  }

  get(user: RequestUser, id: string): Promise<PartnerRecord> {
    return this.visiblePartner(this.dataSource.manager, user, id);
  }

  async create(user: RequestUser, dto: CreatePartnerDto): Promise<CreatedPartnerDto> {
    return this.dataSource.transaction(async (tx) => {
      // Officers and managers: always their station's own partner. hq/admin: the one they name, or prefecture-wide.
      const stationId = stationScope(user) ?? dto.stationId ?? null;
      let prefectureCode: string;
      if (stationId !== null) {
        const stationPrefecture = await this.repo.stationPrefecture(tx, stationId);
        if (stationPrefecture === undefined) throw PartnerErrors.unknownStation();
        prefectureCode = stationPrefecture;
      } else {
        const own = user.stationId ? await this.repo.stationPrefecture(tx, user.stationId) : undefined;
        prefectureCode = dto.prefectureCode ?? own ?? DEFAULT_PREFECTURE;
      }
      const name = dto.name.trim();
      const values = {
        prefectureCode,
        stationId,
        name,
        kind: dto.kind,
        department: dto.department ?? null,
        contactName: dto.contactName ?? null,
        phone: dto.phone ?? null,
        email: dto.email ?? null,
        notes: dto.notes ?? null,
      };
      const normalizedName = partnerNormalizedName(values.name, values.department);
      const id = await this.repo.insert(tx, { ...values, normalizedName });
      await this.audit.record(tx, {
        action: 'partner.create',
        entityType: 'partner',
        entityId: id,
        stationId,
        changes: diffChanges(null, values),
      });
      const result: CreatedPartnerDto = (await this.repo.find(tx, id))!;
      const scope = await this.scope(tx, user);
      const duplicates = await this.repo.sameNormalizedName(tx, scope, prefectureCode, normalizedName, id);
      if (duplicates.length > 0) result.possibleDuplicates = duplicates;
      return result;
    });
  }

  async update(user: RequestUser, id: string, dto: UpdatePartnerDto): Promise<PartnerRecord> {
    return this.dataSource.transaction(async (tx) => {
      const before = await this.visiblePartner(tx, user, id);
      PartnersService.assertEditable(user, before);
      if (dto.kind && dto.kind !== 'network' && before.kind === 'network' && before.memberCount > 0)
        throw PartnerErrors.membersExist();
      const name = dto.name?.trim();
      const department = dto.department === undefined ? before.department : dto.department;
      await updateVersioned(tx, 'partners', 'partner', id, dto.version, {
        normalizedName:
          name !== undefined || dto.department !== undefined
            ? partnerNormalizedName(name ?? before.name, department)
            : undefined,
        name,
        kind: dto.kind,
        department: dto.department,
        contactName: dto.contactName,
        phone: dto.phone,
        email: dto.email,
        notes: dto.notes,
      });
      const after = (await this.repo.find(tx, id))!;
      await this.audit.record(tx, {
        action: 'partner.update',
        entityType: 'partner',
        entityId: id,
        stationId: before.stationId,
        changes: diffChanges({ ...before }, { ...after }, [...EDITABLE]),
      });
      return after;
    });
  }

  /**
   * hq merges a duplicate (the path partner) into `intoId`, which is kept: liaisons, network members
   * and memberships, and seminars' co-organizers move to it (set-based); the duplicate is archived
   * with merged_into_id. The kept partner is prefecture-wide or of the duplicate's station, so every
   * moved liaison stays visible to its station. One transaction, audited on both.
   */
  async merge(user: RequestUser, id: string, dto: MergePartnerDto): Promise<PartnerMergeResultDto> {
    if (dto.intoId === id) throw PartnerErrors.mergeSame();
    return this.dataSource.transaction(async (tx) => {
      await this.repo.lock(tx, [id, dto.intoId]);
      const from = await this.visiblePartner(tx, user, id);
      const into = await this.visiblePartner(tx, user, dto.intoId);
      if (from.status === 'archived' || into.status === 'archived') throw PartnerErrors.archived();
      if (
        from.prefectureCode !== into.prefectureCode ||
        (into.stationId !== null && into.stationId !== from.stationId)
      )
        throw PartnerErrors.mergeScope();
      if (from.kind === 'network' && from.memberCount > 0 && into.kind !== 'network')
        throw PartnerErrors.mergeNetwork();
      await bumpVersion(tx, 'partners', 'partner', from.id, dto.version);
      await bumpVersion(tx, 'partners', 'partner', into.id, dto.intoVersion);
      const moved = {
        ...(await this.repo.moveReferences(tx, from.id, into.id)),
        seminars: await this.seminars.movePartnerReferences(tx, from.id, into.id),
        activities: await this.activities.movePartnerReferences(tx, from.id, into.id),
        jointVisits: await this.visits.movePartnerReferences(tx, from.id, into.id),
      };
      await this.repo.archiveMerged(tx, from.id, into.id);
      await this.audit.recordMany(tx, [
        {
          action: 'partner.merge',
          entityType: 'partner',
          entityId: into.id,
          stationId: into.stationId,
          changes: { mergedFromId: from.id, mergedFromName: from.name, moved },
        },
        {
          action: 'partner.archive',
          entityType: 'partner',
          entityId: from.id,
          stationId: from.stationId,
          changes: { status: { before: from.status, after: 'archived' }, mergedIntoId: into.id },
        },
      ]);
      return {
        partner: (await this.repo.find(tx, into.id))!,
        merged: (await this.repo.find(tx, from.id))!,
        moved,
      };
    });
  }

  async listMembers(user: RequestUser, id: string): Promise<{ items: MemberRecord[] }> {
    const partner = await this.visiblePartner(this.dataSource.manager, user, id);
    return { items: await this.repo.listMembers(partner.id, stationScope(user)) };
  }

  async addMember(user: RequestUser, id: string, dto: AddNetworkMemberDto): Promise<MemberRecord> {
    if (!!dto.organizationId === !!dto.partnerId) throw PartnerErrors.memberChoice();
    return this.dataSource.transaction(async (tx) => {
      const network = await this.visiblePartner(tx, user, id);
      if (network.status === 'archived') throw PartnerErrors.archived();
      if (network.kind !== 'network') throw PartnerErrors.notNetwork();
      let stationId: string | null = null;
      if (dto.organizationId) {
        const org = await this.repo.findOrganizationForMember(tx, dto.organizationId, {
          stationId: stationScope(user),
          prefectureCode: network.prefectureCode,
        });
        if (!org) throw PartnerErrors.unknownOrganization();
        stationId = org.stationId;
      } else {
        const member = await this.repo.find(tx, dto.partnerId!);
        if (
          !member ||
          member.id === network.id ||
          member.status === 'archived' ||
          member.prefectureCode !== network.prefectureCode ||
          !PartnersService.inScope(member, await this.scope(tx, user))
        )
          throw PartnerErrors.unknownMemberPartner();
      }
      const memberId = await this.repo.insertMember(tx, network.id, {
        organizationId: dto.organizationId ?? null,
        partnerId: dto.partnerId ?? null,
      });
      if (!memberId) throw PartnerErrors.memberExists();
      await this.audit.record(tx, {
        action: 'partner.member_add',
        entityType: 'partner',
        entityId: network.id,
        stationId,
        changes: {
          member: { before: null, after: { organizationId: dto.organizationId, partnerId: dto.partnerId } },
        },
      });
      return this.repo.findMember(tx, memberId);
    });
  }

  /** Station users remove their own station's organizations; hq and admins any member. */
  async removeMember(user: RequestUser, id: string, memberId: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const network = await this.visiblePartner(tx, user, id);
      const member = await this.repo.findMember(tx, memberId);
      const station = stationScope(user);
      if (
        !member ||
        member.networkId !== network.id ||
        (station !== null && (member.organizationId === null || member.stationId !== station))
      )
        throw CommonErrors.notFound('network_member');
      await this.repo.deleteMember(tx, memberId);
      await this.audit.record(tx, {
        action: 'partner.member_remove',
        entityType: 'partner',
        entityId: network.id,
        stationId: member.stationId,
        changes: {
          member: {
            before: { organizationId: member.organizationId, partnerId: member.partnerId },
            after: null,
          },
        },
      });
    });
  }

  async listLiaisons(
    user: RequestUser,
    id: string,
    query: LiaisonListQueryDto,
  ): Promise<Page<LiaisonRecord>> {
    const partner = await this.visiblePartner(this.dataSource.manager, user, id);
    const page = pageRequest(query, { heldOn: 'l.held_on', subject: 'l.subject' }, '-heldOn', 'l.id');
    const { items, total } = await this.repo.listLiaisons(
      partner.id,
      { stationId: stationScope(user), from: query.from, to: query.to },
      page.orderBy,
      page.pageSize,
      page.offset,
    );
    return toPage(items, total, page);
  }

  async createLiaison(user: RequestUser, id: string, dto: CreateLiaisonDto): Promise<LiaisonRecord> {
    const stationId = stationScope(user);
    if (!stationId) throw CommonErrors.forbidden();
    return this.dataSource.transaction(async (tx) => {
      const partner = await this.visiblePartner(tx, user, id);
      if (partner.status === 'archived') throw PartnerErrors.archived();
      const topics = [...new Set(dto.topics ?? [])];
      const unknown = await this.repo.unknownTopics(tx, topics);
      if (unknown.length > 0) throw PartnerErrors.unknownTopics(unknown);
      const liaison = await this.repo.insertLiaison(tx, {
        partnerId: partner.id,
        stationId,
        heldOn: dto.heldOn,
        ourAttendees: dto.ourAttendees.map((s) => s.trim()).filter(Boolean),
        theirAttendees: dto.theirAttendees.map((s) => s.trim()).filter(Boolean),
        subject: dto.subject.trim(),
        agreed: dto.agreed ?? null,
        followUp: dto.followUp ?? null,
        topics,
        createdBy: user.id,
      });
      await this.audit.record(tx, {
        action: 'liaison.create',
        entityType: 'liaison',
        entityId: liaison.id,
        stationId,
        changes: diffChanges(null, { ...liaison }, [
          'partnerId',
          'heldOn',
          'ourAttendees',
          'theirAttendees',
          'subject',
          'agreed',
          'followUp',
          'topics',
        ]),
      });
      return liaison;
    });
  }
}
