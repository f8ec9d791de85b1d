import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, diffChanges } from '../../../../libs/audit/audit.service';
import { AuthErrors } from '../../../../libs/auth/auth.errors';
import { MfaService } from '../../../../libs/auth/mfa.service';
import { hashPassword } from '../../../../libs/auth/password';
import { PasswordOwner, passwordProblem } from '../../../../libs/auth/password-policy';
import { SessionService } from '../../../../libs/auth/session.service';
import { updateVersioned } from '../../../../libs/database/versioned-update';
import { CommonErrors } from '../../../../libs/http/domain-error';
import { Page, pageRequest, toPage } from '../../../../libs/http/pagination';
import { AdminErrors } from './admin.errors';
import { AdminRepository, CodeListRecord, StationRecord, UserRecord } from './admin.repository';
import { CreateCodeListItemDto, UpdateCodeListItemDto } from './dto/code-list.dto';
import { CreateStationDto, UpdateStationDto } from './dto/station.dto';
import { CreateUserDto, UpdateUserDto, UserListQueryDto } from './dto/user.dto';

const STATION_ROLES = new Set(['officer', 'manager']);

/** The password rules (libs/auth/password-policy.ts): 400 `auth.weak_password` on `password`. */
function assertPasswordRules(password: string, owner: PasswordOwner): void {
  const problem = passwordProblem(password, owner);
  if (problem) throw AuthErrors.weakPassword('password', problem);
}

