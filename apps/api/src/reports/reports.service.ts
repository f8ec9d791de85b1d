import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, diffChanges } from '../../../../libs/audit/audit.service';
import { stationScope } from '../../../../libs/auth/station-scope';
import { updateVersioned } from '../../../../libs/database/versioned-update';
import { CommonErrors } from '../../../../libs/http/domain-error';
import type { RequestUser } from '../../../../libs/http/request-context';
import {
  asOfHeading,
  formatJapaneseDate,
  formatJapaneseDateRange,
  formatJapaneseYearMonth,
} from '../../../../libs/japanese/era';
import {
  FiscalQuarter,
  fiscalQuarterLabel,
  fiscalQuarterOf,
  fiscalYearLabel,
  fiscalYearOf,
  fiscalYearRange,
  monthRange,
  parseFiscalYearLabel,
  quarterRange,
} from '../../../../libs/japanese/fiscal-year';
import { jstInstantRange, todayJst } from '../../../../libs/japanese/jst';
import { organizationScope, scopedStationId } from '../coverage/coverage.scope';
import { CoverageService } from '../coverage/coverage.service';
import { endOfJstDay } from '../coverage/coverage.sql';
import { PeriodReportDto, PeriodReportQueryDto } from './dto/period.dto';
import {
  CreateStrategyTaskDto,
  StrategyTableQueryDto,
  StrategyTaskDto,
  StrategyTaskListQueryDto,
  UpdateStrategyTaskDto,
} from './dto/strategy.dto';
import { ReportErrors } from './reports.errors';
import { PeriodWindow, ReportsRepository, TaskEventRow } from './reports.repository';
import { StrategyRow, StrategyTable } from './reports.render';

export type PeriodKind = 'fiscal_year' | 'quarter' | 'month' | 'range';

/**
 * The period of a report from exactly one of: from + to, month, quarter (fiscal), fiscalYear, with
 * its label as officials write it: 令和5年度, 令和5年度第1四半期, 令和5年6月; a from/to range that is
 * exactly a fiscal year or quarter is named so too; any other range is written out.
 */
export function resolvePeriod(
  q: Pick<PeriodReportQueryDto, 'from' | 'to' | 'month' | 'quarter' | 'fiscalYear'>,
): {
  from: string;
  to: string;
  label: string;
  range: string;
  kind: PeriodKind;
} {
  const given = [q.from !== undefined || q.to !== undefined, q.month, q.quarter, q.fiscalYear].filter(
    Boolean,
  ).length;
  if (given !== 1) throw ReportErrors.periodRequired();
  const named = (r: { from: string; to: string }, label: string, kind: PeriodKind) => ({
    ...r,
    label,
    range: formatJapaneseDateRange(r.from, r.to),
    kind,
  });
  if (q.month) return named(monthRange(q.month), formatJapaneseYearMonth(q.month), 'month');
  if (q.quarter) {
    const fy = Number(q.quarter.slice(0, 4));
    const quarter = Number(q.quarter.slice(5)) as FiscalQuarter;
    return named(quarterRange(fy, quarter), fiscalQuarterLabel(fy, quarter), 'quarter');
  }
  if (q.fiscalYear) {
    const fy = parseFiscalYearLabel(q.fiscalYear);
    if (fy === null || fy < 1900 || fy > 2998) throw ReportErrors.badFiscalYear();
    return named(fiscalYearRange(fy), fiscalYearLabel(fy), 'fiscal_year');
  }
  if (!q.from || !q.to) throw ReportErrors.periodRequired();
  if (q.to < q.from) throw ReportErrors.badRange();
  const r = { from: q.from, to: q.to };
  const fy = fiscalYearOf(q.from);
  const year = fiscalYearRange(fy);
  if (year.from === r.from && year.to === r.to) return named(r, fiscalYearLabel(fy), 'fiscal_year');
  const { quarter } = fiscalQuarterOf(q.from);
  const qr = quarterRange(fy, quarter);
  if (qr.from === r.from && qr.to === r.to) return named(r, fiscalQuarterLabel(fy, quarter), 'quarter');
  return named(r, formatJapaneseDateRange(r.from, r.to), 'range');
}

/** Full-width space indenting the examples under a line, as Japanese tables do. */
const IDEOGRAPHIC_SPACE = '\u3000';

