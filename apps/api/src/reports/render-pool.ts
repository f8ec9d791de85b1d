import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { ExportRenderJob } from '../exports/export-render';
import type { PeriodReportDto } from './dto/period.dto';
import type { StrategyTable } from './reports.render';

/** One file to build (plain data only: it is structured-cloned into the worker). */
export type RenderJob =
  | { kind: 'periodXlsx' | 'periodPdf'; report: PeriodReportDto; generatedOn: string }
  | { kind: 'strategyXlsx' | 'strategyPdf' | 'strategyDocx'; table: StrategyTable };

/** A file streamed from the worker as it is made (an export: exports/export-render.ts). */
export type StreamJob = ExportRenderJob;

/** Messages to the worker (render.worker.ts). */
export type WorkerRequest =
  | { id: number; job: RenderJob }
  | { id: number; stream: StreamJob }
  | { id: number; ack: true }
  | { id: number; cancel: true };

interface WorkerReply {
  id: number;
  bytes?: Uint8Array;
  chunk?: Uint8Array;
  rows?: number;
  end?: true;
  error?: string;
  cancelled?: boolean;
}

/** A streamed file's bytes; `rowCount` is known once it has ended. */
export type RenderStream = Readable & { rowCount: number };

/** The worker that made a file died (crash, out of memory, terminated): the file cannot be finished. */
export class RenderWorkerLost extends Error {
  constructor(cause: Error) {
    super(`render worker lost: ${cause.message}`);
    this.name = 'RenderWorkerLost';
  }
}

/**
 * Workers at most: one core is left to the API's own thread (and PostgreSQL), so on this 2-core
 * machine one worker renders while requests go on; two on a larger one.
 */
export const RENDER_WORKERS = Math.max(1, Math.min(2, availableParallelism() - 1));
/** A render worker's heap limits (MB). */
const WORKER_YOUNG_MB = 8;
const WORKER_OLD_MB = 512;
/** A streamed file's chunks buffered on the API thread before the worker is told to wait. */
const STREAM_BUFFER_BYTES = 512 * 1024;

interface Pending {
  slot: Slot;
  resolve: (b: Buffer) => void;
  reject: (e: Error) => void;
}

interface Streaming {
  slot: Slot;
  chunk(bytes: Uint8Array, rows: number): void;
  end(rows: number): void;
  fail(error: Error): void;
}

interface Slot {
  worker: Worker;
  busy: number;
}

/** The workers of the process: one set, whichever modules hold a RenderPool. */
class Workers {
  refs = 0;
  readonly slots: Slot[] = [];
  readonly pending = new Map<number, Pending>();
  readonly streams = new Map<number, Streaming>();
  nextId = 1;

  pick(): Slot {
    const idle = this.slots.find((s) => s.busy === 0);
    if (idle) return idle;
    if (this.slots.length < RENDER_WORKERS) return this.spawn();
    return this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  async close(): Promise<void> {
    const workers = this.slots.splice(0).map((s) => s.worker);
    await Promise.all(workers.map((w) => w.terminate()));
    for (const p of this.pending.values()) p.reject(new Error('render pool closed'));
    this.pending.clear();
    for (const s of [...this.streams.values()]) s.fail(new Error('render pool closed'));
    this.streams.clear();
  }

  private spawn(): Slot {
    const ext = path.extname(__filename);
    const entry = path.join(__dirname, `render.worker${ext}`);
    // A small young generation: a worker's garbage is collected often, its heap (the process's RSS)
    // stays small; a worker past its old-generation limit dies (its work fails, a new one starts).
    const resourceLimits = {
      maxYoungGenerationSizeMb: WORKER_YOUNG_MB,
      maxOldGenerationSizeMb: WORKER_OLD_MB,
    };
    const worker =
      ext === '.ts'
        ? new Worker(`require('@swc-node/register'); require(${JSON.stringify(entry)});`, {
            eval: true,
            resourceLimits,
          })
        : new Worker(entry, { resourceLimits });
    const slot: Slot = { worker, busy: 0 };
    worker.on('message', (m: WorkerReply) => {
      const s = this.streams.get(m.id);
      if (s) {
        if (m.chunk) s.chunk(m.chunk, m.rows ?? 0);
        else if (m.end) s.end(m.rows ?? 0);
        else s.fail(new Error(m.cancelled ? 'export cancelled' : `render failed: ${m.error}`));
        return;
      }
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.bytes) p.resolve(Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength));
      else p.reject(new Error(`render failed: ${m.error}`));
    });
    const lost = (error: Error) => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      // The jobs of a dead worker cannot finish: fail them rather than leave them hanging.
      for (const [id, p] of [...this.pending])
        if (p.slot === slot) {
          this.pending.delete(id);
          p.reject(error);
        }
      for (const s of [...this.streams.values()]) if (s.slot === slot) s.fail(new RenderWorkerLost(error));
    };
    worker.on('error', lost);
    worker.on('exit', (code) => {
      if (this.refs > 0) lost(new Error(`render worker exited (${code})`));
    });
    worker.unref();
    this.slots.push(slot);
    return slot;
  }
}

