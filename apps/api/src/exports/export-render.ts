/**
 * The worker-thread side of an export (run by reports/render.worker.ts, started by RenderPool.stream):
 * its own PostgreSQL connection reads the rows, and everything CPU-heavy — PostgreSQL's COPY bytes
 * re-encoded as Shift_JIS, XLSX rows built and deflated by exceljs's streaming writer — happens on
 * this thread. The bytes go to the API thread in ~256 KB chunks (transferred, not copied); at most
 * CHUNK_WINDOW of them are unacknowledged, so a slow client (or job file) stops the query here too
 * and memory stays flat. `cancel()` (client gone, job cancelled, pool closing) stops the query and
 * closes the connection.
 */
import { StringDecoder } from 'node:string_decoder';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { Client, escapeLiteral } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { encodeShiftJis, quoteCsvField, UTF8_BOM } from '../../../../libs/files/csv';
import { createXlsxWriter } from '../../../../libs/files/xlsx';
import { ExportQuery, inlineParams, selectCsv, selectTyped } from './exports.sql';

/** What the API thread asks for (plain data: it is structured-cloned into the worker). */
export interface ExportRenderJob {
  kind: 'export';
  format: 'csv' | 'xlsx';
  encoding: 'utf8' | 'shift_jis';
  sheetName: string;
  query: ExportQuery;
  /** CSV only: gzip the file here (the response then says Content-Encoding: gzip). */
  gzip?: boolean;
  /** The database the API itself uses (its restricted role). */
  databaseUrl: string;
}

/** Bytes per chunk sent to the API thread. */
export const CHUNK_BYTES = 256 * 1024;
/** Chunks sent and not yet taken by the API thread's output: the back-pressure window (~1 MB). */
export const CHUNK_WINDOW = 4;
/** Rows fetched per round trip by the XLSX cursor. */
export const CURSOR_BATCH = 2_000;
/**
 * gzip level of a CSV: the fastest (a third of level 6's CPU, the file ~20 % larger): on a machine
 * whose cores the database's COPY already keeps busy, CPU is what the other requests wait for.
 */
const GZIP_LEVEL = 1;
/** The XLSX writer waits for its output every DRAIN_ROWS rows. */
const DRAIN_ROWS = 500;

export interface ChunkSink {
  /** One chunk (the worker gives up its buffer) and the data rows written so far. */
  chunk(bytes: Uint8Array, rows: number): void;
}

export class ExportCancelled extends Error {
  constructor() {
    super('export cancelled');
    this.name = 'ExportCancelled';
  }
}

/** A running export in the worker: `run()` resolves with its row count; `ack`/`cancel` come from the API thread. */
export class ExportRender {
  private unacked = 0;
  private waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private cancelled = false;
  private client: Client | null = null;
  private copy: (NodeJS.ReadableStream & { destroy(e?: Error): void }) | null = null;
  private rows = 0;

  constructor(
    private readonly job: ExportRenderJob,
    private readonly sink: ChunkSink,
  ) {}

  /** The API thread has written one chunk on: room for another. */
  ack(): void {
    this.unacked = Math.max(0, this.unacked - 1);
    this.waiters.shift()?.resolve();
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    for (const w of this.waiters.splice(0)) w.reject(new ExportCancelled());
    this.copy?.destroy(new ExportCancelled());
    // A COPY or FETCH in progress: drop the socket (the server ends the statement when it notices).
    const socket = (this.client as unknown as { connection?: { stream?: { destroy(): void } } } | null)
      ?.connection?.stream;
    socket?.destroy();
  }

  async run(): Promise<number> {
    const client = new Client({
      connectionString: this.job.databaseUrl,
      application_name: 'outreach-crm export',
    });
    this.client = client;
    client.on('error', () => undefined); // a dropped socket (cancel) is reported by the statement
    let broken = false;
    try {
      await client.connect();
      this.throwIfCancelled();
      const out = this.chunker();
      const rows = this.job.format === 'csv' ? await this.csv(client, out) : await this.xlsx(client, out);
      this.throwIfCancelled();
      return rows;
    } catch (error) {
      broken = true;
      throw this.cancelled ? new ExportCancelled() : error;
    } finally {
      if (broken)
        (
          client as unknown as { connection?: { stream?: { destroy(): void } } }
        ).connection?.stream?.destroy();
      // (bounded: a socket dropped by cancel() may never say goodbye)
      await Promise.race([
        client.end().catch(() => undefined),
        new Promise((resolve) => setTimeout(resolve, 2_000).unref()),
      ]);
      this.client = null;
    }
  }

