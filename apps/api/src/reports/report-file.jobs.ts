import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../../../libs/audit/audit.service';
import type { Role } from '../../../../libs/auth/entities/user.entity';
import { stationScope } from '../../../../libs/auth/station-scope';
import { APP_CONFIG, AppConfig } from '../../../../libs/config/app-config';
import { DOCX_CONTENT_TYPE } from '../../../../libs/files/docx';
import { RequestContext, type RequestUser } from '../../../../libs/http/request-context';
import { todayJst } from '../../../../libs/japanese/jst';
import { organizationScope, scopedStationId } from '../coverage/coverage.scope';
import { CoverageErrors } from '../coverage/coverage.errors';
import { JobFilesService } from '../exports/job-files.service';
import { JobsErrors } from '../jobs/jobs.errors';
import { JobsService } from '../jobs/jobs.service';
import type { PeriodReportQueryDto } from './dto/period.dto';
import type { StrategyTableQueryDto } from './dto/strategy.dto';
import { RenderJob, RenderPool } from './render-pool';
import { ReportErrors } from './reports.errors';
import { resolvePeriod, ReportsService } from './reports.service';

/** The job kind (and pg-boss queue) of report files made as jobs. */
export const REPORT_FILE_JOB = 'report_file';

export type ReportFileFormat = 'xlsx' | 'pdf' | 'docx';

const TYPES: Record<ReportFileFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  docx: DOCX_CONTENT_TYPE,
};

/** A report file asked for: which report, its format and the request's (validated) query. */
export type ReportFileRequest =
  | { report: 'period'; format: 'xlsx' | 'pdf'; query: PeriodReportQueryDto }
  | { report: 'strategy_table'; format: ReportFileFormat; query: StrategyTableQueryDto };

/** What a report-file job keeps: the request, and the estimate it was queued for. */
export type ReportFileJobPayload = ReportFileRequest & { estimatedRows: number };

/** A built report, ready to render: what to render, the file's names, who may read it, its rows. */
export interface ReportFile {
  render: RenderJob;
  /** The file's name without the extension (Japanese, and an ASCII fallback). */
  base: { japanese: string; ascii: string };
  format: ReportFileFormat;
  contentType: string;
  roles: Role[];
  rows: number;
}

/** Rows of a report: every element of its arrays at any depth (breakdown rows, table rows, bullets). */
export function reportRows(value: unknown): number {
  if (Array.isArray(value)) return value.length + value.reduce<number>((n, v) => n + reportRows(v), 0);
  if (value && typeof value === 'object')
    return Object.values(value as Record<string, unknown>).reduce<number>((n, v) => n + reportRows(v), 0);
  return 0;
}

/**
 * The period report's lines besides its per-station, per-municipality, per-sector and per-partner
 * breakdowns: topics (8), seminar kinds (5), consultation categories (6), activity kinds (7), the
 * headline figures and each breakdown's heading and 未設定 line.
 */
const PERIOD_FIXED_ROWS = 60;
/** Suggested これまでの取組 bullets of a task nobody has written yet, at most (suggestBullets: 1+1+3+1+5+1+2). */
const SUGGESTED_BULLETS_MAX = 14;

const compact = (d: string) => d.replace(/-/g, '');

/**
 * Report files (period report XLSX/PDF, strategy table XLSX/PDF/DOCX) as jobs. The decision is made
 * before anything is built, from a cheap estimate of the file's rows (one statement over the
 * stations, their areas, the code lists and partners in scope, or over the strategy tasks and their
 * bullets: no report data is read): with `async=true`, or past REPORT_ASYNC_ROWS, the route queues
 * the request and answers 202 {jobId}. The worker builds the report as its requester (same station
 * scope, audited as `report.period` / `report.strategy_table` when built), renders it in the render
 * pool (off the event loop) and keeps the file in job_files for GET /jobs/:id/file.
 */
