import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { open } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../../../libs/audit/audit.service';
import { APP_CONFIG, AppConfig } from '../../../../libs/config/app-config';
import { CommonErrors, DomainError } from '../../../../libs/http/domain-error';
import { toKatakanaReading } from '../../../../libs/japanese/text';
import { organizationText, searchGrams } from '../organizations/organization-text';
import { RegisterRecordFramer } from './parser/frame-register-records';
import { inspectRegisterRecord, RecordFlags } from './parser/inspect-register-record';
import { isZipMagic, openRegisterStream, ZipLimitError } from './parser/open-register-stream';
import { REGISTER_COLUMNS, toRegisterRowResult } from './parser/register-row';
import { RegisterImportErrors } from './register-import.errors';
import { NotedRow, RegisterImportRepository, TextInputRow, WritePlan } from './register-import.repository';
import { copyLine, textArrayLiteral } from './register-staging';

/** Rejected rows listed in the report (all are counted in `rejectedCount`). */
export const MAX_REJECTED_LISTED = 1000;
/** Bytes of COPY data that may wait for the server before reading pauses. */
const COPY_BUFFER_BYTES = 8 * 1024 * 1024;
/** Rows fetched per round trip from the staging cursors. */
const CURSOR_PAGE = 10_000;
/** Records whose search columns are computed per round trip (small: keeps the heap flat). */
const TEXT_PAGE = 500;
/** COPY data of the search columns is written in chunks of about this many characters. */
const COPY_CHUNK_CHARS = 64 * 1024;
/** Records per write statement: progress moves and a cancel is honoured between them. */
const WRITE_CHUNK = 25_000;
/** Progress is reported at most this often (and at every phase or step change). */
const PROGRESS_EVERY_MS = 250;

/** Possible matches listed in the report (all are counted in `possibleMatchCount`). */
export const MAX_MATCHES_LISTED = 1000;
/** Organizations listed per kind of change in the report (all are counted in `changeCounts`). */
export const MAX_CHANGES_LISTED = 100;