  private throwIfCancelled(): void {
    if (this.cancelled) throw new ExportCancelled();
  }

  private async room(): Promise<void> {
    while (this.unacked >= CHUNK_WINDOW) {
      this.throwIfCancelled();
      await new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    }
    this.throwIfCancelled();
  }

  private send(parts: Buffer[], bytes: number): void {
    const data = parts.length === 1 ? parts[0] : Buffer.concat(parts, bytes);
    // A Buffer may be a view on a shared pool (small ones are): send a copy of exactly its bytes then.
    const view =
      data.byteOffset === 0 && data.byteLength === data.buffer.byteLength
        ? new Uint8Array(data.buffer, 0, data.byteLength)
        : new Uint8Array(data);
    this.unacked++;
    this.sink.chunk(view, this.rows);
  }

  /** Collects the file's bytes into CHUNK_BYTES chunks; its writes wait while the window is full. */
  private chunker(): Writable {
    let parts: Buffer[] = [];
    let bytes = 0;
    const flush = () => {
      if (bytes === 0) return;
      const p = parts;
      const n = bytes;
      parts = [];
      bytes = 0;
      this.send(p, n);
    };
    return new Writable({
      highWaterMark: CHUNK_BYTES,
      write: (chunk: Buffer, _enc, callback) => {
        parts.push(chunk);
        bytes += chunk.length;
        if (bytes < CHUNK_BYTES) return callback();
        flush();
        this.room().then(() => callback(), callback);
      },
      final: (callback) => {
        flush();
        callback();
      },
    });
  }

  private async csv(client: Client, out: Writable): Promise<number> {
    const { query, encoding } = this.job;
    const header = query.columns.map((c) => quoteCsvField(c.header)).join(',') + '\n';
    const sql = inlineParams(selectCsv(query), query.params, escapeLiteral);
    const copy = client.query(copyTo(`COPY (${sql}) TO STDOUT WITH (FORMAT csv)`));
    this.copy = copy;
    const prefix = encoding === 'shift_jis' ? encodeShiftJis(header) : Buffer.from(UTF8_BOM + header, 'utf8');
    // The header first; then progress: records so far, counted by line (a quoted line break counts
    // too: an estimate; a Shift_JIS byte 0x0A is always a line feed).
    let headed = false;
    const count = (chunk: Buffer) => {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) this.rows++;
    };
    const counter = new Transform({
      transform(chunk: Buffer, _enc, callback) {
        if (!headed) {
          headed = true;
          this.push(prefix);
        }
        count(chunk);
        callback(null, chunk);
      },
      flush(callback) {
        if (!headed) {
          headed = true;
          this.push(prefix);
        }
        callback();
      },
    });
    await pipeline([
      copy,
      ...(encoding === 'shift_jis' ? [shiftJisTranscoder()] : []),
      counter,
      // gzip here, not on the API thread (the route then sends Content-Encoding: gzip)
      ...(this.job.gzip ? [createGzip({ level: GZIP_LEVEL })] : []),
      out,
    ]);
    this.rows = copy.rowCount;
    return copy.rowCount;
  }

  private async xlsx(client: Client, out: Writable): Promise<number> {
    const { query, sheetName } = this.job;
    const writer = createXlsxWriter(out, {
      sheetName,
      columns: query.columns.map((c) => ({ header: c.header, type: c.type, width: c.width })),
    });
    const sql = inlineParams(selectTyped(query), query.params, escapeLiteral);
    await client.query('BEGIN READ ONLY');
    await client.query(`DECLARE export_cursor NO SCROLL CURSOR FOR ${sql}`);
    for (;;) {
      this.throwIfCancelled();
      const batch = await client.query<unknown[]>({
        text: `FETCH ${CURSOR_BATCH} FROM export_cursor`,
        rowMode: 'array',
      });
      for (const row of batch.rows) {
        writer.addRow(row);
        if (++this.rows % DRAIN_ROWS === 0) await writer.drain();
      }
      if (batch.rows.length < CURSOR_BATCH) break;
    }
    await client.query('COMMIT');
    this.throwIfCancelled();
    await writer.finish();
    return this.rows;
  }
}

/** UTF-8 bytes (possibly split mid-character) → Shift_JIS (CP932) bytes. */
function shiftJisTranscoder(): Transform {
  const decoder = new StringDecoder('utf8');
  return new Transform({
    transform(chunk: Buffer, _enc, callback) {
      callback(null, encodeShiftJis(decoder.write(chunk)));
    },
    flush(callback) {
      const rest = decoder.end();
      callback(null, rest ? encodeShiftJis(rest) : undefined);
    },
  });
}
