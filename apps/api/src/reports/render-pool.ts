import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PeriodReportDto } from './dto/period.dto';
import type { StrategyTable } from './reports.render';

/** One file to build (plain data only: it is structured-cloned into the worker). */
export type RenderJob =
  | { kind: 'periodXlsx' | 'periodPdf'; report: PeriodReportDto; generatedOn: string }
  | { kind: 'strategyXlsx' | 'strategyPdf' | 'strategyDocx'; table: StrategyTable };

/**
 * Workers at most: one core is left to the API's own thread (and PostgreSQL), so on this 2-core
 * machine one worker renders while requests go on; two on a larger one.
 */
export const RENDER_WORKERS = Math.max(1, Math.min(2, availableParallelism() - 1));

interface Pending {
  slot: Slot;
  resolve: (b: Buffer) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: number;
}

/**
 * A small pool of `node:worker_threads` that render report files (exceljs, pdfkit, docx), so that
 * building a large XLSX or PDF never blocks other users' requests on the API's event loop. Workers
 * start on first use, take jobs least-busy first, are replaced if one dies (its jobs fail with a
 * 500 rather than hang), and end with the module. From TypeScript sources (dev, jest, bench) the
 * worker registers SWC first; from the build it loads the compiled .js beside this file.
 */
@Injectable()
export class RenderPool implements OnModuleDestroy {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  render(job: RenderJob): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error('render pool closed'));
    const slot = this.pick();
    const id = this.nextId++;
    slot.busy++;
    return new Promise<Buffer>((resolve, reject) => {
      this.pending.set(id, {
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
      slot.worker.postMessage({ id, job });
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    const workers = this.slots.splice(0).map((s) => s.worker);
    await Promise.all(workers.map((w) => w.terminate()));
    for (const p of this.pending.values()) p.reject(new Error('render pool closed'));
    this.pending.clear();
  }

  private pick(): Slot {
    const idle = this.slots.find((s) => s.busy === 0);
    if (idle) return idle;
    if (this.slots.length < RENDER_WORKERS) return this.spawn();
    return this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  private spawn(): Slot {
    const ext = path.extname(__filename);
    const entry = path.join(__dirname, `render.worker${ext}`);
    const worker =
      ext === '.ts'
        ? new Worker(`require('@swc-node/register'); require(${JSON.stringify(entry)});`, { eval: true })
        : new Worker(entry);
    const slot: Slot = { worker, busy: 0 };
    worker.on('message', (m: { id: number; bytes?: Uint8Array; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.bytes) p.resolve(Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength));
      else p.reject(new Error(`render failed: ${m.error}`));
    });
    const lost = (error: Error) => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      // The jobs of a dead worker cannot finish: fail them (a 500) rather than leave them hanging.
      for (const [id, p] of [...this.pending])
        if (p.slot === slot) {
          this.pending.delete(id);
          p.reject(error);
        }
    };
    worker.on('error', lost);
    worker.on('exit', (code) => {
      if (!this.closed) lost(new Error(`render worker exited (${code})`));
    });
    worker.unref();
    this.slots.push(slot);
    return slot;
  }
}
