import { Injectable } from '@nestjs/common';
import { once } from 'node:events';
import { open } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../../../libs/audit/audit.service';
import { CommonErrors, DomainError } from '../../../../libs/http/domain-error';
import { organizationText } from '../organizations/organization-text';
import { isZipMagic, openRegisterStream } from './parser/open-register-stream';
import { parseRegisterRows } from './parser/parse-register-rows';
import { RegisterImportErrors } from './register-import.errors';
import { RegisterImportRepository } from './register-import.repository';
import { stagingLine } from './register-staging';

/** Rejected rows listed in the report (all are counted in `rejectedCount`). */
export const MAX_REJECTED_LISTED = 1000;
/** COPY data is written in chunks of about this many characters. */
const COPY_CHUNK_CHARS = 128 * 1024;
/** Bytes of COPY data that may wait for the server before the parser pauses. */
const COPY_BUFFER_BYTES = 8 * 1024 * 1024;
const TEXT_FIX_PAGE = 5000;
const PROGRESS_EVERY_ROWS = 50_000;
const PROGRESS_EVERY_MS = 1000;

export interface RegisterImportReport {
  inserted: number;
  updated: number;
  unchanged: number;
  closed: number;
  /** Outside the station's municipalities, history rows (latest flag 0), rows replaced by a later
   * row of the same corporate number in the file, rows of archived records. */
  skipped: number;
  /** The first {@link MAX_REJECTED_LISTED} rejected rows, in file order. */
  rejected: { line: number; reason: string }[];
  rejectedCount: number;
  dryRun: boolean;
  /** Records read (= inserted + updated + unchanged + closed + skipped + rejectedCount). */
  rows: number;
  stationId: string;
  fileName: string;
  /** organization_changes rows written (old values of name, address, status). */
  changesRecorded: number;
  durationMs: number;
}

export interface ImportProgress {
  phase: 'reading' | 'merging' | 'done';
  rows: number;
  elapsedMs: number;
  rowsPerSecond: number;
}

export interface RegisterImportInput {
  /** Path of the uploaded or given file (CSV or zip, UTF-8 or Shift_JIS). */
  file: string;
  /** Name shown in the audit trail. */
  fileName: string;
  stationId: string;
  dryRun: boolean;
  onProgress?: (progress: ImportProgress) => void;
  /** Runs inside the transaction after the COPY, before the merge (tests inject failures here). */
  afterStaging?: () => Promise<void> | void;
}

interface StageResult {
  rows: number;
  staged: number;
  skipped: number;
  rejected: { line: number; reason: string }[];
  rejectedCount: number;
}

/** Control characters that never occur in a register CSV (all below 0x20 but tab, LF, CR, ESC). */
function hasBinaryBytes(sample: Buffer): boolean {
  for (const b of sample) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x1b) return true;
  return false;
}

/**
 * Import of the National Tax Agency's corporate-number register (基本3情報 CSV) into one station's
 * registry: streamed through the parser, COPY'd into a temporary staging table, merged set-based;
 * all in one transaction (rolled back for a dry run).
 */
