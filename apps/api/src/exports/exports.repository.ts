import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Readable } from 'node:stream';
import { DataSource, QueryRunner } from 'typeorm';
import { ExportQuery, inlineParams, selectCsv, selectTyped } from './exports.sql';

/** Rows fetched per round trip by the XLSX cursor. */
export const CURSOR_BATCH = 5_000;

/** A dedicated connection from the pool for one streamed export. */
export interface ExportConnection {
  client: PoolClient;
  /** Returns the connection; with an error it is discarded (it may be mid-COPY). */
  release(error?: unknown): void;
}

/** SQL of exports: every matching row, streamed over a dedicated connection. */
@Injectable()
export class ExportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async connect(): Promise<ExportConnection> {
    const runner: QueryRunner = this.dataSource.createQueryRunner();
    await runner.connect();
    const client = (runner as unknown as { databaseConnection: PoolClient }).databaseConnection;
    const internal = runner as unknown as { releasePostgresConnection(err?: unknown): Promise<void> };
    return {
      client,
      release: (error) => {
        void (error ? internal.releasePostgresConnection(error) : runner.release());
      },
    };
  }

  /**
   * PostgreSQL's own CSV writer: `COPY (SELECT …) TO STDOUT (FORMAT csv)`, formula-safe text built
   * in SQL. The stream's `rowCount` is known once it ends.
   */
  copyCsv(conn: ExportConnection, query: ExportQuery): Readable & { rowCount: number } {
    const sql = inlineParams(selectCsv(query), query.params, (s) => conn.client.escapeLiteral(s));
    return conn.client.query(copyTo(`COPY (${sql}) TO STDOUT WITH (FORMAT csv)`));
  }

  /**
   * A server-side cursor read in batches (rows as arrays of typed values), inside a read-only
   * transaction on the dedicated connection.
   */
  async *cursorRows(conn: ExportConnection, query: ExportQuery): AsyncGenerator<unknown[][]> {
    const sql = inlineParams(selectTyped(query), query.params, (s) => conn.client.escapeLiteral(s));
    await conn.client.query('BEGIN READ ONLY');
    try {
      await conn.client.query(`DECLARE export_cursor NO SCROLL CURSOR FOR ${sql}`);
      for (;;) {
        const batch = await conn.client.query<unknown[]>({
          text: `FETCH ${CURSOR_BATCH} FROM export_cursor`,
          rowMode: 'array',
        });
        if (batch.rows.length === 0) break;
        yield batch.rows;
        if (batch.rows.length < CURSOR_BATCH) break;
      }
      await conn.client.query('CLOSE export_cursor');
      await conn.client.query('COMMIT');
    } catch (error) {
      await conn.client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
}
