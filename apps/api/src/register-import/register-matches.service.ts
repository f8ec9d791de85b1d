import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../../../libs/audit/audit.service';
import { scopeSql } from '../../../../libs/auth/station-scope';
import { updateVersioned } from '../../../../libs/database/versioned-update';
import { CommonErrors } from '../../../../libs/http/domain-error';
import type { RequestUser } from '../../../../libs/http/request-context';
import { organizationText } from '../organizations/organization-text';
import { OrganizationErrors } from '../organizations/organizations.errors';
import { PossibleMatchListQueryDto, RegisterMatchDto, ResolvedMatchDto } from './dto/possible-match.dto';
import { RegisterImportErrors } from './register-import.errors';

const MATCH_COLUMNS = `m.id, m.import_id AS "importId", m.station_id AS "stationId", m.line,
  m.corporate_number AS "corporateNumber", m.name, m.name_kana AS "nameKana",
  m.municipality_name AS "municipalityName", m.address, m.organization_id AS "organizationId",
  o.name AS "organizationName", o.address AS "organizationAddress", o.version AS "organizationVersion",
  m.resolution, m.resolved_organization_id AS "resolvedOrganizationId", m.created_at AS "createdAt"`;

interface MatchRow {
  id: string;
  import_id: string;
  station_id: string;
  organization_id: string;
  corporate_number: string;
  name: string;
  name_kana: string | null;
  legal_form: string | null;
  municipality_code: string | null;
  municipality_name: string | null;
  address: string | null;
  postal_code: string | null;
  status: string;
  closed_on: string | null;
  register_updated_on: string | null;
  resolution: string | null;
}

/**
 * Possible matches of the register import (register rows like an existing record without a
 * corporate number): the officer links the row to the record (the record gains the number and the
 * register's values where it had none) or creates it anyway (a new candidate). Station-scoped
 * (another station's row answers 404), each resolution one transaction with its audit event.
 */
