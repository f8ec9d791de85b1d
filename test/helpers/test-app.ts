import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../apps/api/src/app.module';
import { configureHttp } from '../../apps/api/src/http-setup';
import { hashPassword } from '../../libs/auth/password';
import type { Role } from '../../libs/auth/entities/user.entity';
import { AppConfig, loadConfig } from '../../libs/config/app-config';

const TEMPLATE_DB = 'outreach_test_template';
export const TEST_PASSWORD = 'correct-horse-battery';
let passwordHash: Promise<string> | undefined;

export interface TestUser {
  id: string;
  username: string;
  role: Role;
  stationId: string | null;
  token: string;
}

export interface TestStation {
  id: string;
  code: string;
  name: string;
}

/**
 * A Nest app over its own copy of the migrated template database, built exactly as main.ts builds
 * it (same modules, filters, pipes) and connected, as in production, as the restricted runtime role
 * (libs/database/database-roles.ts): `ds` is that role's pool. Each test file gets one; tests make
 * their own stations and users, so no test depends on another's data.
 */
export class TestApp {
  private constructor(
    readonly app: INestApplication,
    readonly ds: DataSource,
    readonly config: AppConfig,
    private readonly dbName: string,
    private readonly adminUrl: string,
    /** This test database as the runtime role (what the app's pool uses). */
    readonly runtimeUrl: string,
    /** This test database as the owner (the superuser that ran the migrations). */
    readonly ownerUrl: string,
  ) {}

  /** `logs`: where the app's JSON log lines go (give LOG_LEVEL too; default silent). */
  static async create(
    env: Record<string, string> = {},
    options: { logs?: { write(line: string): void } } = {},
  ): Promise<TestApp> {
    const adminUrl = process.env.OUTREACH_TEST_ADMIN_URL;
    const runtimeBase = process.env.OUTREACH_TEST_RUNTIME_URL;
    if (!adminUrl || !runtimeBase)
      throw new Error('OUTREACH_TEST_ADMIN_URL is not set: run through jest (test/setup/global-setup.ts)');
    const dbName = `t_${randomBytes(6).toString('hex')}`;
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName} TEMPLATE ${TEMPLATE_DB}`);
    await admin.end();
    const inDb = (base: string) => {
      const u = new URL(base);
      u.pathname = `/${dbName}`;
      return u.toString();
    };
    const url = inDb(runtimeBase);
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
    const app = await NestFactory.create<NestExpressApplication>(
      AppModule.forRoot(config, url, { logDestination: options.logs }),
      {
        logger: false,
        bodyParser: false,
      },
    );
    configureHttp(app, config);
    await app.init();
    return new TestApp(app, app.get(DataSource), config, dbName, adminUrl, url, inDb(adminUrl));
  }

  http() {
    return request(this.app.getHttpServer());
  }

  async close(): Promise<void> {
    await this.app.close();
    const admin = new Client({ connectionString: this.adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${this.dbName} WITH (FORCE)`);
    await admin.end();
  }

  /** A new station with unique code; municipality codes default to 岩国市 and 和木町. */
  async createStation(
    overrides: Partial<{ name: string; prefectureCode: string; municipalityCodes: string[] }> = {},
  ) {
    const code = `st${randomBytes(4).toString('hex')}`;
    const [row] = await this.ds.query(
      `INSERT INTO stations (code, name, prefecture_code, municipality_codes) VALUES ($1, $2, $3, $4) RETURNING id, code, name`,
      [
        code,
        overrides.name ?? `テスト警察署 ${code}`,
        overrides.prefectureCode ?? '35',
        overrides.municipalityCodes ?? ['35208', '35321'],
      ],
    );
    return row as TestStation;
  }

  /** A user of the given role, logged in through the API. */
  async createUser(
    role: Role,
    stationId: string | null,
    overrides: Partial<{ displayName: string }> = {},
  ): Promise<TestUser> {
    passwordHash ??= hashPassword(TEST_PASSWORD);
    const username = `${role}_${randomBytes(4).toString('hex')}`;
    const [row] = await this.ds.query(
      `INSERT INTO users (username, display_name, role, station_id, password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [username, overrides.displayName ?? `${role} ${username}`, role, stationId, await passwordHash],
    );
    const res = await this.http()
      .post('/api/v1/auth/login')
      .send({ username, password: TEST_PASSWORD })
      .expect(200);
    return { id: row.id, username, role, stationId, token: res.body.accessToken };
  }

  /** A station with an officer, a manager; plus hq and admin users. */
  async createStationTeam() {
    const station = await this.createStation();
    const [officer, manager, hq, admin] = await Promise.all([
      this.createUser('officer', station.id),
      this.createUser('manager', station.id),
      this.createUser('hq', null),
      this.createUser('admin', null),
    ]);
    return { station, officer, manager, hq, admin };
  }

  async auditEvents(where: { entityType?: string; entityId?: string; action?: string }) {
    const params: unknown[] = [];
    const clauses = ['TRUE'];
    if (where.entityType) clauses.push(`entity_type = $${params.push(where.entityType)}`);
    if (where.entityId) clauses.push(`entity_id = $${params.push(where.entityId)}`);
    if (where.action) clauses.push(`action = $${params.push(where.action)}`);
    return this.ds.query(
      `SELECT * FROM audit_events WHERE ${clauses.join(' AND ')} ORDER BY occurred_at`,
      params,
    );
  }
}

export const bearer = (user: { token: string }) => ({ Authorization: `Bearer ${user.token}` });
