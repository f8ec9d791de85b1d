import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Role } from '../../../../libs/auth/entities/user.entity';
import type { CodeListKind } from './entities/code-list-item.entity';

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  stationId: string | null;
  disabled: boolean;
  mustChangePassword: boolean;
  mfaEnabled: boolean;
  version: number;
}

export interface StationRecord {
  id: string;
  code: string;
  name: string;
  prefectureCode: string;
  municipalityCodes: string[];
  version: number;
}

export interface CodeListRecord {
  kind: CodeListKind;
  code: string;
  labelJa: string;
  labelEn: string;
  sortOrder: number;
  active: boolean;
}

const USER_COLUMNS = `id, username, display_name AS "displayName", role, station_id AS "stationId", disabled,
  must_change_password AS "mustChangePassword", totp_enabled_at IS NOT NULL AS "mfaEnabled", version`;
const STATION_COLUMNS = `id, code, name, prefecture_code AS "prefectureCode", municipality_codes AS "municipalityCodes", version`;
const CODE_COLUMNS = `kind, code, label_ja AS "labelJa", label_en AS "labelEn", sort_order AS "sortOrder", active`;

/** SQL for users, stations and code lists. */
@Injectable()
export class AdminRepository {
  constructor(private readonly dataSource: DataSource) {}

  async listUsers(
    filter: { stationId?: string; role?: Role },
    orderBy: string,
    limit: number,
    offset: number,
  ): Promise<{ items: UserRecord[]; total: number }> {
    const params: unknown[] = [];
    const where: string[] = ['TRUE'];
    if (filter.stationId) where.push(`station_id = $${params.push(filter.stationId)}`);
    if (filter.role) where.push(`role = $${params.push(filter.role)}`);
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM users WHERE ${where.join(' AND ')}`,
      params,
    );
    const items = await this.dataSource.query(
      `SELECT ${USER_COLUMNS} FROM users WHERE ${where.join(' AND ')} ORDER BY ${orderBy}
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items, total };
  }

  async findUser(manager: EntityManager, id: string): Promise<UserRecord | undefined> {
    const rows = await manager.query(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
    return rows[0];
  }

  async stationMembers(stationId: string): Promise<Pick<UserRecord, 'id' | 'displayName' | 'role'>[]> {
    return this.dataSource.query(
      `SELECT id, display_name AS "displayName", role FROM users
        WHERE station_id = $1 AND NOT disabled AND role IN ('officer', 'manager') ORDER BY display_name, id`,
      [stationId],
    );
  }

  async insertUser(
    manager: EntityManager,
    user: Omit<UserRecord, 'id' | 'version' | 'disabled' | 'mfaEnabled'> & { passwordHash: string },
  ): Promise<UserRecord | undefined> {
    const rows = await manager.query(
      `INSERT INTO users (username, display_name, role, station_id, password_hash, must_change_password)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO NOTHING RETURNING ${USER_COLUMNS}`,
      [
        user.username,
        user.displayName,
        user.role,
        user.stationId,
        user.passwordHash,
        user.mustChangePassword,
      ],
    );
    return rows[0];
  }

  async stationExists(manager: EntityManager, id: string): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM stations WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  /** The station's name (the password rules refuse passwords containing it); undefined: none such. */
  async stationName(manager: EntityManager, id: string): Promise<string | undefined> {
    const rows: { name: string }[] = await manager.query(`SELECT name FROM stations WHERE id = $1`, [id]);
    return rows[0]?.name;
  }

  async listStations(): Promise<StationRecord[]> {
    return this.dataSource.query(`SELECT ${STATION_COLUMNS} FROM stations ORDER BY code`);
  }

  async findStation(manager: EntityManager, id: string): Promise<StationRecord | undefined> {
    const rows = await manager.query(`SELECT ${STATION_COLUMNS} FROM stations WHERE id = $1`, [id]);
    return rows[0];
  }

  async insertStation(
    manager: EntityManager,
    s: Omit<StationRecord, 'id' | 'version'>,
  ): Promise<StationRecord | undefined> {
    const rows = await manager.query(
      `INSERT INTO stations (code, name, prefecture_code, municipality_codes) VALUES ($1, $2, $3, $4)
       ON CONFLICT (code) DO NOTHING RETURNING ${STATION_COLUMNS}`,
      [s.code, s.name, s.prefectureCode, s.municipalityCodes],
    );
    return rows[0];
  }

  async listCodes(kind?: CodeListKind): Promise<CodeListRecord[]> {
    return kind
      ? this.dataSource.query(
          `SELECT ${CODE_COLUMNS} FROM code_list_items WHERE kind = $1 ORDER BY kind, sort_order, code`,
          [kind],
        )
      : this.dataSource.query(`SELECT ${CODE_COLUMNS} FROM code_list_items ORDER BY kind, sort_order, code`);
  }

  async insertCode(manager: EntityManager, c: CodeListRecord): Promise<CodeListRecord | undefined> {
    const rows = await manager.query(
      `INSERT INTO code_list_items (kind, code, label_ja, label_en, sort_order, active) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (kind, code) DO NOTHING RETURNING ${CODE_COLUMNS}`,
      [c.kind, c.code, c.labelJa, c.labelEn, c.sortOrder, c.active],
    );
    return rows[0];
  }

  async findCode(manager: EntityManager, kind: string, code: string): Promise<CodeListRecord | undefined> {
    const rows = await manager.query(
      `SELECT ${CODE_COLUMNS} FROM code_list_items WHERE kind = $1 AND code = $2`,
      [kind, code],
    );
    return rows[0];
  }

  async updateCode(
    manager: EntityManager,
    kind: string,
    code: string,
    c: Partial<CodeListRecord>,
  ): Promise<CodeListRecord> {
    const rows = await manager.query(
      `UPDATE code_list_items SET label_ja = COALESCE($3, label_ja), label_en = COALESCE($4, label_en),
         sort_order = COALESCE($5, sort_order), active = COALESCE($6, active)
       WHERE kind = $1 AND code = $2 RETURNING ${CODE_COLUMNS}`,
      [kind, code, c.labelJa ?? null, c.labelEn ?? null, c.sortOrder ?? null, c.active ?? null],
    );
    return rows[0][0];
  }
}