@Injectable()
export class RegisterMatchesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(user: RequestUser, query: PossibleMatchListQueryDto): Promise<{ items: RegisterMatchDto[] }> {
    const params: unknown[] = [];
    const where = [scopeSql(user, 'm.station_id', params)];
    const status = query.status ?? 'pending';
    if (status === 'pending') where.push('m.resolution IS NULL');
    if (status === 'resolved') where.push('m.resolution IS NOT NULL');
    const items: RegisterMatchDto[] = await this.dataSource.query(
      `SELECT ${MATCH_COLUMNS} FROM register_possible_matches m JOIN organizations o ON o.id = m.organization_id
        WHERE ${where.join(' AND ')} ORDER BY m.created_at DESC, m.line LIMIT 500`,
      params,
    );
    return { items };
  }

  /** Locks the pending match of the caller's scope (404 otherwise; 409 once resolved). */
  private async lockMatch(tx: EntityManager, user: RequestUser, id: string): Promise<MatchRow> {
    const params: unknown[] = [id];
    const rows: MatchRow[] = await tx.query(
      `SELECT m.*, to_char(m.closed_on, 'YYYY-MM-DD') AS closed_on,
              to_char(m.register_updated_on, 'YYYY-MM-DD') AS register_updated_on
         FROM register_possible_matches m WHERE m.id = $1 AND ${scopeSql(user, 'm.station_id', params)} FOR UPDATE`,
      params,
    );
    const match = rows[0];
    if (!match) throw CommonErrors.notFound('register_match');
    if (match.resolution) throw RegisterImportErrors.matchResolved(match.resolution);
    return match;
  }

  private async assertNumberFree(tx: EntityManager, match: MatchRow): Promise<void> {
    const taken: { id: string }[] = await tx.query(
      `SELECT id FROM organizations WHERE station_id = $1 AND corporate_number = $2`,
      [match.station_id, match.corporate_number],
    );
    if (taken[0]) throw RegisterImportErrors.numberTaken(taken[0].id);
  }

  private async resolve(
    tx: EntityManager,
    match: MatchRow,
    resolution: 'linked' | 'created',
    organizationId: string,
  ): Promise<ResolvedMatchDto> {
    await tx.query(
      `UPDATE register_possible_matches SET resolution = $2, resolved_organization_id = $3, resolved_at = now() WHERE id = $1`,
      [match.id, resolution, organizationId],
    );
    await tx.query(
      `INSERT INTO register_import_changes (import_id, organization_id, station_id, kind) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [match.import_id, organizationId, match.station_id, resolution],
    );
    return { matchId: match.id, resolution, organizationId };
  }

  /** The existing record gains the corporate number (and the register's values where it had none). */
  async link(user: RequestUser, id: string, version: number): Promise<ResolvedMatchDto> {
    return this.dataSource.transaction(async (tx) => {
      const match = await this.lockMatch(tx, user, id);
      await this.assertNumberFree(tx, match);
      const [org]: {
        id: string;
        name: string;
        name_kana: string | null;
        address: string | null;
        corporate_number: string | null;
        status: string;
      }[] = await tx.query(
        `SELECT id, name, name_kana, address, corporate_number, status FROM organizations WHERE id = $1 AND station_id = $2`,
        [match.organization_id, match.station_id],
      );
      if (!org) throw CommonErrors.notFound('organization');
      if (org.status === 'archived') throw OrganizationErrors.archived();
      if (org.corporate_number) throw RegisterImportErrors.recordHasNumber();
      const nameKana = org.name_kana ?? match.name_kana;
      const address = org.address ?? match.address;
      const text = organizationText({
        name: org.name,
        nameKana,
        address,
        corporateNumber: match.corporate_number,
      });
      await updateVersioned(
        tx,
        'organizations',
        'organization',
        org.id,
        version,
        {
          corporateNumber: match.corporate_number,
          nameKana,
          address,
          registerUpdatedOn: match.register_updated_on,
          searchText: text.searchText,
          normalizedName: text.normalizedName,
          sortKey: text.sortKey,
        },
        { stationId: match.station_id },
      );
      await tx.query(
        `UPDATE organizations SET legal_form = coalesce(legal_form, $2), postal_code = coalesce(postal_code, $3),
                municipality_name = coalesce(municipality_name, $4) WHERE id = $1`,
        [org.id, match.legal_form, match.postal_code, match.municipality_name],
      );
      await this.audit.record(tx, {
        action: 'organization.register_link',
        entityType: 'organization',
        entityId: org.id,
        stationId: match.station_id,
        changes: {
          corporateNumber: { before: null, after: match.corporate_number },
          matchId: match.id,
          importId: match.import_id,
          registerName: match.name,
        },
      });
      return this.resolve(tx, match, 'linked', org.id);
    });
  }

  /** Not the same firm after all: the register row becomes a new record (a candidate). */
  async create(user: RequestUser, id: string): Promise<ResolvedMatchDto> {
    return this.dataSource.transaction(async (tx) => {
      const match = await this.lockMatch(tx, user, id);
      await this.assertNumberFree(tx, match);
      const text = organizationText({
        name: match.name,
        nameKana: match.name_kana,
        address: match.address,
        corporateNumber: match.corporate_number,
      });
      const [created]: { id: string }[] = await tx.query(
        `INSERT INTO organizations (station_id, corporate_number, name, name_kana, legal_form, sector, tier,
                                    municipality_code, municipality_name, address, postal_code, status, closed_on,
                                    source, register_updated_on, search_text, normalized_name, sort_key)
         VALUES ($1, $2, $3, $4, $5, NULL, NULL, $6, $7, $8, $9, $10, $11, 'register', $12, $13, $14, $15)
         RETURNING id`,
        [
          match.station_id,
          match.corporate_number,
          match.name,
          match.name_kana,
          match.legal_form,
          match.municipality_code,
          match.municipality_name,
          match.address,
          match.postal_code,
          match.status,
          match.closed_on,
          match.register_updated_on,
          text.searchText,
          text.normalizedName,
          text.sortKey,
        ],
      );
      await this.audit.record(tx, {
        action: 'organization.create',
        entityType: 'organization',
        entityId: created.id,
        stationId: match.station_id,
        changes: {
          source: 'register',
          corporateNumber: match.corporate_number,
          name: match.name,
          matchId: match.id,
          importId: match.import_id,
          notSameAs: match.organization_id,
        },
      });
      return this.resolve(tx, match, 'created', created.id);
    });
  }
}
