import { Inject, Injectable, Logger } from '@nestjs/common';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { AuditService } from '../../../../libs/audit/audit.service';
import { stationScope } from '../../../../libs/auth/station-scope';
import { APP_CONFIG, AppConfig } from '../../../../libs/config/app-config';
import type { RequestUser } from '../../../../libs/http/request-context';
import { jstInstantRange, todayJst } from '../../../../libs/japanese/jst';
import { organizationScope, scopedStationId } from '../coverage/coverage.scope';
import {
  ConsultationExportQueryDto,
  ExportEncoding,
  OrganizationExportQueryDto,
  SeminarExportQueryDto,
  VisitExportQueryDto,
} from './dto/exports.dto';
import { ExportErrors } from './exports.errors';
import { ExportsRepository } from './exports.repository';
import { JobsService } from '../jobs/jobs.service';
import { RenderPool } from '../reports/render-pool';
import {
  consultationExportQuery,
  ExportQuery,
  organizationExportQuery,
  selectTyped,
  seminarExportQuery,
  visitExportQuery,
} from './exports.sql';
import { seesRestrictedContent } from '../consultations/consultations.repository';

export type ExportFormat = 'csv' | 'xlsx';

/** A validated export, ready to stream. */
export interface ExportPlan {
  kind: 'organizations' | 'visits' | 'seminars' | 'consultations';
  format: ExportFormat;
  encoding: ExportEncoding;
  /** ASCII fallback and the Japanese name (RFC 5987 filename*). */
  filename: { ascii: string; japanese: string };
  contentType: string;
  sheetName: string;
  query: ExportQuery;
  audit: {
    stationId: string | null;
    filters: Record<string, unknown>;
    includePersonal?: boolean;
    reason?: string;
    /** Restricted content was masked for this reader. */
    masked?: boolean;
  };
}

/** The job kind (and pg-boss queue) of exports made as jobs. */
export const EXPORT_JOB = 'export';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));
}

