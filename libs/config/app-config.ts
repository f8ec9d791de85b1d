import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
  validateSync,
} from 'class-validator';
import { parseExpression } from 'cron-parser';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : typeof value === 'string' && /^-?\d+$/.test(value)
      ? Number(value)
      : value;
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : value === 'true' || value === '1'
      ? true
      : value === 'false' || value === '0'
        ? false
        : value;

/**
 * A cron expression pg-boss can schedule: parsed by the very parser pg-boss uses (cron-parser, in
 * Asia/Tokyo), so `61 * * * *` or `* * 31 2 *`-style mistakes stop the start with the setting's name
 * rather than when the schedule is made.
 */
@ValidatorConstraint({ name: 'cronExpression' })
class CronExpression implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    try {
      parseExpression(value, { tz: 'Asia/Tokyo' }).next();
      return true;
    } catch {
      return false;
    }
  }

  defaultMessage(): string {
    return '$property is not a cron expression pg-boss can schedule ($value)';
  }
}

/** The environment variables the app reads, validated once at start-up. */
class Environment {
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsString()
  DATABASE_URL?: string;

  /** The schema owner's connection (migrations); DATABASE_URL is then the app's restricted role. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_OWNER_URL must be a postgres:// URL' })
  DATABASE_OWNER_URL?: string;

  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  SESSION_IDLE_MINUTES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  SESSION_ABSOLUTE_HOURS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_MAX_FAILURES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  LOGIN_LOCK_MINUTES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100_000)
  RATE_LIMIT_EXPORTS_PER_MINUTE?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100_000)
  RATE_LIMIT_REPORTS_PER_MINUTE?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100_000)
  RATE_LIMIT_IMPORT_PER_MINUTE?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100_000)
  RATE_LIMIT_SEARCH_PER_MINUTE?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(4096)
  UPLOAD_LIMIT_MB?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1024)
  ATTACHMENT_LIMIT_MB?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65536)
  REGISTER_MAX_EXPANDED_MB?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  CADENCE_A_DAYS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  CADENCE_B_DAYS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  CADENCE_C_DAYS?: number;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  SEED_DEMO?: boolean;

  @IsOptional()
  @IsString()
  WEB_DIST_DIR?: string;

  /** Comma-separated roles that must use a second factor; empty: nobody. */
  @IsOptional()
  @IsString()
  @Matches(/^\s*((officer|manager|hq|admin)\s*(,\s*(officer|manager|hq|admin)\s*)*)?$/, {
    message: 'MFA_REQUIRED_ROLES must be a comma-separated list of officer, manager, hq, admin (or empty)',
  })
  MFA_REQUIRED_ROLES?: string;

