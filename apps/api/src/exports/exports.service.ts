import { Inject, Injectable } from '@nestjs/common';
import { StringDecoder } from 'node:string_decoder';
import { PassThrough, Readable, Transform, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { AuditService } from '../../../../libs/audit/audit.service';
import { stationScope } from '../../../../libs/auth/station-scope';
import { APP_CONFIG, AppConfig } from '../../../../libs/config/app-config';
import { encodeShiftJis, quoteCsvField, UTF8_BOM } from '../../../../libs/files/csv';
import { createXlsxWriter, writeXlsxRows, XlsxRowInput } from '../../../../libs/files/xlsx';
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
import {
  consultationExportQuery,
  ExportQuery,
  organizationExportQuery,
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

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));
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

async function* flatten(batches: AsyncIterable<unknown[][]>): AsyncGenerator<XlsxRowInput> {
  for await (const batch of batches) yield* batch;
}

/**
 * Organization and visit exports: every matching row streamed (COPY for CSV, a server-side cursor
 * for XLSX), never cut to a page. The audit row (filters, row count) is written after the stream
 * has finished, in its own transaction, because only then is the row count known.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ExportsRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

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

  /**
   * Streams the export to `out`, audits it, and only then ends `out` (so a client that has the
   * whole file knows the audit row is committed). Returns the number of data rows written.
   */
  async run(plan: ExportPlan, out: Writable): Promise<number> {
    const conn = await this.repo.connect();
    const body = new PassThrough();
    body.pipe(out, { end: false });
    // A client that goes away stops the database side too (no writer left blocked on back-pressure).
    out.once('close', () => {
      if (!body.readableEnded) body.destroy(new Error('client closed the connection'));
    });
    let rowCount = 0;
    let failure: unknown;
    try {
      rowCount = plan.format === 'csv' ? await this.csv(conn, plan, body) : await this.xlsx(conn, plan, body);
      if (!body.readableEnded) await finished(body);
    } catch (error) {
      failure = error;
    } finally {
      conn.release(failure);
    }
    await this.dataSource.transaction((tx) =>
      this.audit.record(tx, {
        action: `export.${plan.kind}`,
        entityType: 'export',
        entityId: null,
        stationId: plan.audit.stationId,
        changes: {
          format: plan.format,
          ...(plan.format === 'csv' ? { encoding: plan.encoding } : {}),
          filters: plan.audit.filters,
          rowCount,
          completed: failure === undefined,
          ...(plan.audit.includePersonal ? { includePersonal: true, reason: plan.audit.reason } : {}),
          ...(plan.audit.masked ? { restrictedMasked: true } : {}),
        },
      }),
    );
    // A client that went away is not a server error; anything else is rethrown (the response ends).
    if (failure !== undefined && !out.destroyed) throw failure as Error;
    out.end();
    return rowCount;
  }

  private async csv(
    conn: Awaited<ReturnType<ExportsRepository['connect']>>,
    plan: ExportPlan,
    out: Writable,
  ) {
    const header = plan.query.columns.map((c) => quoteCsvField(c.header)).join(',') + '\n';
    const copy = this.repo.copyCsv(conn, plan.query);
    if (plan.encoding === 'shift_jis') {
      out.write(encodeShiftJis(header));
      await pipeline(copy, shiftJisTranscoder(), out);
    } else {
      out.write(Buffer.from(UTF8_BOM + header, 'utf8'));
      await pipeline(copy as Readable, out);
    }
    return copy.rowCount;
  }

  private async xlsx(
    conn: Awaited<ReturnType<ExportsRepository['connect']>>,
    plan: ExportPlan,
    out: Writable,
  ) {
    const writer = createXlsxWriter(out, {
      sheetName: plan.sheetName,
      columns: plan.query.columns.map((c) => ({ header: c.header, type: c.type, width: c.width })),
    });
    const rows = await writeXlsxRows(writer, flatten(this.repo.cursorRows(conn, plan.query)));
    await writer.finish();
    return rows;
  }
}
