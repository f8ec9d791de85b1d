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
  StrategyBulletDto,
  StrategySuggestionQueryDto,
  StrategySuggestionsDto,
  StrategyTableQueryDto,
  StrategyTaskDto,
  StrategyTaskListQueryDto,
  SuggestedBulletDto,
  UpdateStrategyTaskDto,
} from './dto/strategy.dto';
import type { StrategyBullet } from './entities/strategy-task.entity';
import { ReportErrors } from './reports.errors';
import {
  PeriodWindow,
  ReportsRepository,
  ScopeFn,
  TaskActivityRow,
  TaskEventRow,
} from './reports.repository';
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

const ACTIVITY_KIND_LABELS: Record<string, string> = {
  training: '教養',
  lecture_attended: '講演聴講',
  exercise_participation: '訓練参加',
  pr_web: 'ウェブサイト',
  pr_media: '広報',
  pr_notice: '注意喚起',
  other: 'その他',
};

/** Records of a task turned into suggested bullets (counts and a few named examples; no officer). */
export function suggestBullets(input: {
  visits?: { visits: number; organizations: number };
  joint?: { visits: number };
  sectors: { label: string; organizations: number }[];
  seminars: TaskEventRow[];
  liaisons: TaskEventRow[];
  consultations?: { total: number; escalated: number };
  activities: TaskActivityRow[];
}): SuggestedBulletDto[] {
  const out: SuggestedBulletDto[] = [];
  const add = (source: SuggestedBulletDto['source'], text: string) =>
    out.push({ text, repeated: false, source });
  if (input.visits) {
    const top = input.sectors
      .slice(0, 3)
      .map((s) => `${s.label} ${s.organizations}社`)
      .join('、');
    const joint = input.joint?.visits ? `、うち関係機関との共同訪問 ${input.joint.visits}件` : '';
    add(
      'visits',
      `個別訪問 ${input.visits.visits}件（${input.visits.organizations}事業者${top ? `：${top}` : ''}${joint}）`,
    );
  }
  if (input.seminars.length) {
    const first = input.seminars[0];
    add('seminar', `セミナー・講演等 ${first.total}回（参加 延べ${first.attendees}名）`);
    for (const s of input.seminars)
      add(
        'seminar',
        `${formatJapaneseDate(s.heldOn)}、${s.title}を実施${s.ownAttendees ? `（参加${s.ownAttendees}名）` : ''}`,
      );
  }
  if (input.consultations?.total)
    add(
      'consultations',
      `相談・事案 ${input.consultations.total}件を受理${input.consultations.escalated ? `（うち本部へ報告 ${input.consultations.escalated}件）` : ''}`,
    );
  for (const a of input.activities)
    add(
      'activity',
      `${formatJapaneseDate(a.heldOn)}、${a.title}（${ACTIVITY_KIND_LABELS[a.kind] ?? a.kind}${a.participants ? `、${a.participants}名` : ''}）`,
    );
  if (input.liaisons.length) {
    add('liaisons', `関係機関との連絡調整 ${input.liaisons[0].total}件`);
    for (const l of input.liaisons) add('liaisons', `${formatJapaneseDate(l.heldOn)}、${l.title}`);
  }
  return out;
}

const TASK_AUDITED = [
  'prefectureCode',
  'number',
  'heading',
  'description',
  'leadAgencies',
  'topics',
  'actionsSoFar',
  'plannedActions',
  'sortOrder',
];