export const IMPORT_MODES = ['full', 'diff'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** The register's daily change files are named …_diff_… (差分); anything else is taken as a full file. */
export function modeOfFileName(name: string): ImportMode {
  return /diff|sabun|差分/i.test(name) ? 'diff' : 'full';
}

export interface PossibleMatch {
  line: number;
  corporateNumber: string;
  name: string;
  /** The existing record without a corporate number it looks like. */
  organizationId: string;
  /** The kept row (POST /register-import/matches/:id/link or /create); null in a dry run. */
  matchId: string | null;
}

export interface ImportChange {
  kind: 'new' | 'renamed' | 'moved' | 'closed';
  organizationId: string;
  name: string;
  /** Before: the name (renamed), the address (moved), the status (closed). */
  oldValue: string | null;
}

export interface RegisterImportReport {
  /** The import's id: register_import_changes rows and the audit event's `importId`. */
  importId: string;
  /** full (monthly 全件) or diff (daily 差分): neither closes nor deletes what the file does not mention. */
  mode: ImportMode;
  inserted: number;
  updated: number;
  unchanged: number;
  closed: number;
  /** Valid rows outside the station's municipalities (and rows without a municipality): nothing else. */
  skipped: number;
  /** Rows of earlier states: latest flag 0, or replaced by a later row of the same corporate number in the file. */
  history: number;
  /** Rows of archived (or merged-away) records: never resurrected. */
  archived: number;
  /** Rows like an existing record without a corporate number: not inserted (first MAX_MATCHES_LISTED). */
  possibleMatches: PossibleMatch[];
  possibleMatchCount: number;
  /** What changed, by kind (first MAX_CHANGES_LISTED of each; ids are of rolled-back rows in a dry run). */
  changes: ImportChange[];
  changeCounts: { new: number; renamed: number; moved: number; closed: number; updated: number };
  /** Planner statistics refreshed in the import (a bulk change). */
  statisticsRefreshed: boolean;
  /** The first {@link MAX_REJECTED_LISTED} rejected rows, in file order. */
  rejected: { line: number; reason: string }[];
  rejectedCount: number;
  dryRun: boolean;
  /** Records read (= inserted + updated + unchanged + closed + skipped + history + archived
   * + possibleMatchCount + rejectedCount). */
  rows: number;
  stationId: string;
  fileName: string;
  /** organization_changes rows written (old values of name, address, status). */
  changesRecorded: number;
  durationMs: number;
}

export interface ImportProgress {
  phase: 'counting' | 'reading' | 'merging' | 'done';
  /**
   * While merging: `classifying` (picking and comparing with the registry, set-based),
   * `search_text` (the search columns of the records to write, computed here page by page),
   * `writing` (the set-based writes, in chunks: records written of those to write), `indexes`
   * (the search indexes: a routine import merges its new entries, a first load builds replacements
   * beside the old ones; 0 of 1 until done).
   */
  step?: 'classifying' | 'search_text' | 'writing' | 'indexes';
  /** Records read of the file so far. */
  rows: number;
  /** Records in the file (counted before reading when progress is asked for; then = rows). */
  total: number;
  /** Work of the current phase or step: records read (reading), records prepared (search_text). */
  done: number;
  /** … of this many: the file's records (reading), the records to write (search_text, writing), 1
   * (indexes). */
  of: number;
  elapsedMs: number;
  /** Rate of the current phase or step. */
  rowsPerSecond: number;
  /** Seconds left of the current phase or step at its rate so far; null where nothing is counted. */
  etaSeconds: number | null;
}

export interface RegisterImportInput {
  /** Path of the uploaded or given file (CSV or zip, UTF-8 or Shift_JIS). */
  file: string;
  /** Name shown in the audit trail. */
  fileName: string;
  stationId: string;
  dryRun: boolean;
  /** full or diff: the same merge (a file's rows only); shown in the report and the audit trail. */
  mode?: ImportMode;
  onProgress?: (progress: ImportProgress) => void;
  /** Stops the import between batches (its transaction rolls back: nothing is written). */
  signal?: AbortSignal;
  /** Records per write statement (default WRITE_CHUNK; tests make it small). */
  writeChunkRows?: number;
  /** Runs inside the transaction after the COPY, before the merge (tests inject failures here). */
  afterStaging?: () => Promise<void> | void;
}

interface StageResult {
  /** Records read from the file. */
  rows: number;
  /** Records rejected for their CSV syntax or column count (first MAX_REJECTED_LISTED listed). */
  rejected: { line: number; reason: string }[];
  rejectedCount: number;
  framer: RegisterRecordFramer;
  /** Records the framer's inspection flagged and their RecordFlags (plain arrays of small integers: compact). */
  notedRecords: number[];
  notedFlags: number[];
}

/**
 * The search columns of `rows` (organization-text.ts, as every writer computes them) as COPY text
 * data (ord, search_text, normalized_name, sort_key, search_grams), in chunks of about
 * COPY_CHUNK_CHARS (UTF-8 buffers: half the memory of the strings).
 */
function textCopyData(rows: TextInputRow[]): Buffer[] {
  const out: Buffer[] = [];
  let chunk = '';
  for (const row of rows) {
    const text = organizationText(row);
    chunk += copyLine([
      row.ord,
      text.searchText,
      text.normalizedName,
      text.sortKey,
      textArrayLiteral(searchGrams(text.searchText)),
    ]);
    if (chunk.length >= COPY_CHUNK_CHARS) {
      out.push(Buffer.from(chunk, 'utf8'));
      chunk = '';
    }
  }
  if (chunk.length > 0) out.push(Buffer.from(chunk, 'utf8'));
  return out;
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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  findStationByCode(code: string) {
    return this.repo.findStationByCode(code);
  }

  /** 404 for an unknown station (before a job is queued for it). */
  async assertStation(stationId: string): Promise<void> {
    if (!(await this.repo.findStation(stationId))) throw CommonErrors.notFound('station');
  }

  async importFile(input: RegisterImportInput): Promise<RegisterImportReport> {
    const started = Date.now();
    const station = await this.repo.findStation(input.stationId);
    if (!station) throw CommonErrors.notFound('station');
    await this.checkContent(input.file);
    const report = new ProgressReporter(started, input.onProgress);
    if (input.onProgress) {
      report.begin('counting', undefined, 0);
      report.total = await this.countRecords(input.file, input.signal);
    }
    const text = await this.open(input.file);
    const checkpoint = () => input.signal?.throwIfAborted();
    // A load that excluded its station from the search indexes and was killed before its commit
    // or rollback left them so (they answer right, without the GIN index for that station).
    await this.repo.restoreExcluded();
    let excluded = false;

    const qr = this.dataSource.createQueryRunner();
    try {
      await qr.connect();
      await qr.startTransaction();
      const tx = qr.manager;
      await this.repo.lockStation(tx, station.id);
      await this.repo.createStaging(tx);
      const client = (qr as unknown as { databaseConnection: PoolClient }).databaseConnection;
      const stage = await this.stage(client, text, report, input.signal);
      await input.afterStaging?.();
      checkpoint();
      report.rows = report.total = stage.rows;
      report.begin('merging', 'classifying', stage.rows);
      for (let i = 0; i < stage.notedRecords.length; i += CURSOR_PAGE)
        await this.repo.addNoted(
          tx,
          stage.notedRecords.slice(i, i + CURSOR_PAGE),
          stage.notedFlags.slice(i, i + CURSOR_PAGE),
        );
      const has = (flag: number) => stage.notedFlags.some((f) => (f & flag) !== 0);
      const rejected = has(RecordFlags.SUSPECT)
        ? await this.validate(tx, stage)
        : { listed: stage.rejected, count: stage.rejectedCount };
      if (has(RecordFlags.UNUSUAL_READING)) await this.normalizeReadings(tx);
      checkpoint();
      const importId = randomUUID();
      const scope = await this.repo.pickLatest(tx, station.municipalityCodes);
      // A sure first load keeps its rows out of the search indexes while it writes (see
      // RegisterImportRepository.excludeStation): nothing here has touched organizations yet.
      if (!input.dryRun && (await this.repo.isSureBulkLoad(station.id, scope.picked))) {
        await this.repo.lockBulkLoad(tx);
        checkpoint();
        if (await this.repo.isSureBulkLoad(station.id, scope.picked)) {
          excluded = true;
          await this.repo.excludeStation(station.id);
        }
      }
      const counts = await this.repo.classify(tx, station.id, scope);
      checkpoint();
      const toWrite = counts.inserted + counts.updated + counts.closed;
      // Rows that may look like a record without a corporate number need their normalized names
      // (the search columns) before anything is written; otherwise the search columns of each chunk
      // are computed here while PostgreSQL writes the previous one (pipelined).
      const pipelined = !(await this.repo.hasMatchCandidates(tx, station.id));
      let matchCount = 0;
      let possibleMatches: PossibleMatch[] = [];
      if (!pipelined) {
        report.begin('merging', 'search_text', toWrite);
        await this.computeTexts(tx, client, report, input.signal);
        checkpoint();
        matchCount = await this.repo.markPossibleMatches(tx, station.id);
        possibleMatches = matchCount ? await this.keepMatches(tx, stage, station.id, importId) : [];
      }
      // Writing: chunks of records (done/of = records written of those to write), a cancel is
      // honoured between them; then the search indexes (done/of = 0/1 → 1/1).
      const plan = await this.repo.planWrites(
        tx,
        counts.inserted - matchCount,
        input.writeChunkRows ?? WRITE_CHUNK,
        excluded,
      );
      report.begin('merging', 'writing', plan.rows);
      checkpoint();
      const changesRecorded = await this.repo.writeChanges(tx, station.id, importId);
      const inserted = await this.writeChunks(
        tx,
        client,
        plan,
        pipelined,
        station.id,
        importId,
        report,
        checkpoint,
      );
      report.begin('merging', 'indexes', 1);
      if (!input.dryRun) await this.repo.buildIndexes(tx, plan);
      checkpoint();
      const applied = { inserted, changes: changesRecorded };
      const statisticsRefreshed = await this.repo.analyzeIfBulk(
        tx,
        applied.inserted + counts.updated + counts.closed,
      );
      const changes = await this.repo.listChanges(tx, importId, MAX_CHANGES_LISTED);
      const result: RegisterImportReport = {
        importId,
        mode: input.mode ?? 'full',
        inserted: applied.inserted,
        updated: counts.updated,
        // a record created meanwhile with the same number (ON CONFLICT DO NOTHING) is left as it is
        unchanged: counts.unchanged + (counts.inserted - matchCount - applied.inserted),
        closed: counts.closed,
        skipped: scope.outOfScope,
        history: scope.history + counts.superseded,
        archived: counts.archived,
        possibleMatches: input.dryRun
          ? possibleMatches.map((m) => ({ ...m, matchId: null }))
          : possibleMatches,
        possibleMatchCount: matchCount,
        changes: changes.items,
        changeCounts: changes.counts,
        statisticsRefreshed,
        rejected: rejected.listed,
        rejectedCount: rejected.count,
        dryRun: input.dryRun,
        rows: stage.rows,
        stationId: station.id,
        fileName: input.fileName,
        changesRecorded: applied.changes,
        durationMs: 0,
      };
      if (input.dryRun) {
        await qr.rollbackTransaction();
        await this.dataSource.transaction((audit) => this.recordAudit(audit, result));
      } else {
        await this.recordAudit(tx, result);
        checkpoint();
        report.report('merging', 'indexes', 1, 1, true);
        // last: a bulk load's new search indexes replace the old ones (a lock of milliseconds)
        await this.repo.swapIndexes(tx, plan);
        await qr.commitTransaction();
      }
      result.durationMs = Date.now() - started;
      report.begin('done', undefined, stage.rows, stage.rows);
      return result;
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      // the search indexes as they were (the exclusion committed on its own)
      if (excluded) await this.repo.restoreExcluded().catch(() => undefined);
      throw err;
    } finally {
      text.destroy();
      await qr.release();
    }
  }

  /** Rejects what is neither a zip nor text before anything is written (415), and empty files (400). */
  async checkContent(file: string): Promise<void> {
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

  /**
   * Records in the file, for progress (done / total): its line feeds, read through the same decoding
   * (and zip limits) as the import; a record with a line break inside quotes counts twice, so the
   * total may be a little high until reading ends.
   */
  private async countRecords(file: string, signal?: AbortSignal): Promise<number> {
    const text = await this.open(file);
    let lines = 0;
    let last = 0x0a;
    try {
      for await (const chunk of text) {
        signal?.throwIfAborted();
        const buf = chunk as Buffer;
        for (let i = buf.indexOf(0x0a); i !== -1; i = buf.indexOf(0x0a, i + 1)) lines++;
        if (buf.length > 0) last = buf[buf.length - 1];
      }
    } catch (err) {
      if (signal?.aborted) throw err;
      if (err instanceof ZipLimitError) throw RegisterImportErrors.zipTooLarge(err);
      throw RegisterImportErrors.unreadableFile('ファイルの途中で読み込みに失敗しました (read error)');
    } finally {
      text.destroy();
    }
    return last === 0x0a ? lines : lines + 1;
  }

  private async open(file: string): Promise<Readable> {
    try {
      return await openRegisterStream(file, {
        zipLimits: { maxExpandedBytes: this.config.registerMaxExpandedBytes },
      });
    } catch (err) {
      if (err instanceof ZipLimitError) throw RegisterImportErrors.zipTooLarge(err);
      const message = err instanceof Error ? err.message : String(err);
      if (message.includes('CSV')) throw RegisterImportErrors.notRegisterFile();
      throw RegisterImportErrors.unreadableFile('ZIPファイルが壊れています (corrupt zip archive)');
    }
  }

  /**
   * Streams the file's records into the raw staging table with COPY (backpressured): the framer
   * passes whole, well-formed records through byte for byte and PostgreSQL splits the fields.
   */
  private async stage(
    client: PoolClient,
    text: Readable,
    report: ProgressReporter,
    signal?: AbortSignal,
  ): Promise<StageResult> {
    const framer = new RegisterRecordFramer(inspectRegisterRecord);
    const result: StageResult = {
      rows: 0,
      rejected: [],
      rejectedCount: 0,
      framer,
      notedRecords: [],
      notedFlags: [],
    };
    // A few MB of buffer lets reading run ahead while PostgreSQL ingests; memory stays bounded by it.
    const copy = client.query(
      copyFrom(this.repo.copyStatement(), { highWaterMark: COPY_BUFFER_BYTES }),
    ) as Writable;
    let copyError: Error | undefined;
    copy.on('error', (err: Error) => {
      copyError ??= err;
    });
    report.begin('reading', undefined, report.total);
    const write = async (framed: ReturnType<RegisterRecordFramer['push']>): Promise<void> => {
      if (copyError) throw copyError;
      signal?.throwIfAborted();
      for (const r of framed.rejected) {
        if (result.rejected.length < MAX_REJECTED_LISTED) result.rejected.push(r);
        result.rejectedCount++;
      }
      for (const n of framed.noted) {
        result.notedRecords.push(n.record);
        result.notedFlags.push(n.flags);
      }
      if (framed.data.length > 0 && !copy.write(framed.data)) await once(copy, 'drain');
      report.rows = framer.recordsRead;
      report.report('reading', undefined, report.rows, Math.max(report.total, report.rows));
    };
    try {
      try {
        for await (const chunk of text) await write(framer.push(chunk as Buffer));
      } catch (err) {
        if (err === copyError || (signal?.aborted && err === signal.reason)) throw err;
        // A zip bomb: the inflated bytes passed a limit (nothing is written: the COPY is aborted).
        if (err instanceof ZipLimitError) throw RegisterImportErrors.zipTooLarge(err);
        throw RegisterImportErrors.unreadableFile(
          err instanceof DomainError ? err.message : 'ファイルの途中で読み込みに失敗しました (read error)',
        );
      }
      await write(framer.end());
      if (copyError) throw copyError;
      copy.end();
      await finished(copy);
      result.rows = framer.recordsRead;
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

  /**
   * Field validation: the rows the framer flagged as suspect go through register-row.ts (the one
   * source of the rules and of the reasons); those it rejects are set aside. Returns every
   * rejection (CSV syntax and fields) in file order.
   */
  private async validate(
    tx: EntityManager,
    stage: StageResult,
  ): Promise<{ listed: { line: number; reason: string }[]; count: number }> {
    const cursor = 'register_suspects';
    const fieldRejections: { line: number; reason: string }[] = [];
    let count = stage.rejectedCount;
    await this.repo.openNotedRows(tx, cursor, RecordFlags.SUSPECT);
    for (;;) {
      const page = await this.repo.fetch<NotedRow>(tx, cursor, CURSOR_PAGE);
      if (page.length === 0) break;
      const rejected: { ord: string; reason: string }[] = [];
      for (const row of page) {
        const line = stage.framer.lineOf(Number(row.ord));
        const result = toRegisterRowResult(
          row.fields.map((f) => f ?? ''),
          line,
        );
        if (result.ok) continue;
        rejected.push({ ord: row.ord, reason: result.reason });
        if (fieldRejections.length < MAX_REJECTED_LISTED)
          fieldRejections.push({ line, reason: result.reason });
      }
      count += rejected.length;
      await this.repo.addRejected(tx, rejected);
    }
    await this.repo.closeCursor(tx, cursor);
    const listed = [...stage.rejected, ...fieldRejections]
      .sort((a, b) => a.line - b.line)
      .slice(0, MAX_REJECTED_LISTED);
    return { listed, count };
  }

  /** Readings other than plain full-width katakana, normalised by toKatakanaReading. */
  private async normalizeReadings(tx: EntityManager): Promise<void> {
    const cursor = 'register_readings';
    await this.repo.openNotedRows(tx, cursor, RecordFlags.UNUSUAL_READING);
    for (;;) {
      const page = await this.repo.fetch<NotedRow>(tx, cursor, CURSOR_PAGE);
      if (page.length === 0) break;
      await this.repo.addReadings(
        tx,
        page.map((r) => ({ ord: r.ord, nameKana: toKatakanaReading(r.fields[REGISTER_COLUMNS.furigana]) })),
      );
    }
    await this.repo.closeCursor(tx, cursor);
  }

  /**
   * Search columns of the records to insert or update, computed by organization-text.ts (as every
   * writer does) and COPY'd back, all before writing (see writeChunks for the pipelined way).
   * Unchanged records cost nothing here.
   */
  private async computeTexts(
    tx: EntityManager,
    client: PoolClient,
    report: ProgressReporter,
    signal?: AbortSignal,
  ): Promise<void> {
    const cursor = 'register_text_inputs';
    await this.repo.openTextInputs(tx, cursor);
    let done = 0;
    for (;;) {
      signal?.throwIfAborted();
      report.report('merging', 'search_text', done, report.of);
      const page = await this.repo.fetch<TextInputRow>(tx, cursor, TEXT_PAGE);
      if (page.length === 0) break;
      await this.copyTexts(client, textCopyData(page));
      done += page.length;
    }
    await this.repo.closeCursor(tx, cursor);
  }

  /**
   * The chunks of the plan, in order; progress after each, a cancel honoured between them.
   * `pipelined`: the search columns are not computed yet: each chunk's are computed (in this
   * process) while PostgreSQL writes the previous chunk, then COPY'd, so the two work at once.
   * Holds one chunk's inputs and search columns at a time (WRITE_CHUNK records: some 30 MB).
   */
  private async writeChunks(
    tx: EntityManager,
    client: PoolClient,
    plan: WritePlan,
    pipelined: boolean,
    stationId: string,
    importId: string,
    report: ProgressReporter,
    checkpoint: () => void,
  ): Promise<number> {
    const cursor = 'register_text_inputs';
    const fetchInputs = async (i: number): Promise<TextInputRow[]> => {
      if (!pipelined || i >= plan.chunks.length) return [];
      const rows = await this.repo.fetch<TextInputRow>(tx, cursor, plan.chunks[i].n);
      // the cursor's pages are the plan's chunks (both in ord order): a chunk written without its
      // search columns would lose its records (the statements join them)
      if (rows.length !== plan.chunks[i].n || rows[rows.length - 1]?.ord !== plan.chunks[i].hi)
        throw new Error(
          `register import: chunk ${i} of the write plan does not match its search-text inputs`,
        );
      return rows;
    };
    if (pipelined) await this.repo.openTextInputs(tx, cursor);
    let next = await fetchInputs(0);
    if (pipelined) await this.copyTexts(client, textCopyData(next));
    next = await fetchInputs(1);
    let inserted = 0;
    let written = 0;
    for (let i = 0; i < plan.chunks.length; i++) {
      const writing = this.repo.writeChunk(tx, stationId, importId, plan.chunks[i]);
      writing.catch(() => undefined); // awaited below, after the computing in between
      let texts: Buffer[] = [];
      if (next.length > 0) {
        // let the statement go out before this process computes (synchronously) the next chunk's
        await new Promise((resolve) => setImmediate(resolve));
        texts = textCopyData(next);
        next = [];
      }
      inserted += await writing;
      written += plan.chunks[i].n;
      report.report('merging', 'writing', written, plan.rows, true);
      checkpoint();
      if (texts.length > 0) await this.copyTexts(client, texts);
      texts = [];
      next = await fetchInputs(i + 2);
    }
    if (pipelined) await this.repo.closeCursor(tx, cursor);
    return inserted;
  }

  /** `COPY … FROM STDIN` of search columns (textCopyData) into the staging table. */
  private async copyTexts(client: PoolClient, data: Buffer[]): Promise<void> {
    if (data.length === 0) return;
    const copy = client.query(copyFrom(this.repo.copyTextStatement())) as Writable;
    for (const chunk of data) if (!copy.write(chunk)) await once(copy, 'drain');
    copy.end();
    await finished(copy);
  }

  /** Possible matches: kept with their line (register_possible_matches), the first listed. */
  private async keepMatches(
    tx: EntityManager,
    stage: StageResult,
    stationId: string,
    importId: string,
  ): Promise<PossibleMatch[]> {
    const cursor = 'register_matches';
    const listed: PossibleMatch[] = [];
    await this.repo.openMatches(tx, cursor);
    for (;;) {
      const page = await this.repo.fetch<{
        ord: string;
        corporateNumber: string;
        name: string;
        organizationId: string;
      }>(tx, cursor, CURSOR_PAGE);
      if (page.length === 0) break;
      const rows = page.map((r) => ({ ord: r.ord, line: stage.framer.lineOf(Number(r.ord)) }));
      const ids = await this.repo.keepMatches(tx, stationId, importId, rows);
      page.forEach((r, i) => {
        if (listed.length < MAX_MATCHES_LISTED)
          listed.push({
            line: rows[i].line,
            corporateNumber: r.corporateNumber,
            name: r.name,
            organizationId: r.organizationId,
            matchId: ids.get(r.ord) ?? null,
          });
      });
    }
    await this.repo.closeCursor(tx, cursor);
    return listed;
  }

  private recordAudit(tx: EntityManager, report: RegisterImportReport): Promise<void> {
    return this.audit.record(tx, {
      action: 'organization.import',
      entityType: 'organization_import',
      entityId: null,
      stationId: report.stationId,
      changes: {
        importId: report.importId,
        mode: report.mode,
        fileName: report.fileName,
        dryRun: report.dryRun,
        rows: report.rows,
        inserted: report.inserted,
        updated: report.updated,
        unchanged: report.unchanged,
        closed: report.closed,
        skipped: report.skipped,
        history: report.history,
        archived: report.archived,
        possibleMatches: report.possibleMatchCount,
        rejected: report.rejectedCount,
        changesRecorded: report.changesRecorded,
      },
    });
  }
}

/** Turns the import's steps into ImportProgress, at most every PROGRESS_EVERY_MS within a step. */
class ProgressReporter {
  rows = 0;
  total = 0;
  of = 0;
  private stepStarted = Date.now();
  private last = 0;

  constructor(
    private readonly started: number,
    private readonly onProgress?: (progress: ImportProgress) => void,
  ) {}

  begin(phase: ImportProgress['phase'], step: ImportProgress['step'], of: number, done = 0): void {
    this.stepStarted = Date.now();
    this.of = of;
    this.last = 0;
    this.report(phase, step, done, of);
  }

  /** `force`: whatever the time since the last one (a chunk written: each one is shown). */
  report(
    phase: ImportProgress['phase'],
    step: ImportProgress['step'],
    done: number,
    of: number,
    force = false,
  ): void {
    if (!this.onProgress) return;
    const now = Date.now();
    if (!force && this.last !== 0 && now - this.last < PROGRESS_EVERY_MS) return;
    this.last = now;
    const stepMs = now - this.stepStarted;
    const rowsPerSecond = stepMs > 0 ? Math.round((done * 1000) / stepMs) : 0;
    const counted = phase === 'reading' || step === 'search_text' || step === 'writing';
    const etaSeconds =
      phase === 'done'
        ? 0
        : counted && rowsPerSecond > 0
          ? Math.ceil(Math.max(0, of - done) / rowsPerSecond)
          : null;
    this.onProgress({
      phase,
      ...(step ? { step } : {}),
      rows: this.rows,
      total: Math.max(this.total, this.rows),
      done,
      of,
      elapsedMs: now - this.started,
      rowsPerSecond,
      etaSeconds,
    });
  }
}
