/**
 * The worker side of render-pool.ts: builds one XLSX / PDF / DOCX per `job` message off the API's
 * event loop and posts the bytes back (transferred, not copied); runs exports (`stream` messages:
 * exports/export-render.ts) with their own database connection, posting their bytes chunk by chunk,
 * `ack`ed by the API thread as it writes them on, stopped by `cancel`.
 */
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { ExportCancelled, ExportRender } from '../exports/export-render';
import type { RenderJob, WorkerRequest } from './render-pool';
import type * as Reports from './reports.render';

/** Nice value of a render worker's thread (0 the API's, 19 the lowest). */
const WORKER_NICE = 5;

// This thread gives way to the API's own (Linux: the nice value is per thread): while the CPU is
// short, requests are answered first and files are made a little later. On a quiet 2-core machine
// (bench/exports.ts, load 1.7–3.4) the API thread's largest delay during a 1,000,000-row CSV went
// from 88.5 to 27.9 ms with it; on a machine loaded by other processes the file takes longer.
try {
  setPriority(WORKER_NICE);
} catch {
  // not permitted here: render at the API's priority
}

async function render(job: RenderJob): Promise<Buffer> {
  // loaded on the first report (pdfkit, its fonts, docx): an export-only worker stays small
  const { periodReportPdf, periodReportXlsx, strategyTableDocx, strategyTablePdf, strategyTableXlsx } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('./reports.render') as typeof Reports;
  switch (job.kind) {
    case 'periodXlsx':
      return periodReportXlsx(job.report, job.generatedOn);
    case 'periodPdf':
      return periodReportPdf(job.report, job.generatedOn);
    case 'strategyXlsx':
      return strategyTableXlsx(job.table);
    case 'strategyPdf':
      return strategyTablePdf(job.table);
    case 'strategyDocx':
      return strategyTableDocx(job.table);
  }
}

const describe = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);
const streams = new Map<number, ExportRender>();

parentPort?.on('message', (message: WorkerRequest) => {
  const port = parentPort!;
  if ('job' in message) {
    render(message.job).then(
      (buffer) => {
        // A Buffer may be a view on a shared pool: send a copy of exactly its bytes.
        const bytes =
          buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength
            ? new Uint8Array(buffer.buffer, 0, buffer.byteLength)
            : new Uint8Array(buffer);
        port.postMessage({ id: message.id, bytes }, [bytes.buffer as ArrayBuffer]);
      },
      (error: unknown) => port.postMessage({ id: message.id, error: describe(error) }),
    );
    return;
  }
  if ('stream' in message) {
    const { id } = message;
    const run = new ExportRender(message.stream, {
      chunk: (bytes, rows) => port.postMessage({ id, chunk: bytes, rows }, [bytes.buffer as ArrayBuffer]),
    });
    streams.set(id, run);
    run.run().then(
      (rows) => {
        streams.delete(id);
        port.postMessage({ id, end: true, rows });
      },
      (error: unknown) => {
        streams.delete(id);
        port.postMessage({ id, error: describe(error), cancelled: error instanceof ExportCancelled });
      },
    );
    return;
  }
  if ('ack' in message) streams.get(message.id)?.ack();
  else if ('cancel' in message) streams.get(message.id)?.cancel();
});