/** Bullets as stored: trimmed text, an explicit repeated flag; blank ones dropped. */
const bullets = (input: StrategyBulletDto[] | undefined): StrategyBullet[] | undefined =>
  input
    ?.map((b) => ({ text: b.text.trim(), repeated: b.repeated === true }))
    .filter((b) => b.text.length > 0);

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
    // The coverage at the period's end runs on its own connection while the report's statements run
    // in their snapshot; awaited before the audit row, so its refusal (an unknown station) rolls back.
    const coverageP = this.coverage.totals(user, to, query.stationId);
    coverageP.catch(() => undefined);
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const report = await this.repo.periodFigures(tx, w, scope, stationId);
      const coverageAtEnd = await coverageP;
      report.period = period;
      report.organizations.coverageAtEnd = {
        asOf: to,
        organizations: coverageAtEnd.organizations,
        reached: coverageAtEnd.reached,
        overdue: coverageAtEnd.overdue,
        never: coverageAtEnd.never,
        coverage: coverageAtEnd.coverage,
      };
      const { bySector, byMunicipality, byTopic } = report.visits;
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

  /** Suggested これまでの取組 per task from the records up to asOf (set-based: a fixed number of statements). */
  private async suggestionsFor(
    tx: EntityManager,
    tasks: { id: string; topics: string[] }[],
    asOf: string,
    from: string | null,
    scope: (column: string) => ScopeFn,
    stationId: string | null,
  ): Promise<Map<string, SuggestedBulletDto[]>> {
    const end = endOfJstDay(asOf);
    if (tasks.length === 0) return new Map();
    const ids = tasks.map((t) => t.id);
    const records = await this.repo.taskRecords(tx, tasks, asOf, end, scope, from, { stationId });
    const { visits } = records;
    const seminars = groupBy(records.seminars);
    const liaisons = groupBy(records.liaisons);
    const activities = groupBy(records.activities);
    const consultations = new Map(records.consultations.map((r) => [r.taskId, r]));
    const totals = new Map(visits.totals.map((r) => [r.taskId, r]));
    const joint = new Map(visits.joint.map((r) => [r.taskId, r]));
    const sectors = groupBy(visits.sectors);
    return new Map(
      ids.map((id) => [
        id,
        suggestBullets({
          visits: totals.get(id),
          joint: joint.get(id),
          sectors: sectors.get(id) ?? [],
          seminars: seminars.get(id) ?? [],
          liaisons: liaisons.get(id) ?? [],
          consultations: consultations.get(id),
          activities: activities.get(id) ?? [],
        }),
      ]),
    );
  }

  async suggestions(user: RequestUser, query: StrategySuggestionQueryDto): Promise<StrategySuggestionsDto> {
    const asOf = query.asOf ?? todayJst();
    if (query.from && query.from > asOf) throw ReportErrors.badRange();
    const scope = (column: string) => organizationScope(user, query.stationId, column);
    const stationId = scopedStationId(user, query.stationId);
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const prefecture =
        query.prefectureCode ??
        (stationId ? await this.repo.stationPrefecture(tx, stationId) : undefined) ??
        undefined;
      const tasks = await this.repo.listTasks(tx, prefecture);
      const map = await this.suggestionsFor(tx, tasks, asOf, query.from ?? null, scope, stationId);
      return {
        from: query.from ?? null,
        asOf,
        items: tasks.map((t) => ({ taskId: t.id, bullets: map.get(t.id) ?? [] })),
      };
    });
  }

  /**
   * The table: the bullets the team kept, or (a task nobody has written yet) the suggestions from
   * the records; audited (action report.strategy_table).
   */
  async strategyTable(user: RequestUser, query: StrategyTableQueryDto): Promise<StrategyTable> {
    const asOf = query.asOf ?? todayJst();
    if (query.from && query.from > asOf) throw ReportErrors.badRange();
    const scope = (column: string) => organizationScope(user, query.stationId, column);
    const stationId = scopedStationId(user, query.stationId);
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const prefecture =
        query.prefectureCode ??
        (stationId ? await this.repo.stationPrefecture(tx, stationId) : undefined) ??
        undefined;
      const tasks = await this.repo.listTasks(tx, prefecture);
      const suggested = await this.suggestionsFor(
        tx,
        tasks.filter((t) => t.actionsSoFar.length === 0),
        asOf,
        query.from ?? null,
        scope,
        stationId,
      );
      const rows: StrategyRow[] = tasks.map((t) => ({
        number: t.number,
        heading: t.heading,
        description: t.description,
        leadAgencies: t.leadAgencies,
        actionsSoFar: t.actionsSoFar.length
          ? t.actionsSoFar
          : (suggested.get(t.id) ?? []).map(({ text, repeated }) => ({ text, repeated })),
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
            ...(query.from ? { from: query.from } : {}),
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
    const heading = (dto.heading ?? dto.title)?.trim();
    if (!heading) throw ReportErrors.headingRequired();
    return this.dataSource.transaction(async (tx) => {
      await this.checkTopics(tx, dto.topics);
      const task = await this.repo.insertTask(tx, {
        prefectureCode: dto.prefectureCode,
        number: dto.number?.trim() ?? '',
        heading,
        description: dto.description?.trim() ?? '',
        leadAgencies: dto.leadAgencies,
        topics: [...new Set(dto.topics)],
        actionsSoFar: bullets(dto.actionsSoFar) ?? [],
        plannedActions: bullets(dto.plannedActions) ?? [],
        sortOrder: dto.sortOrder ?? 100,
      });
      await this.audit.record(tx, {
        action: 'strategy_task.create',
        entityType: 'strategy_task',
        entityId: task.id,
        changes: diffChanges(null, { ...task }, TASK_AUDITED),
      });
      return task;
    });
  }

  /** Admin: everything; hq (the project team): これまでの取組 and 今後の取組 only. */
  async updateTask(user: RequestUser, id: string, dto: UpdateStrategyTaskDto): Promise<StrategyTaskDto> {
    if (user.role === 'hq') {
      const others = (
        ['number', 'heading', 'title', 'description', 'leadAgencies', 'topics', 'sortOrder'] as const
      ).filter((k) => dto[k] !== undefined);
      if (others.length) throw ReportErrors.hqBulletsOnly();
    }
    const heading = (dto.heading ?? dto.title)?.trim();
    if ((dto.heading !== undefined || dto.title !== undefined) && !heading)
      throw ReportErrors.headingRequired();
    return this.dataSource.transaction(async (tx) => {
      const before = await this.repo.findTask(tx, id);
      if (!before) throw CommonErrors.notFound('strategy_task');
      if (dto.topics) await this.checkTopics(tx, dto.topics);
      const actionsSoFar = bullets(dto.actionsSoFar);
      const plannedActions = bullets(dto.plannedActions);
      await updateVersioned(tx, 'strategy_tasks', 'strategy_task', id, dto.version, {
        number: dto.number?.trim(),
        title: heading,
        description: dto.description?.trim(),
        leadAgencies: dto.leadAgencies,
        topics: dto.topics ? [...new Set(dto.topics)] : undefined,
        actionsSoFar: actionsSoFar ? JSON.stringify(actionsSoFar) : undefined,
        plannedActions: plannedActions ? JSON.stringify(plannedActions) : undefined,
        sortOrder: dto.sortOrder,
      });
      const after = (await this.repo.findTask(tx, id))!;
      await this.audit.record(tx, {
        action: 'strategy_task.update',
        entityType: 'strategy_task',
        entityId: id,
        changes: diffChanges({ ...before }, { ...after }, TASK_AUDITED),
      });
      return after;
    });
  }

  private async checkTopics(tx: EntityManager, topics: string[]): Promise<void> {
    const unknown = await this.repo.unknownTopics(tx, topics);
    if (unknown.length) throw ReportErrors.unknownTopics(unknown);
  }
}