/**
 * Organization and visit exports: every matching row streamed (COPY for CSV, a server-side cursor
 * for XLSX, both read and encoded in a render worker: export-render.ts), never cut to a page. The
 * audit row (filters, row count) is written after the stream has finished, in its own
 * transaction, because only then is the row count known.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ExportsRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobsService,
    private readonly renderer: RenderPool,
  ) {}

  private readonly log = new Logger('Exports');

  organizations(user: RequestUser, query: OrganizationExportQueryDto, format: ExportFormat): ExportPlan {
    const includePersonal = query.includePersonal === 'true';
    const reason = query.reason?.trim();
    if (includePersonal) {
      if (user.role !== 'manager') throw ExportErrors.personalForbidden();
      if (!reason) throw ExportErrors.reasonRequired();
    }
    const scope = organizationScope(user, query.stationId);
    const today = todayJst();
    const filters = compact({
      q: query.q,
      sector: query.sector,
      tier: query.tier,
      municipality: query.municipality,
      status: query.status,
      coverage: query.coverage,
      stationId: query.stationId,
    });
    return this.plan('organizations', format, query.encoding, {
      sheetName: '対象事業者',
      japanese: `対象事業者一覧_${today.replace(/-/g, '')}`,
      query: organizationExportQuery({
        scope,
        filter: query,
        today,
        cadence: this.config.cadenceDays,
        includePersonal,
        // hq's export spans stations: which station each organization belongs to.
        includeStation: stationScope(user) === null,
      }),
      audit: {
        stationId: scopedStationId(user, query.stationId),
        filters,
        ...(includePersonal ? { includePersonal, reason } : {}),
      },
    });
  }

  visits(user: RequestUser, query: VisitExportQueryDto, format: ExportFormat): ExportPlan {
    if (query.from && query.to && query.to < query.from) throw ExportErrors.badRange();
    const scope = organizationScope(user, query.stationId, 'v.station_id');
    const today = todayJst();
    return this.plan('visits', format, query.encoding, {
      sheetName: '訪問記録',
      japanese: `訪問記録_${(query.from ?? '').replace(/-/g, '')}-${(query.to ?? today).replace(/-/g, '')}`,
      query: visitExportQuery({
        scope,
        from: query.from,
        to: query.to,
        status: query.status,
        // Officer names are internal: in the station's own export, never in hq's.
        includeOfficers: stationScope(user) !== null,
      }),
      audit: {
        stationId: scopedStationId(user, query.stationId),
        filters: compact({
          from: query.from,
          to: query.to,
          status: query.status,
          stationId: query.stationId,
        }),
      },
    });
  }

  seminars(user: RequestUser, query: SeminarExportQueryDto, format: ExportFormat): ExportPlan {
    if (query.from && query.to && query.to < query.from) throw ExportErrors.badRange();
    const today = todayJst();
    return this.plan('seminars', format, query.encoding, {
      sheetName: 'セミナー等',
      japanese: `セミナー等_${(query.from ?? '').replace(/-/g, '')}-${(query.to ?? today).replace(/-/g, '')}`,
      query: seminarExportQuery({
        scope: organizationScope(user, query.stationId, 's.station_id'),
        from: query.from,
        to: query.to,
        kind: query.kind,
      }),
      audit: {
        stationId: scopedStationId(user, query.stationId),
        filters: compact({ from: query.from, to: query.to, kind: query.kind, stationId: query.stationId }),
      },
    });
  }

  /** Restricted consultations are exported masked for readers who may not see their content. */
  consultations(user: RequestUser, query: ConsultationExportQueryDto, format: ExportFormat): ExportPlan {
    if (query.from && query.to && query.to < query.from) throw ExportErrors.badRange();
    const today = todayJst();
    const range = jstInstantRange(query.from ?? '2000-01-01', query.to ?? '2999-12-31');
    return this.plan('consultations', format, query.encoding, {
      sheetName: '相談・事案',
      japanese: `相談・事案_${(query.from ?? '').replace(/-/g, '')}-${(query.to ?? today).replace(/-/g, '')}`,
      query: consultationExportQuery({
        scope: organizationScope(user, query.stationId, 'c.station_id'),
        from: query.from ? range.start : undefined,
        before: query.to ? range.end : undefined,
        category: query.category,
        status: query.status,
        seesRestricted: seesRestrictedContent(user),
      }),
      audit: {
        stationId: scopedStationId(user, query.stationId),
        filters: compact({
          from: query.from,
          to: query.to,
          category: query.category,
          status: query.status,
          stationId: query.stationId,
        }),
        ...(seesRestrictedContent(user) ? {} : { masked: true }),
      },
    });
  }

  private plan(
    kind: ExportPlan['kind'],
    format: ExportFormat,
    encoding: ExportEncoding | undefined,
    p: { sheetName: string; japanese: string; query: ExportQuery; audit: ExportPlan['audit'] },
  ): ExportPlan {
    const enc = format === 'csv' ? (encoding ?? 'utf8') : 'utf8';
    return {
      kind,
      format,
      encoding: enc,
      filename: {
        ascii: `${kind}_${todayJst().replace(/-/g, '')}.${format}`,
        japanese: `${p.japanese}.${format}`,
      },
      contentType:
        format === 'xlsx'
          ? XLSX_TYPE
          : enc === 'shift_jis'
            ? 'text/csv; charset=Shift_JIS'
            : 'text/csv; charset=utf-8',
      sheetName: p.sheetName,
      query: p.query,
      audit: p.audit,
    };
  }

  /** The plan of an export kind from its (validated) query, as the routes and the export job make it. */
  planFor(user: RequestUser, kind: ExportPlan['kind'], query: Record<string, unknown>, format: ExportFormat) {
    switch (kind) {
      case 'organizations':
        return this.organizations(user, query, format);
      case 'visits':
        return this.visits(user, query, format);
      case 'seminars':
        return this.seminars(user, query, format);
      case 'consultations':
        return this.consultations(user, query, format);
    }
  }

  /** The planner's estimate of the export's rows (EXPLAIN: no rows are read). */
  async estimateRows(plan: ExportPlan): Promise<number> {
    const rows: { 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }[] = await this.dataSource.query(
      `EXPLAIN (FORMAT JSON) ${selectTyped(plan.query)}`,
      plan.query.params,
    );
    return Math.round(rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0);
  }

  /**
   * The export's exact row count (a job's progress total). Over the export's own SELECT: the
   * planner flattens it and computes none of its columns.
   */
  async countRows(plan: ExportPlan): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM (${selectTyped(plan.query)}) export_rows`,
      plan.query.params,
    );
    return rows[0]?.n ?? 0;
  }

  /**
   * Whether the request is made as a job (`async=true`, or no `async=false` and an estimate past
   * EXPORT_ASYNC_ROWS): answers the estimate then, else null (the GET answers the file).
   */
  async asJob(plan: ExportPlan, async: 'true' | 'false' | undefined): Promise<number | null> {
    if (async === 'false') return null;
    const estimate = await this.estimateRows(plan);
    return async === 'true' || estimate > this.config.jobs.exportAsyncRows ? estimate : null;
  }

  /**
   * Queues the export as a job; the request's audit row (as the direct export's, with the job and
   * the estimate instead of the row count) is written in the same transaction.
   */
  async enqueue(
    user: RequestUser,
    plan: ExportPlan,
    query: Record<string, unknown>,
    estimatedRows: number,
  ): Promise<string> {
    return this.dataSource.transaction(async (tx) => {
      const jobId = await this.jobs.enqueueIn(tx, {
        kind: EXPORT_JOB,
        stationId: plan.audit.stationId,
        user,
        payload: { export: plan.kind, format: plan.format, query },
      });
      await this.audit.record(tx, {
        action: `export.${plan.kind}`,
        entityType: 'export',
        entityId: null,
        stationId: plan.audit.stationId,
        changes: { ...this.auditChanges(plan), jobId, estimatedRows },
      });
      return jobId;
    });
  }

  private auditChanges(plan: ExportPlan): Record<string, unknown> {
    return {
      format: plan.format,
      ...(plan.format === 'csv' ? { encoding: plan.encoding } : {}),
      filters: plan.audit.filters,
      ...(plan.audit.includePersonal ? { includePersonal: true, reason: plan.audit.reason } : {}),
      ...(plan.audit.masked ? { restrictedMasked: true } : {}),
    };
  }

  /**
   * Streams the export to `out`, audits it, and only then ends `out` (so a client that has the
   * whole file knows the audit row is committed). `start` runs before the first byte (the route's
   * headers): a file that fails before it is a clear error answer (503 export.render_failed), one
   * that fails after it is cut off (the client sees an incomplete transfer, never a wrong file).
   * Returns the number of data rows written.
   */
  async run(
    plan: ExportPlan,
    out: Writable,
    start?: () => void,
    options: { gzip?: boolean } = {},
  ): Promise<number> {
    let rowCount = 0;
    let failure: unknown;
    let started = false;
    try {
      rowCount = await this.write(plan, out, {
        gzip: options.gzip,
        onStart: () => {
          started = true;
          start?.();
        },
      });
    } catch (error) {
      failure = error;
    }
    await this.dataSource.transaction((tx) =>
      this.audit.record(tx, {
        action: `export.${plan.kind}`,
        entityType: 'export',
        entityId: null,
        stationId: plan.audit.stationId,
        changes: { ...this.auditChanges(plan), rowCount, completed: failure === undefined },
      }),
    );
    if (failure !== undefined) {
      // A client that went away is not a server error; a file cut off after its first bytes ends
      // the transfer unfinished; before them the error is answered (the response is untouched).
      if (out.destroyed) return rowCount;
      if (started) {
        out.destroy();
        return rowCount;
      }
      throw failure as Error;
    }
    out.end();
    return rowCount;
  }

  /**
   * A job's export: the whole file into `out` (ended when done), rows reported as they go; an
   * aborted `signal` (cancel, shutdown) stops it with an error. No audit here: the request was.
   */
  async render(
    plan: ExportPlan,
    out: Writable,
    options: { signal?: AbortSignal; onRows?: (rows: number) => void },
  ): Promise<number> {
    const rows = await this.write(plan, out, options);
    out.end();
    await finished(out);
    return rows;
  }

  /**
   * Streams the export to `out` without ending it; throws if it failed or `out` went away. The file
   * is made in a render worker (its own connection, the CPU-heavy encoding and zipping there); this
   * thread only writes its chunks on, one at a time, waiting for `out` (back-pressure to the worker
   * and its query). `out` closing or `signal` aborting cancels the worker's work.
   */
  private async write(
    plan: ExportPlan,
    out: Writable,
    options: {
      signal?: AbortSignal;
      onRows?: (rows: number) => void;
      onStart?: () => void;
      gzip?: boolean;
    },
  ): Promise<number> {
    options.signal?.throwIfAborted();
    const source = this.renderer.stream(
      {
        kind: 'export',
        format: plan.format,
        encoding: plan.encoding,
        sheetName: plan.sheetName,
        query: plan.query,
        gzip: plan.format === 'csv' && options.gzip === true,
        databaseUrl: this.repo.databaseUrl(),
      },
      options.onRows,
    );
    const stop = (reason: Error) => {
      if (!source.destroyed) source.destroy(reason);
    };
    // A client that goes away stops the worker and its query too.
    const onClose = () => stop(new Error('client closed the connection'));
    out.once('close', onClose);
    const onAbort = () => stop(new Error('export stopped'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // One 'drain' listener for the whole file (a compressed response forwards 'drain' listeners to
    // its zlib stream and never removes them: one per wait would pile up).
    let waiting: { resolve: () => void; reject: (e: Error) => void } | null = null;
    const settle = (error?: Error) => {
      const w = waiting;
      waiting = null;
      if (error) w?.reject(error);
      else w?.resolve();
    };
    const onDrain = () => settle();
    out.on('drain', onDrain);
    // the worker failed, the client left or the job stopped while this waited for `out`
    source.once('close', () => settle(new Error('export stopped')));
    const drained = () =>
      new Promise<void>((resolve, reject) => {
        if (out.destroyed || source.destroyed) return reject(new Error('export stopped'));
        waiting = { resolve, reject };
      });
    let started = false;
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        if (!started) {
          started = true;
          options.onStart?.();
        }
        if (!out.write(chunk)) await drained();
      }
      return source.rowCount;
    } catch (error) {
      if (out.destroyed || options.signal?.aborted) throw error;
      this.log.error(
        `export ${plan.kind}.${plan.format} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      throw ExportErrors.renderFailed();
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      out.off('close', onClose);
      out.off('drain', onDrain);
      stop(new Error('export ended'));
    }
  }
}