/** Users, stations and code lists: the administrator's work. */
@Injectable()
export class AdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: AdminRepository,
    private readonly audit: AuditService,
    private readonly sessions: SessionService,
    private readonly mfa: MfaService,
  ) {}

  async listUsers(query: UserListQueryDto): Promise<Page<UserRecord>> {
    const page = pageRequest(
      query,
      { username: 'username', displayName: 'display_name', role: 'role' },
      'username',
    );
    const { items, total } = await this.repo.listUsers(query, page.orderBy, page.pageSize, page.offset);
    return toPage(items, total, page);
  }

  async getUser(id: string): Promise<UserRecord> {
    const user = await this.repo.findUser(this.dataSource.manager, id);
    if (!user) throw CommonErrors.notFound('user');
    return user;
  }

  stationMembers(stationId: string) {
    return this.repo.stationMembers(stationId);
  }

  /**
   * A new user. The password an admin sets is a one-time password (`mustChangePassword`): the user
   * must change it at first login, within ONE_TIME_PASSWORD_DAYS. The CLI's create-admin, where the
   * administrator types their own password, passes `mustChangePassword: false`.
   */
  async createUser(dto: CreateUserDto, options: { mustChangePassword?: boolean } = {}): Promise<UserRecord> {
    const username = dto.username.toLowerCase();
    const stationId = dto.stationId ?? null;
    if (STATION_ROLES.has(dto.role) && !stationId) throw AdminErrors.stationRequired();
    const stationName = stationId ? await this.repo.stationName(this.dataSource.manager, stationId) : null;
    if (stationName === undefined) throw AdminErrors.unknownStation();
    assertPasswordRules(dto.password, { username, displayName: dto.displayName, stationName });
    const passwordHash = await hashPassword(dto.password);
    return this.dataSource.transaction(async (tx) => {
      if (stationId && !(await this.repo.stationExists(tx, stationId))) throw AdminErrors.unknownStation();
      const user = await this.repo.insertUser(tx, {
        username,
        displayName: dto.displayName,
        role: dto.role,
        stationId,
        passwordHash,
        mustChangePassword: options.mustChangePassword ?? true,
      });
      if (!user) throw AdminErrors.usernameTaken(username);
      await this.audit.record(tx, {
        action: 'user.create',
        entityType: 'user',
        entityId: user.id,
        stationId: user.stationId,
        changes: diffChanges(null, { username, displayName: user.displayName, role: user.role, stationId }),
      });
      return user;
    });
  }

  async updateUser(id: string, dto: UpdateUserDto): Promise<UserRecord> {
    let passwordHash: string | undefined;
    if (dto.password !== undefined) {
      // The rules against the names the user will have after this change.
      const current = await this.repo.findUser(this.dataSource.manager, id);
      if (!current) throw CommonErrors.notFound('user');
      const stationId = dto.stationId === undefined ? current.stationId : dto.stationId;
      const stationName = stationId ? await this.repo.stationName(this.dataSource.manager, stationId) : null;
      assertPasswordRules(dto.password, {
        username: current.username,
        displayName: dto.displayName ?? current.displayName,
        stationName,
      });
      passwordHash = await hashPassword(dto.password);
    }
    return this.dataSource.transaction(async (tx) => {
      const before = await this.repo.findUser(tx, id);
      if (!before) throw CommonErrors.notFound('user');
      const role = dto.role ?? before.role;
      const stationId = dto.stationId === undefined ? before.stationId : dto.stationId;
      if (STATION_ROLES.has(role) && !stationId) throw AdminErrors.stationRequired();
      if (dto.stationId && !(await this.repo.stationExists(tx, dto.stationId)))
        throw AdminErrors.unknownStation();
      // A password set by the admin is a one-time password: the user must change it.
      await updateVersioned(tx, 'users', 'user', id, dto.version, {
        displayName: dto.displayName,
        role: dto.role,
        stationId: dto.stationId,
        disabled: dto.disabled,
        ...(passwordHash ? { passwordHash, passwordChangedAt: new Date(), mustChangePassword: true } : {}),
      });
      const mfaReset = dto.resetMfa === true ? await this.mfa.reset(tx, id) : false;
      // Disabling a user, a new password, a removed second factor or a change of role or station
      // ends their sessions at once.
      const roleOrStationChanged = role !== before.role || stationId !== before.stationId;
      if (dto.disabled === true || passwordHash || mfaReset || roleOrStationChanged)
        await this.sessions.revokeAll(tx, id);
      const after = (await this.repo.findUser(tx, id))!;
      const changes: Record<string, unknown> = diffChanges({ ...before }, { ...after }, [
        'displayName',
        'role',
        'stationId',
        'disabled',
      ]);
      if (passwordHash) changes.password = { before: '***', after: '***' };
      if (mfaReset) changes.mfa = { before: 'totp', after: 'off' };
      await this.audit.record(tx, {
        action: 'user.update',
        entityType: 'user',
        entityId: id,
        stationId: after.stationId,
        changes,
      });
      return after;
    });
  }

  listStations(): Promise<StationRecord[]> {
    return this.repo.listStations();
  }

  async createStation(dto: CreateStationDto): Promise<StationRecord> {
    return this.dataSource.transaction(async (tx) => {
      const station = await this.repo.insertStation(tx, {
        ...dto,
        municipalityCodes: [...new Set(dto.municipalityCodes)],
      });
      if (!station) throw AdminErrors.stationCodeTaken(dto.code);
      await this.audit.record(tx, {
        action: 'station.create',
        entityType: 'station',
        entityId: station.id,
        stationId: station.id,
        changes: diffChanges(null, { ...dto }),
      });
      return station;
    });
  }

  async updateStation(id: string, dto: UpdateStationDto): Promise<StationRecord> {
    return this.dataSource.transaction(async (tx) => {
      const before = await this.repo.findStation(tx, id);
      if (!before) throw CommonErrors.notFound('station');
      await updateVersioned(tx, 'stations', 'station', id, dto.version, {
        name: dto.name,
        municipalityCodes: dto.municipalityCodes ? [...new Set(dto.municipalityCodes)] : undefined,
      });
      const after = (await this.repo.findStation(tx, id))!;
      await this.audit.record(tx, {
        action: 'station.update',
        entityType: 'station',
        entityId: id,
        stationId: id,
        changes: diffChanges({ ...before }, { ...after }, ['name', 'municipalityCodes']),
      });
      return after;
    });
  }

  listCodes(kind?: CodeListRecord['kind']): Promise<CodeListRecord[]> {
    return this.repo.listCodes(kind);
  }

  async createCode(dto: CreateCodeListItemDto): Promise<CodeListRecord> {
    return this.dataSource.transaction(async (tx) => {
      const item = await this.repo.insertCode(tx, { ...dto, sortOrder: dto.sortOrder ?? 100, active: true });
      if (!item) throw AdminErrors.codeExists(dto.kind, dto.code);
      await this.audit.record(tx, {
        action: 'code_list.create',
        entityType: 'code_list_item',
        entityId: `${dto.kind}/${dto.code}`,
        changes: diffChanges(null, { ...dto }),
      });
      return item;
    });
  }

  async updateCode(kind: string, code: string, dto: UpdateCodeListItemDto): Promise<CodeListRecord> {
    return this.dataSource.transaction(async (tx) => {
      const before = await this.repo.findCode(tx, kind, code);
      if (!before) throw CommonErrors.notFound('code_list_item');
      const after = await this.repo.updateCode(tx, kind, code, dto);
      await this.audit.record(tx, {
        action: 'code_list.update',
        entityType: 'code_list_item',
        entityId: `${kind}/${code}`,
        changes: diffChanges({ ...before }, { ...after }),
      });
      return after;
    });
  }
}