@Injectable()
export class RegisterImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: RegisterImportRepository,
    private readonly audit: AuditService,
  ) {}

  findStationByCode(code: string) {
    return this.repo.findStationByCode(code);
  }

  async importFile(input: RegisterImportInput): Promise<RegisterImportReport> {
    const started = Date.now();
    const station = await this.repo.findStation(input.stationId);
    if (!station) throw CommonErrors.notFound('station');
    await this.checkContent(input.file);
    const text = await this.open(input.file);
    const areas = new Set(station.municipalityCodes);

    const qr = this.dataSource.createQueryRunner();
    try {
      await qr.connect();
      await qr.startTransaction();
      const tx = qr.manager;
      await this.repo.lockStation(tx, station.id);
      await this.repo.createStaging(tx);
      const client = (qr as unknown as { databaseConnection: PoolClient }).databaseConnection;
      const stage = await this.stage(client, text, areas, started, input.onProgress);
      await input.afterStaging?.();
      input.onProgress?.(progress('merging', stage.rows, started));
      const counts = await this.repo.classify(tx, station.id);
      const applied = await this.repo.apply(tx, station.id);
      await this.fixTexts(tx);
      const report: RegisterImportReport = {
        inserted: applied.inserted,
        updated: counts.updated,
        unchanged: counts.unchanged,
        closed: counts.closed,
        skipped: stage.skipped + counts.superseded + counts.archived + (counts.inserted - applied.inserted),
        rejected: stage.rejected,
        rejectedCount: stage.rejectedCount,
        dryRun: input.dryRun,
        rows: stage.rows,
        stationId: station.id,
        fileName: input.fileName,
        changesRecorded: applied.changes,
        durationMs: 0,
      };
      if (input.dryRun) {
        await qr.rollbackTransaction();
        await this.dataSource.transaction((audit) => this.recordAudit(audit, report));
      } else {
        await this.recordAudit(tx, report);
        await qr.commitTransaction();
      }
      report.durationMs = Date.now() - started;
      input.onProgress?.(progress('done', stage.rows, started));
      return report;
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      text.destroy();
      await qr.release();
    }
  }

  /** Rejects what is neither a zip nor text before anything is written (415), and empty files (400). */
  private async checkContent(file: string): Promise<void> {
    const handle = await open(file, 'r');
    try {
      const head = Buffer.alloc(64 * 1024);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      if (bytesRead === 0) throw RegisterImportErrors.emptyFile();
      const sample = head.subarray(0, bytesRead);
      if (isZipMagic(sample)) return;
      if (hasBinaryBytes(sample)) throw RegisterImportErrors.notRegisterFile();
    } finally {
      await handle.close();
    }
  }

  private async open(file: string): Promise<Readable> {
    try {
      return await openRegisterStream(file);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (message.includes('CSV')) throw RegisterImportErrors.notRegisterFile();
      throw RegisterImportErrors.unreadableFile('ZIPファイルが壊れています (corrupt zip archive)');
    }
  }

  /** Streams the parsed rows of the station's area into the staging table with COPY (backpressured). */
  private async stage(
    client: PoolClient,
    text: Readable,
    areas: Set<string>,
    started: number,
    onProgress?: (progress: ImportProgress) => void,
  ): Promise<StageResult> {
    const result: StageResult = { rows: 0, staged: 0, skipped: 0, rejected: [], rejectedCount: 0 };
    // A few MB of buffer lets the parser run ahead while PostgreSQL ingests (without it each chunk
    // waits for the server to drain the previous one); memory stays bounded by it.
    const copy = client.query(
      copyFrom(this.repo.copyStatement(), { highWaterMark: COPY_BUFFER_BYTES }),
    ) as Writable;
    let copyError: Error | undefined;
    copy.on('error', (err: Error) => {
      copyError ??= err;
    });
    let chunk = '';
    let lastReport = Date.now();
    const flush = async (): Promise<void> => {
      if (copyError) throw copyError;
      const ok = copy.write(chunk);
      chunk = '';
      if (!ok) await once(copy, 'drain');
    };
    try {
      try {
        for await (const item of parseRegisterRows(text)) {
          const rows = ++result.rows;
          if (!item.ok) {
            reject(result, item.line, item.reason);
          } else if (
            !item.row.latest ||
            item.row.municipalityCode === null ||
            !areas.has(item.row.municipalityCode)
          ) {
            result.skipped++;
          } else {
            const line = stagingLine(item.line, item.row);
            if (line.includes('\0')) {
              // PostgreSQL text cannot hold NUL: reject the row rather than fail the import.
              reject(result, item.line, 'NUL文字が含まれています (NUL character in a field)');
            } else {
              chunk += line;
              result.staged++;
              if (chunk.length >= COPY_CHUNK_CHARS) await flush();
            }
          }
          if (onProgress && rows % 1000 === 0) {
            const now = Date.now();
            if (rows % PROGRESS_EVERY_ROWS === 0 || now - lastReport >= PROGRESS_EVERY_MS) {
              lastReport = now;
              onProgress(progress('reading', rows, started));
            }
          }
        }
      } catch (err) {
        if (err === copyError) throw err;
        throw RegisterImportErrors.unreadableFile(
          err instanceof DomainError ? err.message : 'ファイルの途中で読み込みに失敗しました (read error)',
        );
      }
      if (chunk.length > 0) await flush();
      if (copyError) throw copyError;
      copy.end();
      await finished(copy);
      return result;
    } catch (err) {
      // Abort the COPY (CopyFail) so the connection can roll back; unless the server already failed it.
      if (!copyError && !copy.writableFinished) {
        copy.destroy(err instanceof Error ? err : new Error(String(err)));
        await finished(copy).catch(() => undefined);
      }
      throw err;
    }
  }

  /** Search columns of updated records whose own reading differs from the register's. */
  private async fixTexts(tx: EntityManager): Promise<void> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page = await this.repo.textFixPage(tx, after, TEXT_FIX_PAGE);
      if (page.length === 0) return;
      await this.repo.updateTexts(
        tx,
        page.map((o) => ({ id: o.id, ...organizationText(o) })),
      );
      after = page[page.length - 1].id;
    }
  }

  private recordAudit(tx: EntityManager, report: RegisterImportReport): Promise<void> {
    return this.audit.record(tx, {
      action: 'organization.import',
      entityType: 'organization_import',
      entityId: null,
      stationId: report.stationId,
      changes: {
        fileName: report.fileName,
        dryRun: report.dryRun,
        rows: report.rows,
        inserted: report.inserted,
        updated: report.updated,
        unchanged: report.unchanged,
        closed: report.closed,
        skipped: report.skipped,
        rejected: report.rejectedCount,
        changesRecorded: report.changesRecorded,
      },
    });
  }
}

function reject(result: StageResult, line: number, reason: string): void {
  if (result.rejected.length < MAX_REJECTED_LISTED) result.rejected.push({ line, reason });
  result.rejectedCount++;
}

function progress(phase: ImportProgress['phase'], rows: number, started: number): ImportProgress {
  const elapsedMs = Date.now() - started;
  return { phase, rows, elapsedMs, rowsPerSecond: elapsedMs > 0 ? Math.round((rows * 1000) / elapsedMs) : 0 };
}
