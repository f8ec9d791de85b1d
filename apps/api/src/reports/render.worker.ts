/**
 * The worker side of render-pool.ts: builds one XLSX / PDF / DOCX per message off the API's event
 * loop and posts the bytes back (transferred, not copied).
 */
import { parentPort } from 'node:worker_threads';
import {
  periodReportPdf,
  periodReportXlsx,
  strategyTableDocx,
  strategyTablePdf,
  strategyTableXlsx,
} from './reports.render';
import type { RenderJob } from './render-pool';

async function render(job: RenderJob): Promise<Buffer> {
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

parentPort?.on('message', (message: { id: number; job: RenderJob }) => {
  render(message.job).then(
    (buffer) => {
      // A Buffer may be a view on a shared pool: send a copy of exactly its bytes.
      const bytes =
        buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength
          ? new Uint8Array(buffer.buffer, 0, buffer.byteLength)
          : new Uint8Array(buffer);
      parentPort!.postMessage({ id: message.id, bytes }, [bytes.buffer as ArrayBuffer]);
    },
    (error: unknown) =>
      parentPort!.postMessage({
        id: message.id,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      }),
  );
});