function summarize(
  visits: { visits: number; organizations: number } | undefined,
  sectors: { label: string; organizations: number }[],
  seminars: TaskEventRow[],
  liaisons: TaskEventRow[],
): string {
  const lines: string[] = [];
  if (visits) {
    const top = sectors
      .slice(0, 3)
      .map((s) => `${s.label} ${s.organizations}社`)
      .join('、');
    lines.push(`・個別訪問 ${visits.visits}件（${visits.organizations}事業者${top ? `：${top}` : ''}）`);
  }
  if (seminars.length) {
    lines.push(`・セミナー・講演等 ${seminars[0].total}回（参加 延べ${seminars[0].attendees}名）`);
    for (const s of seminars) lines.push(`${IDEOGRAPHIC_SPACE}${formatJapaneseDate(s.heldOn)} ${s.title}`);
  }
  if (liaisons.length) {
    lines.push(`・関係機関との連絡調整 ${liaisons[0].total}件`);
    for (const l of liaisons) lines.push(`${IDEOGRAPHIC_SPACE}${formatJapaneseDate(l.heldOn)} ${l.title}`);
  }
  return lines.length ? lines.join('\n') : '（該当する活動の記録なし）';
}

const groupBy = <T extends { taskId: string }>(rows: T[]) => {
  const map = new Map<string, T[]>();
  for (const r of rows) map.set(r.taskId, [...(map.get(r.taskId) ?? []), r]);
  return map;
};

