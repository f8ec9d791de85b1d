import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import PgBoss from 'pg-boss';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../../../libs/config/app-config';
import { DomainError } from '../../../../libs/http/domain-error';
import { RequestContext, RequestUser } from '../../../../libs/http/request-context';
import { JobsErrors } from './jobs.errors';
import { JobsHealth } from './jobs.health';
import { JobRow, JobsRepository } from './jobs.repository';

/** What a handler gets: its job, a signal (cancel or shutdown: stop at the next batch), progress. */
export interface JobContext {
  job: JobRow;
  /** Aborted when a cancel is asked (reason {@link CANCELLED}) or the process shuts down ({@link SHUTDOWN}). */
  signal: AbortSignal;
  /** The job's stored file (imports), if any. */
  file: string | null;
  /** Progress as the API shows it (`{done, total, …}`); written at most every {@link PROGRESS_MS}. */
  progress(progress: Record<string, unknown> & { done: number; total: number }): void;
}

/** Runs one job; answers its result (kept with the job). Throw to fail it; nothing it did may remain. */
export type JobHandler = (ctx: JobContext) => Promise<Record<string, unknown>>;

export const CANCELLED = 'job.cancelled';
export const SHUTDOWN = 'job.shutdown';
/** Progress is written at most this often (the API's poll sees about 2 updates a second). */
export const PROGRESS_MS = 500;
/** A running job's heartbeat (and its check for a cancel) at least this often. */
const HEARTBEAT_MS = 2000;

interface Running {
  abort: AbortController;
}

/** A maintenance task on the queue's schedule; answers what it did (kept as the pg-boss job's output). */
export type ScheduledTask = () => Promise<Record<string, unknown>>;

/** Scheduled tasks run in Japan's time (a cron of "3 * * * *" means a Japanese hour's minute 3). */
const SCHEDULE_TZ = 'Asia/Tokyo';

