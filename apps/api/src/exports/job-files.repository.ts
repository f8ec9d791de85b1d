import { Injectable } from '@nestjs/common';
import { Writable } from 'node:stream';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';

/** Bytes per stored chunk: a row of `job_file_chunks`. */
export const FILE_CHUNK_BYTES = 1024 * 1024;
/** Chunk inserts queued on the file's connection at most (one runs, the next waits, one fills). */
const INSERTS_QUEUED = 2;
/** Chunks read per round trip when a file is sent. */
const READ_CHUNKS = 2;

export interface JobFileMeta {
  jobId: string;
  name: string;
  asciiName: string;
  contentType: string;
  size: number;
  roles: string[];
  auditAction: string;
  expiresAt: Date;
}

/** A file being written for a job: one transaction on its own connection; nothing remains if it fails. */
export interface JobFileWriter {
  /** Takes the file's bytes; each ~1 MB is inserted as it fills (back-pressure: INSERTS_QUEUED inserts). */
  readonly stream: Writable;
  /** After the stream has finished: sets the size and commits. */
  commit(): Promise<JobFileMeta>;
  /** Rolls back (a failed or cancelled job). */
  abort(): Promise<void>;
}

const META = `f.job_id AS "jobId", f.name, f.ascii_name AS "asciiName", f.content_type AS "contentType",
  f.size::float8 AS size, f.roles, f.audit_action AS "auditAction", f.expires_at AS "expiresAt"`;

/** All SQL of `job_files` and `job_file_chunks`. */
@Injectable()
export class JobFilesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async open(meta: Omit<JobFileMeta, 'size'>): Promise<JobFileWriter> {
    const runner: QueryRunner = this.dataSource.createQueryRunner();
    await runner.connect();
    let ended = false;
    const end = async (commit: boolean) => {
      if (ended) return;
      ended = true;
      try {
        await runner.query(commit ? 'COMMIT' : 'ROLLBACK');
      } finally {
        await runner.release();
      }
    };
    try {
      await runner.query('BEGIN');
      // A retried job (its process died) starts its file again.
      await runner.query(`DELETE FROM job_files WHERE job_id = $1`, [meta.jobId]);
      await runner.query(
        `INSERT INTO job_files (job_id, name, ascii_name, content_type, size, roles, audit_action, expires_at)
         VALUES ($1, $2, $3, $4, 0, $5, $6, $7)`,
        [
          meta.jobId,
          meta.name,
          meta.asciiName,
          meta.contentType,
          meta.roles,
          meta.auditAction,
          meta.expiresAt,
        ],
      );
    } catch (error) {
      await end(false).catch(() => undefined);
      throw error;
    }
    let seq = 0;
    let size = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    // Inserts are queued on the connection while the next chunk fills (the producer does not wait
    // for each round trip); at most INSERTS_QUEUED of them, so memory stays a few MB.
    let failure: unknown = null;
    const queued: Promise<void>[] = [];
    const flush = () => {
      if (pendingBytes === 0) return;
      const data = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      const insert: Promise<void> = runner
        .query(`INSERT INTO job_file_chunks (job_id, seq, data) VALUES ($1, $2, $3)`, [
          meta.jobId,
          seq++,
          data,
        ])
        .then(
          () => undefined,
          (error: unknown) => {
            failure ??= error;
          },
        );
      queued.push(insert);
      void insert.then(() => queued.splice(queued.indexOf(insert), 1));
    };
    const settle = async (atMost: number) => {
      while (queued.length > atMost) await queued[0];
      if (failure) throw failure;
    };
    const stream = new Writable({
      highWaterMark: FILE_CHUNK_BYTES,
      write(chunk: Buffer, _enc, callback) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        size += chunk.length;
        if (pendingBytes < FILE_CHUNK_BYTES) return callback();
        flush();
        settle(INSERTS_QUEUED - 1).then(() => callback(), callback);
      },
      final(callback) {
        flush();
        settle(0).then(() => callback(), callback);
      },
    });
    return {
      stream,
      commit: async () => {
        try {
          await runner.query(`UPDATE job_files SET size = $2 WHERE job_id = $1`, [meta.jobId, size]);
        } catch (error) {
          await end(false).catch(() => undefined);
          throw error;
        }
        await end(true);
        return { ...meta, size };
      },
      abort: () => end(false),
    };
  }

  async find(jobId: string): Promise<JobFileMeta | null> {
    const rows: JobFileMeta[] = await this.dataSource.query(
      `SELECT ${META} FROM job_files f WHERE f.job_id = $1`,
      [jobId],
    );
    return rows[0] ?? null;
  }

  /** The file's bytes in order, a few chunks per round trip (few: each comes as hex text). */
  async *chunks(jobId: string): AsyncGenerator<Buffer> {
    for (let from = 0; ; from += READ_CHUNKS) {
      const rows: { data: Buffer }[] = await this.dataSource.query(
        `SELECT data FROM job_file_chunks WHERE job_id = $1 AND seq >= $2 ORDER BY seq LIMIT $3`,
        [jobId, from, READ_CHUNKS],
      );
      for (const r of rows) yield r.data;
      if (rows.length < READ_CHUNKS) return;
    }
  }

  async delete(jobId: string, tx: EntityManager = this.dataSource.manager): Promise<void> {
    await tx.query(`DELETE FROM job_files WHERE job_id = $1`, [jobId]);
  }

  /** Deletes every expired file (their chunks go with them); answers how many. */
  async deleteExpired(): Promise<number> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH gone AS (DELETE FROM job_files WHERE expires_at <= now() RETURNING job_id) SELECT job_id FROM gone`,
    );
    return rows.length;
  }
}