/** Period reports and the strategy table (counts only: never per-officer figures). */
@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ReportsRepository,
    private readonly coverage: CoverageService,
    private readonly audit: AuditService,
  ) {}

  /** Builds the report and audits it (action report.period, filters, row counts) in one transaction. */
  async period(user: RequestUser, query: PeriodReportQueryDto): Promise<PeriodReportDto> {
    const period = resolvePeriod(query);
    const { from, to } = period;
    const scope = (column: string) => organizationScope(user, query.stationId, column);
    const { start, end } = jstInstantRange(from, to);
    const w: PeriodWindow = { from, to, start, end };
    const stationId = scopedStationId(user, query.stationId);
    const coverageAtEnd = await this.coverage.totals(user, to, query.stationId);
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const v = scope('v.station_id');
      const [totals, bySector, byMunicipality, byTopic] = [
        await this.repo.visitTotals(tx, w, v),
        await this.repo.visitsBySector(tx, w, v),
        await this.repo.visitsByMunicipality(tx, w, v),
        await this.repo.visitsByTopic(tx, w, v),
      ];
      const report: PeriodReportDto = {
        period,
        stationId,
        stationName: stationId ? await this.repo.stationName(tx, stationId) : null,
        visits: { ...totals, bySector, byMunicipality, byTopic },
        organizations: {
          reached: await this.repo.organizationsReached(tx, w, scope('o.station_id')),
          coverageAtEnd: {
            asOf: to,
            organizations: coverageAtEnd.organizations,
            reached: coverageAtEnd.reached,
            overdue: coverageAtEnd.overdue,
            never: coverageAtEnd.never,
            coverage: coverageAtEnd.coverage,
          },
        },
        seminars: await this.repo.seminars(tx, w, scope('s.station_id')),
        consultations: await this.repo.consultations(tx, w, scope('c.station_id')),
        followUps: await this.repo.followUps(tx, w, scope('f.station_id')),
        liaisons: { count: await this.repo.liaisons(tx, w, scope('l.station_id')) },
        jointVisits: await this.repo.jointVisits(tx, w, v),
        activities: await this.repo.activities(tx, w, scope('a.station_id')),
        // hq over every station: counts per station (never per officer).
        byStation: stationId === null ? await this.repo.byStation(tx, w) : null,
      };
      await this.audit.record(tx, {
        action: 'report.period',
        entityType: 'report',
        stationId,
        changes: {
          format: query.format ?? 'json',
          filters: { from, to, ...(query.stationId ? { stationId: query.stationId } : {}) },
          rowCounts: {
            visitsBySector: bySector.length,
            visitsByMunicipality: byMunicipality.length,
            visitsByTopic: byTopic.length,
            seminarKinds: report.seminars.byKind.length,
            consultationCategories: report.consultations.byCategory.length,
            jointVisitPartners: report.jointVisits.byPartner.length,
            activityKinds: report.activities.byKind.length,
            ...(report.byStation ? { stations: report.byStation.length } : {}),
          },
        },
      });
      return report;
    });
  }

  async strategyTable(user: RequestUser, query: StrategyTableQueryDto): Promise<StrategyTable> {
    const asOf = query.asOf ?? todayJst();
    const end = endOfJstDay(asOf);
    const scope = (column: string) => organizationScope(user, query.stationId, column);
    const stationId = scopedStationId(user, query.stationId);
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const prefecture =
        query.prefectureCode ??
        (stationId ? await this.repo.stationPrefecture(tx, stationId) : undefined) ??
        undefined;
      const tasks = await this.repo.listTasks(tx, prefecture);
      const ids = tasks.map((t) => t.id);
      const visits = await this.repo.taskVisits(tx, ids, asOf, end, scope('v.station_id'));
      const seminars = groupBy(await this.repo.taskSeminars(tx, ids, asOf, end, scope('s.station_id')));
      const liaisons = groupBy(await this.repo.taskLiaisons(tx, ids, asOf, end, scope('l.station_id')));
      const visitTotals = new Map(visits.totals.map((r) => [r.taskId, r]));
      const sectors = groupBy(visits.sectors);
      const rows: StrategyRow[] = tasks.map((t) => ({
        title: t.title,
        leadAgencies: t.leadAgencies,
        actionsSoFar: summarize(
          visitTotals.get(t.id),
          sectors.get(t.id) ?? [],
          seminars.get(t.id) ?? [],
          liaisons.get(t.id) ?? [],
        ),
        plannedActions: t.plannedActions,
      }));
      const stationName = stationId ? await this.repo.stationName(tx, stationId) : null;
      await this.audit.record(tx, {
        action: 'report.strategy_table',
        entityType: 'report',
        stationId,
        changes: {
          format: query.format ?? 'xlsx',
          filters: {
            asOf,
            ...(prefecture ? { prefectureCode: prefecture } : {}),
            ...(query.stationId ? { stationId: query.stationId } : {}),
          },
          rowCount: rows.length,
        },
      });
      return { asOf, heading: asOfHeading(asOf), scopeLabel: stationName ?? '全警察署', rows };
    });
  }

  // ---- strategy tasks (the admin keeps the list; hq writes 今後の取組) ----------------------------

  async listTasks(user: RequestUser, query: StrategyTaskListQueryDto): Promise<StrategyTaskDto[]> {
    const own = stationScope(user);
    const prefecture =
      query.prefectureCode ??
      (own ? await this.repo.stationPrefecture(this.dataSource.manager, own) : undefined);
    return this.repo.listTasks(this.dataSource.manager, prefecture ?? undefined);
  }

  async createTask(dto: CreateStrategyTaskDto): Promise<StrategyTaskDto> {
    return this.dataSource.transaction(async (tx) => {
      await this.checkTopics(tx, dto.topics);
      const task = await this.repo.insertTask(tx, {
        prefectureCode: dto.prefectureCode,
        title: dto.title,
        leadAgencies: dto.leadAgencies,
        topics: [...new Set(dto.topics)],
        plannedActions: dto.plannedActions ?? '',
        sortOrder: dto.sortOrder ?? 100,
      });
      await this.audit.record(tx, {
        action: 'strategy_task.create',
        entityType: 'strategy_task',
        entityId: task.id,
        changes: diffChanges(null, { ...task }, [
          'prefectureCode',
          'title',
          'leadAgencies',
          'topics',
          'plannedActions',
          'sortOrder',
        ]),
      });
      return task;
    });
  }

  async updateTask(user: RequestUser, id: string, dto: UpdateStrategyTaskDto): Promise<StrategyTaskDto> {
    if (user.role === 'hq') {
      const others = (['title', 'leadAgencies', 'topics', 'sortOrder'] as const).filter(
        (k) => dto[k] !== undefined,
      );
      if (others.length) throw ReportErrors.hqPlannedActionsOnly();
    }
    return this.dataSource.transaction(async (tx) => {
      const before = await this.repo.findTask(tx, id);
      if (!before) throw CommonErrors.notFound('strategy_task');
      if (dto.topics) await this.checkTopics(tx, dto.topics);
      await updateVersioned(tx, 'strategy_tasks', 'strategy_task', id, dto.version, {
        title: dto.title,
        leadAgencies: dto.leadAgencies,
        topics: dto.topics ? [...new Set(dto.topics)] : undefined,
        plannedActions: dto.plannedActions,
        sortOrder: dto.sortOrder,
      });
      const after = (await this.repo.findTask(tx, id))!;
      await this.audit.record(tx, {
        action: 'strategy_task.update',
        entityType: 'strategy_task',
        entityId: id,
        changes: diffChanges({ ...before }, { ...after }, [
          'title',
          'leadAgencies',
          'topics',
          'plannedActions',
          'sortOrder',
        ]),
      });
      return after;
    });
  }

  private async checkTopics(tx: EntityManager, topics: string[]): Promise<void> {
    const unknown = await this.repo.unknownTopics(tx, topics);
    if (unknown.length) throw ReportErrors.unknownTopics(unknown);
  }
}