  /** Key sealing the TOTP secrets in the database: 32 bytes as 64 hex digits or base64. */
  @IsOptional()
  @IsString()
  @Matches(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)$/, {
    message: 'MFA_ENCRYPTION_KEY must be 32 bytes: 64 hex digits or 44 base64 characters',
  })
  MFA_ENCRYPTION_KEY?: string;

  /** Which proxies' X-Forwarded-For/-Proto to believe (Express `trust proxy`): see docs/deployment.md. */
  @IsOptional()
  @IsString()
  @Matches(/^(loopback|false|\d{1,2}|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/, {
    message:
      'TRUST_PROXY must be loopback, false, a number of proxy hops, or comma-separated addresses/CIDRs',
  })
  TRUST_PROXY?: string;

  /** A second port serving only GET /metrics without a token (for the monitoring network). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  METRICS_PORT?: number;

  /** Seconds a shutdown waits for requests in flight (and running jobs to hand back). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(600)
  SHUTDOWN_GRACE_SECONDS?: number;

  /** Days a password set by someone else (admin, first start) may be used before it is changed. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(90)
  ONE_TIME_PASSWORD_DAYS?: number;

  /** Run the job workers (register imports, …) inside this API process; false: `npm run worker` does. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  JOB_WORKERS?: boolean;

  /** Register files larger than this (MB) are imported as a job (202) unless `async=false`. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(4096)
  IMPORT_ASYNC_THRESHOLD_MB?: number;

  /** Exports and report files estimated past this many rows run as a job (202 {jobId}) unless `async=false`. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  EXPORT_ASYNC_ROWS?: number;

  /**
   * Report files (period report, strategy table) whose estimated rows (from the stations, areas,
   * code lists and tasks in scope, before the report is built) pass this are made as a job (202).
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  REPORT_ASYNC_ROWS?: number;

  /**
   * PostgreSQL's parallel workers per report statement (max_parallel_workers_per_gather, for the
   * report's transaction only). 0 by default: several hq reports at once would otherwise start two
   * workers each and take the cores the API's own thread needs; raise it on a database server with
   * cores to spare.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(16)
  REPORT_PARALLEL_WORKERS?: number;

  /** When expired job files are swept (cron, Asia/Tokyo; one run across all instances, pg-boss schedule). */
  @IsOptional()
  @Matches(/^(\S+\s+){4}\S+$/, { message: 'JOB_FILE_SWEEP_CRON is a five-field cron expression' })
  @Validate(CronExpression)
  JOB_FILE_SWEEP_CRON?: string;

  /** Hours a job's file (a large export or report) is kept for download; then 410. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  JOB_FILE_TTL_HOURS?: number;

  /** A running job whose heartbeat is older than this (seconds) was interrupted: retried or failed. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(3)
  @Max(3600)
  JOB_STALE_SECONDS?: number;

  /** Notification mails (optional): smtp:// or smtps:// URL of the mail server; unset: no mail. */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** The From address of notification mails. */
  @IsOptional()
  @IsString()
  @Matches(/^[^\r\n]{3,200}$/, { message: 'SMTP_FROM must be one line (an address, optionally with a name)' })
  SMTP_FROM?: string;

  /** The app's address as users open it (links in mails), e.g. https://outreach.example.lg.jp */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: 'APP_PUBLIC_URL must be an http(s):// URL' })
  APP_PUBLIC_URL?: string;

  /** The daily follow-up reminders in this process (default on, off under NODE_ENV=test). */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  DAILY_REMINDERS?: boolean;
}

const ALL_ROLES = ['officer', 'manager', 'hq', 'admin'] as const;
type ConfigRole = (typeof ALL_ROLES)[number];

/** `MFA_REQUIRED_ROLES`: unset → manager,hq,admin with an external database, nobody embedded. */
function mfaRequiredRoles(value: string | undefined, external: boolean): ConfigRole[] {
  if (value === undefined) return external ? ['manager', 'hq', 'admin'] : [];
  const roles = value
    .split(',')
    .map((r) => r.trim())
    .filter((r): r is ConfigRole => (ALL_ROLES as readonly string[]).includes(r));
  return [...new Set(roles)];
}

