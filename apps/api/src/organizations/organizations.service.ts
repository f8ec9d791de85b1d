import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, diffChanges } from '../../../../libs/audit/audit.service';
import { stationForWrite, stationScope } from '../../../../libs/auth/station-scope';
import { APP_CONFIG, type AppConfig } from '../../../../libs/config/app-config';
import { bumpVersion, updateVersioned } from '../../../../libs/database/versioned-update';
import { CommonErrors } from '../../../../libs/http/domain-error';
import { pageRequest, toPage, type Page } from '../../../../libs/http/pagination';
import type { RequestUser } from '../../../../libs/http/request-context';
import { addDays, todayJst } from '../../../../libs/japanese/jst';
import type { ContactDto, CreateContactDto, UpdateContactDto } from './dto/contact.dto';
import type {
  CoverageState,
  CreatedOrganizationDto,
  CreateOrganizationDto,
  MergeOrganizationDto,
  MergeResultDto,
  OrganizationDto,
  OrganizationListQueryDto,
  UpdateOrganizationDto,
} from './dto/organization.dto';
import type { BulkFailureDto, BulkUpdateOrganizationsDto, BulkUpdateResultDto } from './dto/bulk.dto';
import type { CreateOrganizationViewDto, OrganizationViewDto } from './dto/view.dto';
import { municipalityName, organizationText } from './organization-text';
import { suggestSector } from './sector-suggestion';
import { OrganizationErrors } from './organizations.errors';
import {
  BulkRow,
  ContactRecord,
  OrganizationRecord,
  OrganizationsRepository,
  OrganizationWrite,
} from './organizations.repository';

const SORTABLE = {
  nameKana: 'o.sort_key',
  name: 'o.name',
  tier: 'o.tier',
  corporateNumber: 'o.corporate_number',
  municipality: 'o.municipality_code',
  createdAt: 'o.created_at',
  updatedAt: 'o.updated_at',
};
/** Fields whose manual edits go to organization_changes (the timeline's "changes"). */
const HISTORY_FIELDS = ['name', 'nameKana', 'address', 'status'] as const;
const AUDITED_FIELDS = [
  'corporateNumber',
  'name',
  'nameKana',
  'legalForm',
  'sector',
  'technologies',
  'tier',
  'municipality',
  'address',
  'postalCode',
  'exportControlRelevant',
  'consultationDesk',
  'status',
  'closedOn',
  'notes',
];
/** Saved list views a user may keep. */
export const MAX_VIEWS_PER_USER = 50;
const CONTACT_FIELDS = ['name', 'nameKana', 'title', 'role', 'phone', 'email'];
/** Roles reading other stations' contacts (personal data): each read goes to the audit trail. */
const AUDITED_CONTACT_READERS: readonly RequestUser['role'][] = ['hq', 'admin'];