/**
 * The PostgreSQL-backed queue (pg-boss 10, schema `pgboss`, created by the migrations) and this
 * process's workers. Every instance can send; those with workers (`JOB_WORKERS`, default on, and
 * `npm run worker`) run jobs. A job's state the API shows lives in `jobs` (jobs.repository.ts);
 * pg-boss only hands each queue job to one worker. Retries are ours: a job whose heartbeat stops
 * (its process died) is queued again once (`max_attempts` 2), then failed; on shutdown running jobs
 * are stopped at their next batch (their transaction rolls back) and handed back to the queue.
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('Jobs');
  private readonly handlers = new Map<string, JobHandler>();
  private readonly schedules = new Map<string, { cron: string; task: ScheduledTask }>();
  private readonly running = new Map<string, Running>();
  private boss: PgBoss | null = null;
  private reaper: NodeJS.Timeout | null = null;
  private stopping = false;
  /** This process, as the `jobs.worker` column shows it. */
  readonly workerName = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: JobsRepository,
    private readonly health: JobsHealth,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /**
   * A task on the queue's schedule (call from onModuleInit; its pg-boss queue is made by a
   * migration): pg-boss's cron sends one job per due time across every instance (the instances'
   * clocks are checked against one row, `pgboss.version.cron_on`, and the send is a singleton of
   * its minute), and one worker runs it. Processes with workers keep the schedule and run it.
   */
  schedule(name: string, cron: string, task: ScheduledTask): void {
    this.schedules.set(name, { cron, task });
  }

  get workersEnabled(): boolean {
    return this.config.jobs.workers;
  }

  async onApplicationBootstrap(): Promise<void> {
    // The OpenAPI writer builds the app without a database: no queue then.
    if (!this.dataSource.isInitialized) return;
    const pool = (this.dataSource.driver as unknown as { master: PgBoss.Db & { query: PgQuery } }).master;
    const boss = new PgBoss({
      db: { executeSql: (text, values) => pool.query(text, values) },
      schema: 'pgboss',
      migrate: false,
      // the cron monitor: in processes with workers (only one of them sends each due job)
      schedule: this.config.jobs.workers && this.schedules.size > 0,
      supervise: this.config.jobs.workers,
    });
    boss.on('error', (err) => this.log.error(`queue: ${err.message}`));
    await boss.start();
    this.boss = boss;
    if (!this.config.jobs.workers) return;
    for (const kind of this.handlers.keys())
      await boss.work<{ jobId: string }>(kind, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
        await this.execute(job);
      });
    for (const [name, { cron, task }] of this.schedules) {
      await boss.schedule(name, cron, {}, { tz: SCHEDULE_TZ });
      await boss.work(name, { batchSize: 1, pollingIntervalSeconds: 2 }, async () => {
        if (this.stopping) throw new Error('shutting down');
        return { ...(await task()), worker: this.workerName };
      });
    }
    const every = Math.max(1000, Math.floor((this.config.jobs.staleSeconds * 1000) / 3));
    this.reaper = setInterval(() => void this.reap().catch((e: Error) => this.log.error(e.message)), every);
    this.reaper.unref();
    await this.reap();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.reaper) clearInterval(this.reaper);
    for (const r of this.running.values()) r.abort.abort(SHUTDOWN);
    await this.boss?.stop({ graceful: true, wait: true, close: false, timeout: 30_000 });
    this.boss = null;
  }

  /** Queues a job; its stored file (moved under DATA_DIR/uploads/jobs) is removed when it ends. */
  async enqueue(
    tx: EntityManager,
    input: {
      kind: string;
      stationId: string | null;
      createdBy: string | null;
      payload: Record<string, unknown>;
      file?: string;
    },
  ): Promise<string> {
    if (!this.boss) throw JobsErrors.failed();
    const id = randomUUID();
    let stored: string | null = null;
    if (input.file) {
      await mkdir(this.config.jobs.uploadDir, { recursive: true, mode: 0o700 });
      stored = join(this.config.jobs.uploadDir, id);
      await moveFile(input.file, stored);
    }
    try {
      const queueJobId = randomUUID();
      await this.repo.insert(tx, {
        id,
        kind: input.kind,
        stationId: input.stationId,
        createdBy: input.createdBy,
        payload: { ...input.payload, file: stored },
        progress: { done: 0, total: 0, phase: 'queued' },
        queueJobId,
      });
      await this.send(tx, input.kind, id, queueJobId);
      return id;
    } catch (err) {
      if (stored) await rm(stored, { force: true });
      throw err;
    }
  }

  /** After a cancel of a queued job: its queue job and file go. */
  async discard(job: JobRow): Promise<void> {
    if (job.queueJobId) await this.boss?.cancel(job.kind, job.queueJobId).catch(() => undefined);
    await removeFile(job);
  }

  private async send(tx: EntityManager, kind: string, jobId: string, queueJobId: string): Promise<void> {
    const runner = tx.queryRunner;
    if (!this.boss || !runner) throw JobsErrors.failed();
    // In the caller's transaction: the job row and its queue job commit (or roll back) together.
    const db: PgBoss.Db = {
      executeSql: async (text, values) => ({ rows: (await runner.query(text, values, true)).records }),
    };
    await this.boss.send(kind, { jobId }, { id: queueJobId, db });
  }

  private async execute(queued: PgBoss.Job<{ jobId: string }>): Promise<void> {
    if (this.stopping) throw new Error('shutting down');
    const job = await this.repo.claim(queued.data.jobId, queued.id, this.workerName);
    if (!job) return; // cancelled, ended, or superseded by a newer queue job
    const handler = this.handlers.get(job.kind);
    if (!handler || job.attempts > job.maxAttempts) {
      await this.repo.finish(job.id, 'failed', { error: errorBody(JobsErrors.interrupted()) });
      this.health.ended(job.kind, 'failed');
      await removeFile(job);
      return;
    }
    const abort = new AbortController();
    this.running.set(job.id, { abort });
    let pending: Record<string, unknown> | undefined;
    const io: { writing: Promise<void> | null } = { writing: null };
    let lastWrite = 0;
    const write = () => {
      if (io.writing) return;
      const progress = pending;
      pending = undefined;
      lastWrite = Date.now();
      io.writing = this.repo
        .touch(job.id, this.workerName, progress)
        .then((cancel) => {
          if (cancel && !abort.signal.aborted) abort.abort(CANCELLED);
        })
        .catch((e: Error) => this.log.warn(`job ${job.id} heartbeat: ${e.message}`))
        .finally(() => {
          io.writing = null;
        });
    };
    const beat = setInterval(write, HEARTBEAT_MS);
    let last: Record<string, unknown> = job.progress;
    let handedBack = false;
    try {
      const user = await this.creator(job.createdBy);
      const result = await RequestContext.run(
        { requestId: `job-${job.id}`, clientIp: null, user: user ?? undefined },
        () =>
          handler({
            job,
            signal: abort.signal,
            file: typeof job.payload.file === 'string' ? job.payload.file : null,
            progress: (p) => {
              pending = last = p;
              if (Date.now() - lastWrite >= PROGRESS_MS) write();
            },
          }),
      );
      clearInterval(beat);
      await io.writing;
      await this.repo.finish(job.id, 'done', {
        result,
        progress: { ...last, done: last.total ?? last.done, phase: 'done', etaSeconds: 0 },
      });
      this.health.ended(job.kind, 'done');
    } catch (err) {
      clearInterval(beat);
      await io.writing;
      const reason: unknown = abort.signal.aborted ? abort.signal.reason : null;
      if (reason === SHUTDOWN) {
        handedBack = true;
        await this.dataSource.transaction(async (tx) => {
          const queueJobId = randomUUID();
          await this.repo.requeue(tx, job.id, queueJobId, false);
          await this.send(tx, job.kind, job.id, queueJobId);
        });
        this.log.log(`job ${job.id} handed back to the queue (shutdown)`);
      } else if (reason === CANCELLED) {
        await this.repo.finish(job.id, 'cancelled', {
          progress: { ...last, phase: 'cancelled', etaSeconds: null },
        });
        this.health.ended(job.kind, 'cancelled');
      } else {
        if (!(err instanceof DomainError))
          this.log.error(
            `job ${job.id} (${job.kind}) failed: ${err instanceof Error ? err.message : String(err)}`,
          );
        await this.repo.finish(job.id, 'failed', {
          error: errorBody(err instanceof DomainError ? err : JobsErrors.failed()),
          progress: { ...last, etaSeconds: null },
        });
        this.health.ended(job.kind, 'failed');
      }
    } finally {
      this.running.delete(job.id);
      if (!handedBack) await removeFile(job);
    }
  }

  /**
   * Jobs whose process died (no heartbeat for JOB_STALE_SECONDS): their transaction was rolled back
   * by PostgreSQL with the connection, so nothing of theirs remains. Queued again while attempts
   * remain, else failed (`job.interrupted`).
   */
  async reap(): Promise<number> {
    if (!this.boss || this.stopping) return 0;
    const failed = new Set<string>();
    const stale = await this.dataSource.transaction(async (tx) => {
      const rows = await this.repo.lockStale(tx, this.config.jobs.staleSeconds);
      for (const job of rows) {
        if (job.attempts < job.maxAttempts && this.handlers.has(job.kind)) {
          const queueJobId = randomUUID();
          await this.repo.requeue(tx, job.id, queueJobId, true);
          await this.send(tx, job.kind, job.id, queueJobId);
        } else {
          await this.repo.finish(job.id, 'failed', { error: errorBody(JobsErrors.interrupted()) }, tx);
          failed.add(job.id);
        }
      }
      return rows;
    });
    for (const job of stale) {
      this.log.warn(`job ${job.id} was interrupted (worker ${job.worker ?? '?'} stopped): retried or failed`);
      if (failed.has(job.id)) this.health.ended(job.kind, 'failed');
      if (job.queueJobId) await this.boss.fail(job.kind, job.queueJobId).catch(() => undefined);
      if (failed.has(job.id)) await removeFile(job);
    }
    return stale.length;
  }

  private async creator(userId: string | null): Promise<RequestUser | null> {
    if (!userId) return null;
    const rows: RequestUser[] = await this.dataSource.query(
      `SELECT id, username, display_name AS "displayName", role, station_id AS "stationId" FROM users WHERE id = $1`,
      [userId],
    );
    return rows[0] ?? null;
  }
}

type PgQuery = (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;

function errorBody(err: DomainError): Record<string, unknown> {
  return { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) };
}

async function removeFile(job: JobRow): Promise<void> {
  if (typeof job.payload.file === 'string') await rm(job.payload.file, { force: true });
}

async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as { code?: string }).code !== 'EXDEV') throw err;
    await copyFile(from, to);
    await rm(from, { force: true });
  }
}