let shared: Workers | null = null;

/**
 * A small pool of `node:worker_threads` that render report files (exceljs, pdfkit, docx) and make
 * exports (their own database connection, Shift_JIS encoding, exceljs), so that building a large
 * file never blocks other users' requests on the API's event loop. One set of workers per process
 * (every RenderPool instance shares it); workers start on first use, take work least-busy first,
 * are replaced if one dies (its work fails with RenderWorkerLost / an error rather than hang), and
 * end with the last module holding the pool. From TypeScript sources (dev, jest, bench) the worker
 * registers SWC first; from the build it loads the compiled .js beside this file.
 */
@Injectable()
export class RenderPool implements OnModuleDestroy {
  private readonly workers: Workers;
  private closed = false;

  constructor() {
    shared ??= new Workers();
    shared.refs++;
    this.workers = shared;
  }

  render(job: RenderJob): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error('render pool closed'));
    const w = this.workers;
    const slot = w.pick();
    const id = w.nextId++;
    slot.busy++;
    return new Promise<Buffer>((resolve, reject) => {
      w.pending.set(id, {
        slot,
        resolve: (b) => {
          slot.busy--;
          resolve(b);
        },
        reject: (e) => {
          slot.busy--;
          reject(e);
        },
      });
      slot.worker.postMessage({ id, job } satisfies WorkerRequest);
    });
  }

  /**
   * A file made in a worker, as a stream of its bytes with back-pressure end to end: the worker
   * waits while this stream's buffer is full. Destroying the stream (client gone, job cancelled)
   * cancels the work in the worker; a worker that dies fails it with RenderWorkerLost.
   * `onRows`: data rows made so far, as the chunks arrive.
   */
  stream(job: StreamJob, onRows?: (rows: number) => void): RenderStream {
    const w = this.workers;
    if (this.closed) {
      const r = new Readable({ read() {} }) as RenderStream;
      r.destroy(new Error('render pool closed'));
      return r;
    }
    const slot = w.pick();
    const id = w.nextId++;
    slot.busy++;
    let done = false;
    let owed = 0;
    const settle = () => {
      if (done) return false;
      done = true;
      slot.busy--;
      w.streams.delete(id);
      return true;
    };
    const post = (m: WorkerRequest) => {
      try {
        slot.worker.postMessage(m);
      } catch {
        // the worker is gone; its exit fails the stream
      }
    };
    const readable = new Readable({
      highWaterMark: STREAM_BUFFER_BYTES,
      read() {
        // room again: the chunks held back while the buffer was full may be followed by more
        for (; owed > 0; owed--) post({ id, ack: true });
      },
      destroy(error, callback) {
        if (settle()) post({ id, cancel: true });
        callback(error);
      },
    }) as RenderStream;
    readable.rowCount = 0;
    w.streams.set(id, {
      slot,
      chunk: (bytes, rows) => {
        onRows?.(rows);
        if (readable.destroyed) return;
        if (readable.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)))
          post({ id, ack: true });
        else owed++;
      },
      end: (rows) => {
        settle();
        readable.rowCount = rows;
        onRows?.(rows);
        readable.push(null);
      },
      fail: (error) => {
        settle();
        readable.destroy(error);
      },
    });
    post({ id, stream: job });
    return readable;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (--this.workers.refs > 0) return;
    if (shared === this.workers) shared = null;
    await this.workers.close();
  }

  /** Tests: ends every worker as a crash would (their work fails, new workers start on next use). */
  async crashWorkersForTest(): Promise<void> {
    await Promise.all(this.workers.slots.map((s) => s.worker.terminate()));
  }
}
