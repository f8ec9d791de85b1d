import { Injectable } from '@nestjs/common';
import { Writable } from 'node:stream';
import type { PoolClient } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';

/** Bytes per stored chunk: a row of `job_file_chunks`. */
export const FILE_CHUNK_BYTES = 1024 * 1024;
/** Binary COPY's signature, flags and header extension; its end: a field count of -1. */
const COPY_HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
const COPY_TRAILER = Buffer.from([0xff, 0xff]);

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

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
  /** Takes the file's bytes; each ~1 MB is a row of one binary COPY (back-pressure from its socket). */
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
    // The bytes go to PostgreSQL as they come, in one binary COPY of the chunk rows: no 1 MB
    // parameter buffer built per INSERT on the API thread, back-pressure from the socket.
    const client = (runner as unknown as { databaseConnection: PoolClient }).databaseConnection;
    const copy = client.query(
      copyFrom(`COPY job_file_chunks (job_id, seq, data) FROM STDIN (FORMAT binary)`),
    );
    const copyDone = new Promise<void>((resolve, reject) => {
      copy.on('finish', resolve);
      copy.on('error', reject);
    });
    copyDone.catch(() => undefined);
    const jobId = uuidBytes(meta.jobId);
    copy.write(COPY_HEADER);
    let seq = 0;
    let size = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    /** Writes the pending bytes as one row; answers whether the COPY takes more now. */
    const flush = (): boolean => {
      if (pendingBytes === 0) return true;
      const head = Buffer.alloc(2 + 4 + 16 + 4 + 4 + 4);
      head.writeInt16BE(3, 0);
      head.writeInt32BE(16, 2);
      jobId.copy(head, 6);
      head.writeInt32BE(4, 22);
      head.writeInt32BE(seq++, 26);
      head.writeInt32BE(pendingBytes, 30);
      let more = copy.write(head);
      for (const piece of pending) more = copy.write(piece);
      pending = [];
      pendingBytes = 0;
      return more;
    };
    const drained = () =>
      new Promise<void>((resolve, reject) => {
        const onDrain = () => {
          copy.off('error', onError);
          resolve();
        };
        const onError = (error: Error) => {
          copy.off('drain', onDrain);
          reject(error);
        };
        copy.once('drain', onDrain);
        copy.once('error', onError);
      });
    const stream = new Writable({
      highWaterMark: FILE_CHUNK_BYTES,
      write(chunk: Buffer, _enc, callback) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        size += chunk.length;
        if (pendingBytes < FILE_CHUNK_BYTES) return callback();
        if (flush()) return callback();
        drained().then(() => callback(), callback);
      },
      final(callback) {
        flush();
        copy.end(COPY_TRAILER);
        copyDone.then(() => callback(), callback);
      },
      destroy(error, callback) {
        if (!copy.writableFinished) copy.destroy(error ?? new Error('job file abandoned'));
        callback(error);
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
      abort: async () => {
        // a COPY still open is failed first (CopyFail), so that the connection can roll back
        if (!copy.writableFinished) copy.destroy(new Error('job file abandoned'));
        await copyDone.catch(() => undefined);
        await end(false);
      },
    };
  }

  async find(jobId: string): Promise<JobFileMeta | null> {
    const rows: JobFileMeta[] = await this.dataSource.query(
      `SELECT ${META} FROM job_files f WHERE f.job_id = $1`,
      [jobId],
    );
    return rows[0] ?? null;
  }

  /**
   * The file's bytes in order: `COPY (SELECT data …) TO STDOUT (FORMAT binary)` over a connection
   * held while the file is sent, so the bytes come as they are (a bytea selected as text is hex: a
   * string twice the file's size, parsed on the API thread) with back-pressure to the query.
   */
  async *chunks(jobId: string): AsyncGenerator<Buffer> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const client = (runner as unknown as { databaseConnection: PoolClient }).databaseConnection;
    const copy = client.query(
      copyTo(
        `COPY (SELECT data FROM job_file_chunks WHERE job_id = ${client.escapeLiteral(jobId)} ORDER BY seq)
           TO STDOUT (FORMAT binary)`,
      ),
    );
    let complete = false;
    try {
      yield* binaryCopyValues(copy);
      complete = true;
    } finally {
      if (complete) await runner.release();
      else {
        // stopped mid-COPY (the client went away): the connection is discarded, not reused
        copy.destroy();
        const internal = runner as unknown as { releasePostgresConnection(err?: unknown): Promise<void> };
        await internal.releasePostgresConnection(new Error('file send stopped')).catch(() => undefined);
      }
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

const COPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * The values of a one-column binary COPY, as byte pieces in order (PostgreSQL's binary COPY format:
 * an 11-byte signature, flags and a header extension; per tuple a field count, a length and the
 * bytes; -1 as the field count at the end). Pieces are views on the stream's chunks, never copied.
 */
export async function* binaryCopyValues(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let state: 'header' | 'tuple' | 'value' | 'end' = 'header';
  let pending: Buffer = Buffer.alloc(0);
  let remaining = 0;
  for await (const chunk of source) {
    let c: Buffer = chunk;
    while (c.length > 0) {
      if (state === 'end') throw new Error('binary COPY: data after its end');
      if (state === 'value') {
        const n = Math.min(remaining, c.length);
        yield c.subarray(0, n);
        remaining -= n;
        c = c.subarray(n);
        if (remaining === 0) state = 'tuple';
        continue;
      }
      pending = pending.length ? Buffer.concat([pending, c]) : c;
      c = Buffer.alloc(0);
      if (state === 'header') {
        if (pending.length < 19) break;
        if (!pending.subarray(0, 11).equals(COPY_SIGNATURE)) throw new Error('binary COPY: no signature');
        const headerLength = 19 + pending.readInt32BE(15);
        if (pending.length < headerLength) break;
        pending = pending.subarray(headerLength);
        state = 'tuple';
      }
      if (state === 'tuple') {
        if (pending.length < 2) {
          c = Buffer.alloc(0);
          continue;
        }
        const fields = pending.readInt16BE(0);
        if (fields === -1) {
          state = 'end';
          pending = pending.subarray(2);
          if (pending.length) throw new Error('binary COPY: data after its end');
          continue;
        }
        if (fields !== 1) throw new Error(`binary COPY: ${fields} fields, one expected`);
        if (pending.length < 6) continue;
        remaining = pending.readInt32BE(2);
        if (remaining < 0) throw new Error('binary COPY: a NULL value');
        c = pending.subarray(6);
        pending = Buffer.alloc(0);
        state = remaining === 0 ? 'tuple' : 'value';
      }
    }
  }
  if (state !== 'end') throw new Error('binary COPY: ended early');
}
