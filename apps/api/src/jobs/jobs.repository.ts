import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { scopeSql } from '../../../../libs/auth/station-scope';
import type { RequestUser } from '../../../../libs/http/request-context';
import type { JobStatus } from './entities/job.entity';

export interface JobRow {
  id: string;
  kind: string;
  stationId: string | null;
  createdBy: string | null;
  status: JobStatus;
  payload: Record<string, unknown>;
  progress: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: Record<string, unknown> | null;
  cancelRequested: boolean;
  attempts: number;
  maxAttempts: number;
  queueJobId: string | null;
  worker: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const COLUMNS = `j.id, j.kind, j.station_id AS "stationId", j.created_by AS "createdBy", j.status, j.payload,
  j.progress, j.result, j.error, j.cancel_requested AS "cancelRequested", j.attempts,
  j.max_attempts AS "maxAttempts", j.queue_job_id AS "queueJobId", j.worker, j.created_at AS "createdAt",
  j.started_at AS "startedAt", j.finished_at AS "finishedAt"`;

/** UPDATE … RETURNING answers [rows, count] through TypeORM. */
function updated<T>(result: unknown): T[] {
  return (result as [T[], number])[0];
}

/** All SQL of the `jobs` table. */
@Injectable()
export class JobsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    tx: EntityManager,
    job: Pick<JobRow, 'id' | 'kind' | 'stationId' | 'createdBy' | 'payload' | 'queueJobId'> & {
      progress: Record<string, unknown>;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO jobs (id, kind, station_id, created_by, payload, progress, queue_job_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        job.id,
        job.kind,
        job.stationId,
        job.createdBy,
        JSON.stringify(job.payload),
        JSON.stringify(job.progress),
        job.queueJobId,
      ],
    );
  }

  async findScoped(user: RequestUser, id: string, tx: EntityManager = this.dataSource.manager) {
    const params: unknown[] = [id];
    const rows: JobRow[] = await tx.query(
      `SELECT ${COLUMNS} FROM jobs j WHERE j.id = $1 AND ${scopeSql(user, 'j.station_id', params)}`,
      params,
    );
    return rows[0] ?? null;
  }

  async find(id: string): Promise<JobRow | null> {
    const rows: JobRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM jobs j WHERE j.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Marks a cancel: a queued job ends at once, a running one when its worker next looks. */
  async requestCancel(tx: EntityManager, user: RequestUser, id: string): Promise<JobRow | null> {
    const params: unknown[] = [id];
    const rows = updated<JobRow>(
      await tx.query(
        `UPDATE jobs j SET cancel_requested = true, updated_at = now(),
                status = CASE WHEN j.status = 'queued' THEN 'cancelled' ELSE j.status END,
                finished_at = CASE WHEN j.status = 'queued' THEN now() ELSE j.finished_at END
          WHERE j.id = $1 AND j.status IN ('queued', 'running') AND ${scopeSql(user, 'j.station_id', params)}
          RETURNING ${COLUMNS}`,
        params,
      ),
    );
    return rows[0] ?? null;
  }

  /** The worker takes the job: only the row's current queue job may, and not a cancelled one. */
  async claim(id: string, queueJobId: string, worker: string): Promise<JobRow | null> {
    const rows = updated<JobRow>(
      await this.dataSource.query(
        `UPDATE jobs j SET status = 'running', attempts = j.attempts + 1, worker = $3, heartbeat_at = now(),
                started_at = coalesce(j.started_at, now()), updated_at = now()
          WHERE j.id = $1 AND j.queue_job_id = $2 AND j.status IN ('queued', 'running')
            AND NOT j.cancel_requested
          RETURNING ${COLUMNS}`,
        [id, queueJobId, worker],
      ),
    );
    return rows[0] ?? null;
  }

  /** Heartbeat (and progress when given) of a running job; answers whether a cancel was asked. */
  async touch(id: string, worker: string, progress?: Record<string, unknown>): Promise<boolean> {
    const rows = updated<{ cancelRequested: boolean }>(
      await this.dataSource.query(
        `UPDATE jobs SET heartbeat_at = now(), progress = coalesce($3::jsonb, progress)
          WHERE id = $1 AND worker = $2 AND status = 'running'
          RETURNING cancel_requested AS "cancelRequested"`,
        [id, worker, progress ? JSON.stringify(progress) : null],
      ),
    );
    return rows[0]?.cancelRequested ?? false;
  }

  async finish(
    id: string,
    status: Extract<JobStatus, 'done' | 'failed' | 'cancelled'>,
    outcome: {
      result?: Record<string, unknown>;
      error?: Record<string, unknown>;
      progress?: Record<string, unknown>;
    },
    tx: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await tx.query(
      `UPDATE jobs SET status = $2, result = $3, error = $4, progress = coalesce($5::jsonb, progress),
              finished_at = now(), heartbeat_at = NULL, updated_at = now()
        WHERE id = $1 AND status IN ('queued', 'running')`,
      [
        id,
        status,
        outcome.result ? JSON.stringify(outcome.result) : null,
        outcome.error ? JSON.stringify(outcome.error) : null,
        outcome.progress ? JSON.stringify(outcome.progress) : null,
      ],
    );
  }

  /** Back to the queue under a new queue job (shutdown: the attempt does not count; stale: it does). */
  async requeue(tx: EntityManager, id: string, queueJobId: string, countAttempt: boolean): Promise<void> {
    await tx.query(
      `UPDATE jobs SET status = 'queued', queue_job_id = $2, worker = NULL, heartbeat_at = NULL,
              attempts = CASE WHEN $3 THEN attempts ELSE greatest(attempts - 1, 0) END,
              progress = progress || '{"phase": "queued"}'::jsonb, updated_at = now()
        WHERE id = $1`,
      [id, queueJobId, countAttempt],
    );
  }

  /** Running jobs whose heartbeat stopped (their process died), locked for this transaction. */
  async lockStale(tx: EntityManager, staleSeconds: number): Promise<JobRow[]> {
    return tx.query(
      `SELECT ${COLUMNS} FROM jobs j
        WHERE j.status = 'running' AND j.heartbeat_at < now() - make_interval(secs => $1)
        ORDER BY j.heartbeat_at FOR UPDATE SKIP LOCKED LIMIT 20`,
      [staleSeconds],
    );
  }

  /** The oldest queued job's age per kind, in seconds. */
  async oldestQueued(): Promise<{ kind: string; seconds: number }[]> {
    return this.dataSource.query(
      `SELECT kind, EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS seconds FROM jobs
        WHERE status = 'queued' GROUP BY kind ORDER BY kind`,
    );
  }

  /** Jobs failed in the last `hours`, per kind (every instance's: the metrics' failures across restarts). */
  async recentFailures(hours = 24): Promise<{ kind: string; count: number }[]> {
    return this.dataSource.query(
      `SELECT kind, count(*)::int AS count FROM jobs
        WHERE status = 'failed' AND finished_at > now() - make_interval(hours => $1) GROUP BY kind ORDER BY kind`,
      [hours],
    );
  }

  /** Jobs queued and running per kind (health, metrics). */
  async counts(): Promise<{ kind: string; status: JobStatus; count: number }[]> {
    return this.dataSource.query(
      `SELECT kind, status, count(*)::int AS count FROM jobs
        WHERE status IN ('queued', 'running') GROUP BY kind, status ORDER BY kind, status`,
    );
  }
}