@Injectable()
export class ReportFileJobs implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly files: JobFilesService,
    private readonly renderer: RenderPool,
    private readonly reports: ReportsService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register(REPORT_FILE_JOB, async (ctx) => {
      const user = RequestContext.current()?.user;
      if (!user) throw JobsErrors.failed();
      const p = ctx.job.payload as unknown as ReportFileJobPayload;
      ctx.progress({ done: 0, total: p.estimatedRows, phase: 'building' });
      const file = await this.build(user, p);
      ctx.signal.throwIfAborted();
      return this.files.produce(
        ctx,
        {
          name: `${file.base.japanese}.${file.format}`,
          asciiName: `${file.base.ascii}.${file.format}`,
          contentType: file.contentType,
          roles: file.roles,
          auditAction: `report.${p.report}.file`,
        },
        file.rows,
        async (out, onRows) => {
          const buffer = await this.renderer.render(file.render);
          ctx.signal.throwIfAborted();
          onRows(file.rows);
          await new Promise<void>((resolve, reject) =>
            out.end(buffer, () => resolve()).once('error', reject),
          );
          return file.rows;
        },
      );
    });
  }

  /** Builds the report (audited by the reports service) and what its file needs. */
  async build(user: RequestUser, p: ReportFileRequest): Promise<ReportFile> {
    if (p.report === 'period') {
      const format = p.format;
      const report = await this.reports.period(user, { ...p.query, format });
      const span = `${compact(report.period.from)}-${compact(report.period.to)}`;
      return {
        render: { kind: format === 'xlsx' ? 'periodXlsx' : 'periodPdf', report, generatedOn: todayJst() },
        base: { japanese: `期間報告_${span}`, ascii: `period-report_${span}` },
        format,
        contentType: TYPES[format],
        roles: ['officer', 'manager', 'hq'],
        rows: reportRows(report),
      };
    }
    const format = p.format;
    const table = await this.reports.strategyTable(user, { ...p.query, format });
    const kind = format === 'xlsx' ? 'strategyXlsx' : format === 'docx' ? 'strategyDocx' : 'strategyPdf';
    return {
      render: { kind, table },
      base: { japanese: `取組状況_${compact(table.asOf)}`, ascii: `strategy-table_${compact(table.asOf)}` },
      format,
      contentType: TYPES[format],
      roles: ['manager', 'hq', 'admin'],
      rows: reportRows(table),
    };
  }

  /**
   * Whether the file is made as a job: null with `async=false` (the file now, nothing estimated);
   * else the estimate of its rows when `async=true` or it passes REPORT_ASYNC_ROWS, null otherwise.
   * Bad input (no period, a range backwards, another station) is refused here, before any job.
   */
  async asJob(
    user: RequestUser,
    p: ReportFileRequest,
    async: 'true' | 'false' | undefined,
  ): Promise<number | null> {
    if (async === 'false') return null;
    const estimate =
      p.report === 'period'
        ? await this.estimatePeriod(user, p.query)
        : await this.estimateStrategy(user, p.query);
    return async === 'true' || estimate > this.config.jobs.reportAsyncRows ? estimate : null;
  }

  /**
   * The period report's rows at most: a line per station (hq's breakdown), per municipality of the
   * stations in scope, per sector code, per partner of their prefectures, and the fixed lines.
   */
  async estimatePeriod(user: RequestUser, query: PeriodReportQueryDto): Promise<number> {
    resolvePeriod(query);
    const params: unknown[] = [];
    const scope = organizationScope(user, query.stationId, 's.id')(params);
    const [row]: { stations: number; municipalities: number; sectors: number; partners: number }[] =
      await this.dataSource.query(
        `WITH st AS (SELECT s.id, s.prefecture_code, s.municipality_codes FROM stations s WHERE ${scope})
         SELECT (SELECT count(*) FROM st)::int AS stations,
                (SELECT count(DISTINCT m) FROM st, unnest(st.municipality_codes) m)::int AS municipalities,
                (SELECT count(*) FROM code_list_items WHERE kind = 'sector')::int AS sectors,
                (SELECT count(*) FROM partners p WHERE p.prefecture_code IN (SELECT prefecture_code FROM st))::int AS partners`,
        params,
      );
    if (query.stationId && row.stations === 0) throw CoverageErrors.stationNotFound();
    // one station's report has no per-station breakdown
    const stationLines = scopedStationId(user, query.stationId) ? 0 : row.stations;
    return stationLines + row.municipalities + row.sectors + row.partners + PERIOD_FIXED_ROWS;
  }

  /** The strategy table's rows at most: its tasks and their bullets (suggested ones where none are written). */
  async estimateStrategy(user: RequestUser, query: StrategyTableQueryDto): Promise<number> {
    const asOf = query.asOf ?? todayJst();
    if (query.from && query.from > asOf) throw ReportErrors.badRange();
    organizationScope(user, query.stationId); // another station: 404
    const stationId = stationScope(user) ?? query.stationId ?? null;
    const [row]: { rows: number }[] = await this.dataSource.query(
      `SELECT COALESCE(sum(1 + COALESCE(NULLIF(jsonb_array_length(t.actions_so_far), 0), $3::int)
                         + jsonb_array_length(t.planned_actions)), 0)::int AS rows
         FROM strategy_tasks t
        WHERE t.prefecture_code = COALESCE($1::text,
                (SELECT s.prefecture_code FROM stations s WHERE s.id = $2::uuid), t.prefecture_code)`,
      [query.prefectureCode ?? null, stationId, SUGGESTED_BULLETS_MAX],
    );
    return row.rows;
  }

  /** Queues the file; the request is audited in the same transaction (the report when it is built). */
  enqueue(user: RequestUser, payload: ReportFileJobPayload): Promise<string> {
    const stationId = scopedStationId(user, payload.query.stationId);
    return this.dataSource.transaction(async (tx) => {
      const jobId = await this.jobs.enqueueIn(tx, {
        kind: REPORT_FILE_JOB,
        stationId,
        user,
        payload: payload,
      });
      await this.audit.record(tx, {
        action: `report.${payload.report}.file_job`,
        entityType: 'job',
        entityId: jobId,
        stationId,
        changes: { format: payload.format, estimatedRows: payload.estimatedRows },
      });
      return jobId;
    });
  }
}