function encryptionKey(value: string | undefined): Buffer | null {
  if (!value) return null;
  return /^[0-9a-fA-F]{64}$/.test(value)
    ? Buffer.from(value, 'hex')
    : Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

export interface AppConfig {
  port: number;
  env: 'development' | 'production' | 'test';
  logLevel: string;
  /** External PostgreSQL (the app's runtime role), or undefined to run the embedded one. */
  databaseUrl?: string;
  /** The external database's owner role (migrations); undefined: DATABASE_URL does both. */
  databaseOwnerUrl?: string;
  dataDir: string;
  session: { idleMinutes: number; absoluteHours: number };
  /**
   * Failed logins: `maxFailures` per account and per (address, account) before a lock, ×4 per
   * address for unknown usernames; the first lock lasts `lockMinutes`, each further one twice as long.
   */
  login: { maxFailures: number; lockMinutes: number };
  /** Requests per minute and user on the expensive routes (libs/http/rate-limit); 0: no limit. */
  rateLimits: { exports: number; reports: number; import: number; search: number };
  /** Report statements' PostgreSQL parallel workers (REPORT_PARALLEL_WORKERS, default 0). */
  reports: { parallelWorkers: number };
  uploadLimitBytes: number;
  /** Largest attachment (ATTACHMENT_LIMIT_MB, default 20): 413 past it, enforced while receiving. */
  attachmentLimitBytes: number;
  /** Where register uploads are received (DATA_DIR/uploads/incoming): removed when their request ends,
   * or moved to the job's folder; on DATA_DIR's disk, not a tmpfs /tmp. */
  registerUploadDir: string;
  /** Largest expansion of a zipped register file (the CSV inside); larger, or far too compressed: 413. */
  registerMaxExpandedBytes: number;
  cadenceDays: { A: number; B: number; C: number };
  /** Seed demo data on first start (default: only with the embedded database). */
  seedDemo?: boolean;
  webDistDir: string;
  /** Express `trust proxy`: `loopback` (default), false, a hop count, or addresses/CIDRs. */
  trustProxy: string | number | boolean;
  /** Port of the token-less metrics listener, or undefined (then only an admin's `/metrics`). */
  metricsPort?: number;
  /** How long a shutdown waits for requests in flight before closing their connections. */
  shutdownGraceMs: number;
  accounts: {
    /** Roles that must use a second factor (TOTP). */
    mfaRequiredRoles: ConfigRole[];
    /** AES-256-GCM key for the TOTP secrets at rest, or null (stored unsealed, never returned). */
    mfaEncryptionKey: Buffer | null;
    /** Days a one-time password (set by an admin or at first start) stays usable. */
    oneTimePasswordDays: number;
  };
  jobs: {
    /** Workers inside this process (default true); the separate `npm run worker` always runs them. */
    workers: boolean;
    /** Uploads larger than this run as a job (202 {jobId}) unless the request says `async=false`. */
    importAsyncThresholdBytes: number;
    /** Heartbeat age past which a running job counts as interrupted (its process died). */
    staleSeconds: number;
    /** Exports and report files estimated past this many rows run as a job (202 {jobId}). */
    exportAsyncRows: number;
    /** Report files estimated past this many rows are made as a job (202 {jobId}). */
    reportAsyncRows: number;
    /** The expired job files' sweep (five-field cron in Asia/Tokyo), run once across instances. */
    fileSweepCron: string;
    /** How long a job's file is kept (ms); an expired one answers 410 and is deleted. */
    fileTtlMs: number;
    /** Where uploaded files wait for their job (DATA_DIR/uploads/jobs): removed when the job ends. */
    uploadDir: string;
  };
  notifications: {
    /** Mails are sent only when set (SMTP_URL); their body is a generic sentence and a link. */
    smtpUrl: string | null;
    from: string;
    /** The app's address for links in mails (APP_PUBLIC_URL), without a trailing slash. */
    publicUrl: string;
    /** Run the daily follow-up reminders here (claimed once per day across instances). */
    dailyReminders: boolean;
  };
}

export class ConfigError extends Error {}

function trustProxy(value: string | undefined): string | number | boolean {
  if (value === undefined || value === '') return 'loopback';
  if (value === 'false') return false;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  return value
    .split(',')
    .map((v) => v.trim())
    .join(',');
}

/** The repository root (where package.json is), whether running from sources or from dist/. */
function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

/** Settings whose values may hold a password or key: a bad one is named, never echoed. */
const SECRET_SETTINGS = /URL$|KEY$|SECRET|PASSWORD/;

/** Parses and validates the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = plainToInstance(Environment, { ...env }, { excludeExtraneousValues: false });
  const errors = validateSync(raw, { skipMissingProperties: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    const lines = errors.map(
      (e) =>
        `  ${e.property}=${SECRET_SETTINGS.test(e.property) ? '(hidden)' : JSON.stringify(e.value)}: ${Object.values(e.constraints ?? {}).join('; ')}`,
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (raw.DATABASE_OWNER_URL && !raw.DATABASE_URL)
    throw new ConfigError(
      "Invalid configuration:\n  DATABASE_OWNER_URL: set DATABASE_URL (the app's restricted role) as well",
    );
  const root = projectRoot();
  return {
    port: raw.PORT ?? 3000,
    env: (raw.NODE_ENV as AppConfig['env']) ?? 'development',
    logLevel: raw.LOG_LEVEL ?? (raw.NODE_ENV === 'test' ? 'silent' : 'info'),
    databaseUrl: raw.DATABASE_URL || undefined,
    databaseOwnerUrl: raw.DATABASE_OWNER_URL || undefined,
    dataDir: path.resolve(raw.DATA_DIR ?? path.join(root, '.data')),
    session: {
      idleMinutes: raw.SESSION_IDLE_MINUTES ?? 120,
      absoluteHours: raw.SESSION_ABSOLUTE_HOURS ?? 12,
    },
    login: { maxFailures: raw.LOGIN_MAX_FAILURES ?? 5, lockMinutes: raw.LOGIN_LOCK_MINUTES ?? 15 },
    rateLimits: {
      exports: raw.RATE_LIMIT_EXPORTS_PER_MINUTE ?? 30,
      reports: raw.RATE_LIMIT_REPORTS_PER_MINUTE ?? 30,
      import: raw.RATE_LIMIT_IMPORT_PER_MINUTE ?? 10,
      search: raw.RATE_LIMIT_SEARCH_PER_MINUTE ?? 120,
    },
    reports: { parallelWorkers: raw.REPORT_PARALLEL_WORKERS ?? 0 },
    uploadLimitBytes: (raw.UPLOAD_LIMIT_MB ?? 512) * 1024 * 1024,
    attachmentLimitBytes: (raw.ATTACHMENT_LIMIT_MB ?? 20) * 1024 * 1024,
    registerUploadDir: path.join(
      path.resolve(raw.DATA_DIR ?? path.join(root, '.data')),
      'uploads',
      'incoming',
    ),
    registerMaxExpandedBytes: (raw.REGISTER_MAX_EXPANDED_MB ?? 1024) * 1024 * 1024,
    cadenceDays: { A: raw.CADENCE_A_DAYS ?? 180, B: raw.CADENCE_B_DAYS ?? 365, C: raw.CADENCE_C_DAYS ?? 730 },
    seedDemo: raw.SEED_DEMO,
    webDistDir: path.resolve(raw.WEB_DIST_DIR ?? path.join(root, 'apps', 'web', 'dist')),
    trustProxy: trustProxy(raw.TRUST_PROXY),
    metricsPort: raw.METRICS_PORT,
    shutdownGraceMs: (raw.SHUTDOWN_GRACE_SECONDS ?? 30) * 1000,
    accounts: {
      mfaRequiredRoles: mfaRequiredRoles(raw.MFA_REQUIRED_ROLES, Boolean(raw.DATABASE_URL)),
      mfaEncryptionKey: encryptionKey(raw.MFA_ENCRYPTION_KEY),
      oneTimePasswordDays: raw.ONE_TIME_PASSWORD_DAYS ?? 7,
    },
    jobs: {
      workers: raw.JOB_WORKERS ?? true,
      importAsyncThresholdBytes: (raw.IMPORT_ASYNC_THRESHOLD_MB ?? 20) * 1024 * 1024,
      staleSeconds: raw.JOB_STALE_SECONDS ?? 60,
      exportAsyncRows: raw.EXPORT_ASYNC_ROWS ?? 100_000,
      reportAsyncRows: raw.REPORT_ASYNC_ROWS ?? 1_000,
      fileSweepCron: raw.JOB_FILE_SWEEP_CRON ?? '*/10 * * * *',
      fileTtlMs: (raw.JOB_FILE_TTL_HOURS ?? 24) * 3600 * 1000,
      uploadDir: path.join(path.resolve(raw.DATA_DIR ?? path.join(root, '.data')), 'uploads', 'jobs'),
    },
    notifications: {
      dailyReminders: raw.DAILY_REMINDERS ?? raw.NODE_ENV !== 'test',
      smtpUrl: raw.SMTP_URL || null,
      from: raw.SMTP_FROM || 'outreach-crm@localhost',
      publicUrl: (raw.APP_PUBLIC_URL || `http://localhost:${raw.PORT ?? 3000}`).replace(/\/+$/, ''),
    },
  };
}

/** Injection token for the AppConfig object. */
export const APP_CONFIG = Symbol('APP_CONFIG');