/** The organization registry (対象事業者) and its contacts: rules, transactions, audit. */
@Injectable()
export class OrganizationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: OrganizationsRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** lastReachedOn → nextDueOn and the coverage state, as of today in Japan. */
  toDto(r: OrganizationRecord, today = todayJst()): OrganizationDto {
    const suggestedSector = r.sector ? null : suggestSector(r.name, r.legalForm);
    // A candidate has no cadence: it is not due, and not counted in coverage.
    if (r.tier === null) return { ...r, nextDueOn: null, coverage: null, suggestedSector };
    const nextDueOn = r.lastReachedOn
      ? addDays(r.lastReachedOn, this.config.cadenceDays[r.tier] ?? 730)
      : null;
    const coverage: CoverageState = !nextDueOn ? 'never' : today > nextDueOn ? 'overdue' : 'reached';
    return { ...r, nextDueOn, coverage, suggestedSector };
  }

  async list(user: RequestUser, query: OrganizationListQueryDto): Promise<Page<OrganizationDto>> {
    const scope = stationScope(user);
    const explicitSort = query.sort !== undefined || !query.q;
    const page = pageRequest(query, SORTABLE, 'nameKana', 'o.id');
    const today = todayJst();
    const { items, total, capped } = await this.repo.list(
      {
        stationId: scope ?? query.stationId ?? null,
        q: query.q,
        sector: query.sector,
        tier: query.tier,
        municipality: query.municipality,
        status: query.status,
        coverage: query.coverage,
        target: query.target === undefined ? undefined : query.target === 'true',
        legalForm: query.legalForm,
        nameWords: query.nameWords,
        registerUpdatedFrom: query.registerUpdatedFrom,
        registerUpdatedTo: query.registerUpdatedTo,
      },
      { limit: page.pageSize, offset: page.offset, orderBy: explicitSort ? page.orderBy : null },
      this.config.cadenceDays,
      today,
    );
    return toPage(
      items.map((r) => this.toDto(r, today)),
      total,
      page,
      capped,
    );
  }

  async get(user: RequestUser, id: string): Promise<OrganizationDto> {
    const record = await this.repo.find(this.dataSource.manager, id, stationScope(user));
    if (!record) throw CommonErrors.notFound('organization');
    return this.toDto(record);
  }

  async create(user: RequestUser, dto: CreateOrganizationDto): Promise<CreatedOrganizationDto> {
    const stationId = stationForWrite(user);
    return this.dataSource.transaction(async (tx) => {
      await this.checkCodes(tx, dto, null);
      await this.checkMunicipality(tx, stationId, dto.municipality, null);
      if (dto.corporateNumber) await this.checkCorporateNumber(tx, stationId, dto.corporateNumber, null);
      const values = {
        corporateNumber: dto.corporateNumber ?? null,
        name: dto.name,
        nameKana: dto.nameKana ?? null,
        legalForm: dto.legalForm ?? null,
        sector: dto.sector ?? null,
        technologies: dto.technologies ?? [],
        tier: dto.tier ?? 'C',
        municipalityCode: dto.municipality ?? null,
        municipalityName: municipalityName(dto.municipality),
        address: dto.address ?? null,
        postalCode: dto.postalCode ?? null,
        exportControlRelevant: dto.exportControlRelevant ?? false,
        consultationDesk: dto.consultationDesk ?? 'none',
        notes: dto.notes ?? null,
      } satisfies OrganizationWrite;
      const text = organizationText(values);
      const id = await this.repo.insert(tx, stationId, { ...values, ...text });
      const after = (await this.repo.find(tx, id, null))!;
      await this.audit.record(tx, {
        action: 'organization.create',
        entityType: 'organization',
        entityId: id,
        stationId,
        changes: diffChanges(null, { ...after }, AUDITED_FIELDS),
      });
      const result: CreatedOrganizationDto = this.toDto(after);
      if (!values.corporateNumber) {
        const duplicates = await this.repo.sameNormalizedName(tx, stationId, text.normalizedName, id);
        if (duplicates.length > 0) result.possibleDuplicates = duplicates;
      }
      return result;
    });
  }

  async update(user: RequestUser, id: string, dto: UpdateOrganizationDto): Promise<OrganizationDto> {
    return this.dataSource.transaction(async (tx) => {
      const before = await this.repo.find(tx, id, stationScope(user));
      if (!before) throw CommonErrors.notFound('organization');
      if (before.status === 'archived') throw OrganizationErrors.archived();
      await this.checkCodes(tx, dto, before);
      await this.checkMunicipality(tx, before.stationId, dto.municipality, before.municipality);
      if (dto.corporateNumber && dto.corporateNumber !== before.corporateNumber)
        await this.checkCorporateNumber(tx, before.stationId, dto.corporateNumber, id);
      const merged = {
        name: dto.name ?? before.name,
        nameKana: dto.nameKana === undefined ? before.nameKana : dto.nameKana,
        address: dto.address === undefined ? before.address : dto.address,
        corporateNumber: dto.corporateNumber === undefined ? before.corporateNumber : dto.corporateNumber,
      };
      let closedOn = dto.closedOn;
      if (dto.status === 'closed' && before.status !== 'closed' && closedOn === undefined)
        closedOn = todayJst();
      if (dto.status === 'active') closedOn = null;
      const changes: OrganizationWrite = {
        corporateNumber: dto.corporateNumber,
        name: dto.name,
        nameKana: dto.nameKana,
        legalForm: dto.legalForm,
        sector: dto.sector,
        technologies: dto.technologies,
        tier: dto.tier,
        municipalityCode: dto.municipality,
        municipalityName: dto.municipality === undefined ? undefined : municipalityName(dto.municipality),
        address: dto.address,
        postalCode: dto.postalCode,
        exportControlRelevant: dto.exportControlRelevant,
        consultationDesk: dto.consultationDesk,
        status: dto.status,
        closedOn,
        notes: dto.notes,
        ...organizationText(merged),
      };
      await updateVersioned(
        tx,
        'organizations',
        'organization',
        id,
        dto.version,
        { ...changes },
        {
          stationId: before.stationId,
        },
      );
      const after = (await this.repo.find(tx, id, null))!;
      const today = todayJst();
      await this.repo.recordChanges(
        tx,
        id,
        before.stationId,
        today,
        'manual',
        HISTORY_FIELDS.filter((f) => (before[f] ?? null) !== (after[f] ?? null)).map((f) => ({
          field: f,
          oldValue: before[f] ?? null,
          newValue: after[f] ?? null,
        })),
      );
      await this.audit.record(tx, {
        action: 'organization.update',
        entityType: 'organization',
        entityId: id,
        stationId: before.stationId,
        changes: diffChanges({ ...before }, { ...after }, AUDITED_FIELDS),
      });
      return this.toDto(after, today);
    });
  }

  /** DELETE: the record is archived (status archived, archived_at), never removed. */
  async archive(user: RequestUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await this.repo.lock(tx, [id]);
      const before = await this.repo.find(tx, id, stationScope(user));
      if (!before) throw CommonErrors.notFound('organization');
      if (before.status === 'archived') return;
      await this.repo.archive(tx, id, null);
      await this.repo.recordChanges(tx, id, before.stationId, todayJst(), 'manual', [
        { field: 'status', oldValue: before.status, newValue: 'archived' },
      ]);
      await this.audit.record(tx, {
        action: 'organization.archive',
        entityType: 'organization',
        entityId: id,
        stationId: before.stationId,
        changes: { status: { before: before.status, after: 'archived' } },
      });
    });
  }

  /**
   * Keeps `targetId`: visits, contacts, consultations, seminar attendance and network memberships of
   * the source move to it (set-based); the source is archived with merged_into_id. One transaction.
   */
  async merge(user: RequestUser, targetId: string, dto: MergeOrganizationDto): Promise<MergeResultDto> {
    return this.dataSource.transaction((tx) => this.mergeWithin(tx, user, targetId, dto));
  }

  /**
   * The merge inside the caller's transaction, for features that resolve something together with
   * it (the duplicate review queue), so both land or neither does.
   */
  async mergeWithin(
    tx: EntityManager,
    user: RequestUser,
    targetId: string,
    dto: MergeOrganizationDto,
  ): Promise<MergeResultDto> {
    if (dto.sourceId === targetId) throw OrganizationErrors.mergeSameOrganization();
    await this.repo.lock(tx, [targetId, dto.sourceId]);
    const scope = stationScope(user);
    const target = await this.repo.find(tx, targetId, scope);
    if (!target) throw CommonErrors.notFound('organization');
    const source = await this.repo.find(tx, dto.sourceId, scope);
    if (!source) throw CommonErrors.notFound('organization');
    if (source.stationId !== target.stationId) throw OrganizationErrors.mergeOtherStation();
    if (target.status === 'archived') throw OrganizationErrors.archived();
    if (source.status === 'archived') throw OrganizationErrors.mergeArchived();
    await bumpVersion(tx, 'organizations', 'organization', targetId, dto.version, {
      stationId: target.stationId,
    });
    const moved = await this.repo.moveReferences(tx, source.id, targetId);
    await this.repo.archive(tx, source.id, targetId);
    const today = todayJst();
    await this.repo.recordChanges(tx, source.id, source.stationId, today, 'merge', [
      { field: 'status', oldValue: source.status, newValue: 'archived' },
      { field: 'mergedInto', oldValue: null, newValue: targetId },
    ]);
    await this.repo.recordChanges(tx, targetId, target.stationId, today, 'merge', [
      { field: 'mergedFrom', oldValue: source.name, newValue: source.id },
    ]);
    await this.audit.recordMany(tx, [
      {
        action: 'organization.merge',
        entityType: 'organization',
        entityId: targetId,
        stationId: target.stationId,
        changes: { sourceId: source.id, sourceName: source.name, moved },
      },
      {
        action: 'organization.archive',
        entityType: 'organization',
        entityId: source.id,
        stationId: source.stationId,
        changes: { status: { before: source.status, after: 'archived' }, mergedIntoId: targetId },
      },
    ]);
    const after = (await this.repo.find(tx, targetId, null))!;
    return { organization: this.toDto(after, today), moved };
  }

  // Bulk triage ---------------------------------------------------------------------------------

  /**
   * Sets tier, sector and/or technologies of many organizations in one request. Each item on its
   * own: one whose version is stale, that is archived, or that is not in the caller's station (not
   * found) is reported in `failed` and left as it is; the others change. One transaction, the rows
   * locked, one UPDATE for all and one audit event per organization changed.
   */
  async bulkUpdate(user: RequestUser, dto: BulkUpdateOrganizationsDto): Promise<BulkUpdateResultDto> {
    const set = dto.set;
    const fields = (['tier', 'sector', 'technologies'] as const).filter((f) => set[f] !== undefined);
    if (fields.length === 0) throw OrganizationErrors.bulkNothingToSet();
    const ids = dto.items.map((i) => i.id);
    const seen = new Set<string>();
    for (const [index, id] of ids.entries()) {
      if (seen.has(id)) throw OrganizationErrors.bulkDuplicateItem(index);
      seen.add(id);
    }
    stationForWrite(user);
    return this.dataSource.transaction(async (tx) => {
      await this.checkCodes(tx, { sector: set.sector }, null);
      const rows = new Map<string, BulkRow>(
        (await this.repo.lockForBulk(tx, ids, stationScope(user))).map((r) => [r.id, r]),
      );
      const failed: BulkFailureDto[] = [];
      const updated: string[] = [];
      const changed: { row: BulkRow; changes: Record<string, unknown> }[] = [];
      for (const item of dto.items) {
        const row = rows.get(item.id);
        if (!row) {
          const e = CommonErrors.notFound('organization');
          failed.push({ id: item.id, code: e.code, message: e.message, name: null });
          continue;
        }
        if (row.status === 'archived') {
          const e = OrganizationErrors.archived();
          failed.push({ id: item.id, code: e.code, message: e.message, name: row.name });
          continue;
        }
        if (row.version !== item.version) {
          const e = CommonErrors.staleVersion('organization', row.version);
          failed.push({ id: item.id, code: e.code, message: e.message, name: row.name });
          continue;
        }
        const after = { ...row, ...Object.fromEntries(fields.map((f) => [f, set[f]])) };
        const changes = diffChanges({ ...row }, after, [...fields]);
        updated.push(row.id);
        if (changes && Object.keys(changes).length > 0) changed.push({ row, changes });
      }
      await this.repo.bulkSet(
        tx,
        changed.map((c) => c.row.id),
        set,
      );
      await this.audit.recordMany(
        tx,
        changed.map(({ row, changes }) => ({
          action: 'organization.bulk_update',
          entityType: 'organization',
          entityId: row.id,
          stationId: row.stationId,
          changes,
        })),
      );
      return { updated, failed };
    });
  }

  // Saved list views --------------------------------------------------------------------------------

  async listViews(user: RequestUser): Promise<{ items: OrganizationViewDto[] }> {
    return { items: await this.repo.listViews(user.id) };
  }

  async createView(user: RequestUser, dto: CreateOrganizationViewDto): Promise<OrganizationViewDto> {
    const filter = JSON.parse(JSON.stringify(dto.filter ?? {})) as Record<string, unknown>;
    return this.dataSource.transaction(async (tx) => {
      // One user's saves queue, so the name check and the limit hold under concurrent requests.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('organization_views:' || $1))`, [user.id]);
      if (await this.repo.findViewByName(tx, user.id, dto.name)) throw OrganizationErrors.viewDuplicateName();
      if ((await this.repo.countViews(tx, user.id)) >= MAX_VIEWS_PER_USER)
        throw OrganizationErrors.viewLimit(MAX_VIEWS_PER_USER);
      const view = await this.repo.insertView(tx, user.id, dto.name, filter);
      await this.audit.record(tx, {
        action: 'organization_view.create',
        entityType: 'organization_view',
        entityId: view.id,
        stationId: user.stationId,
        changes: { name: view.name, filter },
      });
      return view;
    });
  }

  /** Only the user's own views: another user's id answers 404. */
  async deleteView(user: RequestUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const deleted = await this.repo.deleteView(tx, user.id, id);
      if (!deleted) throw OrganizationErrors.viewNotFound();
      await this.audit.record(tx, {
        action: 'organization_view.delete',
        entityType: 'organization_view',
        entityId: id,
        stationId: user.stationId,
        changes: { name: deleted.name },
      });
    });
  }

  // Contacts ------------------------------------------------------------------------------------

  private toContactDto(c: ContactRecord): ContactDto {
    return {
      id: c.id,
      organizationId: c.organizationId,
      name: c.name,
      nameKana: c.nameKana,
      title: c.title,
      role: c.role,
      phone: c.phone,
      email: c.email,
      archivedAt: c.archivedAt,
      version: c.version,
    };
  }

  async listContacts(user: RequestUser, organizationId: string): Promise<{ items: ContactDto[] }> {
    if (!AUDITED_CONTACT_READERS.includes(user.role)) {
      const org = await this.repo.find(this.dataSource.manager, organizationId, stationScope(user));
      if (!org) throw CommonErrors.notFound('organization');
      const items = await this.repo.listContacts(organizationId, false);
      return { items: items.map((c) => this.toContactDto(c)) };
    }
    // hq reads across stations: who read whose contacts is recorded with the read, in one transaction.
    return this.dataSource.transaction(async (tx) => {
      const org = await this.repo.find(tx, organizationId, stationScope(user));
      if (!org) throw CommonErrors.notFound('organization');
      const items = await this.repo.listContacts(organizationId, false, tx);
      await this.audit.record(tx, {
        action: 'contact.read',
        entityType: 'organization',
        entityId: organizationId,
        stationId: org.stationId,
        changes: { contactIds: items.map((c) => c.id), count: items.length },
      });
      return { items: items.map((c) => this.toContactDto(c)) };
    });
  }

  async createContact(user: RequestUser, organizationId: string, dto: CreateContactDto): Promise<ContactDto> {
    return this.dataSource.transaction(async (tx) => {
      const org = await this.repo.find(tx, organizationId, stationScope(user));
      if (!org) throw CommonErrors.notFound('organization');
      if (org.status === 'archived') throw OrganizationErrors.archived();
      const contact = await this.repo.insertContact(tx, {
        organizationId,
        stationId: org.stationId,
        name: dto.name,
        nameKana: dto.nameKana ?? null,
        title: dto.title ?? null,
        role: dto.role ?? 'other',
        phone: dto.phone ?? null,
        email: dto.email ?? null,
      });
      await this.audit.record(tx, {
        action: 'contact.create',
        entityType: 'contact',
        entityId: contact.id,
        stationId: org.stationId,
        changes: { ...diffChanges(null, { ...contact }, CONTACT_FIELDS), organizationId },
      });
      return this.toContactDto(contact);
    });
  }

  async updateContact(user: RequestUser, id: string, dto: UpdateContactDto): Promise<ContactDto> {
    return this.dataSource.transaction(async (tx) => {
      const before = await this.repo.findContact(tx, id, stationScope(user));
      if (!before) throw CommonErrors.notFound('contact');
      if (before.archivedAt) throw CommonErrors.notFound('contact');
      await updateVersioned(
        tx,
        'contacts',
        'contact',
        id,
        dto.version,
        {
          name: dto.name,
          nameKana: dto.nameKana,
          title: dto.title,
          role: dto.role,
          phone: dto.phone,
          email: dto.email,
        },
        { stationId: before.stationId },
      );
      const after = (await this.repo.findContact(tx, id, null))!;
      await this.audit.record(tx, {
        action: 'contact.update',
        entityType: 'contact',
        entityId: id,
        stationId: before.stationId,
        changes: {
          ...diffChanges({ ...before }, { ...after }, CONTACT_FIELDS),
          organizationId: before.organizationId,
        },
      });
      return this.toContactDto(after);
    });
  }

  async archiveContact(user: RequestUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const before = await this.repo.findContact(tx, id, stationScope(user));
      if (!before) throw CommonErrors.notFound('contact');
      if (before.archivedAt) return;
      await this.repo.archiveContact(tx, id);
      await this.audit.record(tx, {
        action: 'contact.archive',
        entityType: 'contact',
        entityId: id,
        stationId: before.stationId,
        changes: { archived: { before: false, after: true }, organizationId: before.organizationId },
      });
    });
  }

  // Validation against the database ---------------------------------------------------------------

  /** sector and legalForm must be active items of their code lists (unchanged values pass). */
  private async checkCodes(
    tx: EntityManager,
    dto: { sector?: string | null; legalForm?: string | null },
    before: Pick<OrganizationRecord, 'sector' | 'legalForm'> | null,
  ): Promise<void> {
    for (const field of ['sector', 'legalForm'] as const) {
      const value = dto[field];
      if (!value || value === before?.[field]) continue;
      const found = await this.repo.activeCodes(tx, field, [value]);
      if (!found.has(value)) throw OrganizationErrors.unknownCode(field, value);
    }
  }

  private async checkMunicipality(
    tx: EntityManager,
    stationId: string,
    code: string | null | undefined,
    before: string | null,
  ): Promise<void> {
    if (!code || code === before) return;
    const codes = await this.repo.stationMunicipalities(tx, stationId);
    if (!codes?.includes(code)) throw OrganizationErrors.municipalityOutsideStation(code);
  }

  private async checkCorporateNumber(
    tx: EntityManager,
    stationId: string,
    corporateNumber: string,
    exceptId: string | null,
  ): Promise<void> {
    const existing = await this.repo.findByCorporateNumber(tx, stationId, corporateNumber);
    if (existing && existing.id !== exceptId)
      throw OrganizationErrors.duplicateCorporateNumber(corporateNumber, existing);
  }
}
