import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, diffChanges } from '../../../../libs/audit/audit.service';
import { stationScope } from '../../../../libs/auth/station-scope';
import { updateVersioned } from '../../../../libs/database/versioned-update';
import { CommonErrors } from '../../../../libs/http/domain-error';
import { Page, pageRequest, toPage } from '../../../../libs/http/pagination';
import type { RequestUser } from '../../../../libs/http/request-context';
import { CreateLiaisonDto, LiaisonListQueryDto } from './dto/liaison.dto';
import {
  AddNetworkMemberDto,
  CreatePartnerDto,
  PartnerListQueryDto,
  UpdatePartnerDto,
} from './dto/partner.dto';
import { PartnerErrors } from './partners.errors';
import { LiaisonRecord, MemberRecord, PartnerRecord, PartnersRepository } from './partners.repository';

const DEFAULT_PREFECTURE = '35';
const NO_PREFECTURE = '--';
const EDITABLE = ['name', 'kind', 'department', 'contactName', 'phone', 'email', 'notes'] as const;

/**
 * Partner agencies (関係機関) are shared by the stations of a prefecture: hq and admins manage them,
 * station users read their prefecture's. Liaison records belong to the station that met the partner.
 */
@Injectable()
export class PartnersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: PartnersRepository,
    private readonly audit: AuditService,
  ) {}

  /** The prefecture a station user is limited to; null for hq/admin (every prefecture). */
  private async prefectureScope(manager: EntityManager, user: RequestUser): Promise<string | null> {
    const station = stationScope(user);
    if (station === null) return null;
    return (await this.repo.stationPrefecture(manager, station)) ?? NO_PREFECTURE;
  }

  /** A partner the user may see, else 404. */
  private async visiblePartner(
    manager: EntityManager,
    user: RequestUser,
    id: string,
  ): Promise<PartnerRecord> {
    const partner = await this.repo.find(manager, id);
    const prefecture = await this.prefectureScope(manager, user);
    if (!partner || (prefecture !== null && partner.prefectureCode !== prefecture))
      throw CommonErrors.notFound('partner');
    return partner;
  }

  async list(user: RequestUser, query: PartnerListQueryDto): Promise<Page<PartnerRecord>> {
    const page = pageRequest(
      query,
      { name: 'p.name', kind: 'p.kind', prefectureCode: 'p.prefecture_code' },
      'name',
      'p.id',
    );
    const scoped = await this.prefectureScope(this.dataSource.manager, user);
    const prefectureCode = scoped ?? query.prefectureCode;
    const { items, total } = await this.repo.list(
      { prefectureCode, kind: query.kind, q: query.q },
      page.orderBy,
      page.pageSize,
      page.offset,
    );
    return toPage(items, total, page);
  }

  get(user: RequestUser, id: string): Promise<PartnerRecord> {
    return this.visiblePartner(this.dataSource.manager, user, id);
  }

  async create(user: RequestUser, dto: CreatePartnerDto): Promise<PartnerRecord> {
    return this.dataSource.transaction(async (tx) => {
      const own = user.stationId ? await this.repo.stationPrefecture(tx, user.stationId) : undefined;
      const prefectureCode = dto.prefectureCode ?? own ?? DEFAULT_PREFECTURE;
      const values = {
        prefectureCode,
        name: dto.name.trim(),
        kind: dto.kind,
        department: dto.department ?? null,
        contactName: dto.contactName ?? null,
        phone: dto.phone ?? null,
        email: dto.email ?? null,
        notes: dto.notes ?? null,
      };
      const id = await this.repo.insert(tx, values);
      await this.audit.record(tx, {
        action: 'partner.create',
        entityType: 'partner',
        entityId: id,
        changes: diffChanges(null, values),
      });
      return (await this.repo.find(tx, id))!;
    });
  }

  async update(id: string, dto: UpdatePartnerDto): Promise<PartnerRecord> {
    return this.dataSource.transaction(async (tx) => {
      const before = await this.repo.find(tx, id);
      if (!before) throw CommonErrors.notFound('partner');
      if (dto.kind && dto.kind !== 'network' && before.kind === 'network' && before.memberCount > 0)
        throw PartnerErrors.membersExist();
      await updateVersioned(tx, 'partners', 'partner', id, dto.version, {
        name: dto.name?.trim(),
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
        changes: diffChanges({ ...before }, { ...after }, [...EDITABLE]),
      });
      return after;
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
        if (!member || member.id === network.id || member.prefectureCode !== network.prefectureCode)
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
