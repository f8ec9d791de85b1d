import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../../../libs/config/app-config';
import type { PeriodReportDto } from './dto/period.dto';
import type { StrategyTaskDto } from './dto/strategy.dto';
import { PeriodFigureSource, PeriodSummary } from './period-summary';
import { summaryTaskVisits } from './strategy-summary';

export interface PeriodWindow {
  from: string;
  to: string;
  /** [start, end): the period's days as instants in Japan. */
  start: Date;
  end: Date;
}

/** `(params) => SQL condition` on a station column, from coverage.scope.ts. */
export type ScopeFn = (params: unknown[]) => string;

/** What the app reads: the period figures kept ready by triggers. */
const SUMMARY = new PeriodSummary();

export interface CountRow {
  key: string | null;
  label: string;
  count: number;
}

const CATEGORY_LABELS = `CASE c.category WHEN 'targeted_email' THEN '標的型メール' WHEN 'unauthorized_access' THEN '不正アクセス'
  WHEN 'defacement' THEN 'ウェブサイト改ざん' WHEN 'suspicious_approach' THEN '不審な接触' WHEN 'tech_leak' THEN '技術流出の疑い'
  WHEN 'other' THEN 'その他' ELSE c.category END`;
const KIND_LABELS = `CASE s.kind WHEN 'seminar' THEN 'セミナー' WHEN 'briefing' THEN '説明会・情報提供' WHEN 'school_lecture' THEN '学校での講演'
  WHEN 'exercise' THEN '訓練・演習' WHEN 'other' THEN 'その他' ELSE s.kind END`;

const ACTIVITY_LABELS = `CASE a.kind WHEN 'training' THEN '教養・研修' WHEN 'lecture_attended' THEN '講演等の聴講'
  WHEN 'exercise_participation' THEN '訓練への参加' WHEN 'pr_web' THEN 'ウェブサイト' WHEN 'pr_media' THEN '報道・広報媒体'
  WHEN 'pr_notice' THEN '注意喚起' WHEN 'other' THEN 'その他' ELSE a.kind END`;
const ACTIVITY_ORDER = `array_position(ARRAY['training', 'lecture_attended', 'exercise_participation', 'pr_web', 'pr_media', 'pr_notice', 'other']::text[], a.kind::text)`;

export interface StationBreakdownRow {
  stationId: string;
  stationName: string;
  visits: number;
  organizationsVisited: number;
  jointVisits: number;
  organizationsReached: number;
  seminars: number;
  seminarAttendees: number;
  consultations: number;
  activities: number;
}

const TASK_COLUMNS = `id, prefecture_code AS "prefectureCode", number, title AS heading, title, description,
  lead_agencies AS "leadAgencies", topics, actions_so_far AS "actionsSoFar", planned_actions AS "plannedActions",
  sort_order AS "sortOrder", version`;

/** Consultation categories → the topic a task follows (consultations carry no topics of their own). */
const CATEGORY_TOPIC = `CASE c.category WHEN 'targeted_email' THEN 'cyber_trends' WHEN 'unauthorized_access' THEN 'cyber_trends'
  WHEN 'defacement' THEN 'cyber_trends' WHEN 'tech_leak' THEN 'leak_cases' WHEN 'suspicious_approach' THEN 'foreign_activities'
  ELSE 'other' END`;

export interface TaskVisitRow {
  taskId: string;
  visits: number;
  organizations: number;
}
export interface TaskSectorRow {
  taskId: string;
  label: string;
  organizations: number;
}
export interface TaskEventRow {
  taskId: string;
  total: number;
  attendees: number;
  ownAttendees?: number;
  heldOn: string;
  title: string;
}

/**
 * SQL of period reports and the strategy table: a fixed number of set-based aggregate statements
 * per report (no per-row queries). Only counts leave here: no per-officer figure is ever selected.
 */
@Injectable()
export class ReportsRepository {
  constructor(@Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'reports'>) {}

  private visitWhere(params: unknown[], w: PeriodWindow, scope: ScopeFn): string {
    return `v.status = 'approved' AND v.visited_on >= $${params.push(w.from)}::date
      AND v.visited_on <= $${params.push(w.to)}::date AND ${scope(params)}`;
  }

  /**
   * The report's settings, for this transaction only (one statement). Memory for its hash
   * aggregates: at a prefecture's scale the (task, organization) groups are ~300,000 rows, which
   * spilled to disk at the default 4 MB. Parallel workers (REPORT_PARALLEL_WORKERS, 0 by default):
   * four hq report files at once started six workers on the 2-core machine and the API thread
   * waited for a core (its largest delay 51–76 ms; without them 29–41 ms, bench/hq-reports.ts).
   */
  private async reportSettings(tx: EntityManager): Promise<void> {
    await tx.query(
      `SELECT set_config('work_mem', '64MB', true), set_config('max_parallel_workers_per_gather', $1, true)`,
      [String(this.config.reports.parallelWorkers)],
    );
  }

  /**
   * The figures of a period report (all but its period and coverage at the end), a fixed number of
   * statements whatever the scope: the service runs them in its snapshot, the benchmark over raw pg.
   * Visits and reach come from the summary the triggers keep (period-summary.ts); `source`
   * PeriodLive (period-live.ts) computes them from every visit of the period instead (the test's oracle).
   */
  async periodFigures(
    tx: EntityManager,
    w: PeriodWindow,
    scope: (column: string) => ScopeFn,
    stationId: string | null,
    source: PeriodFigureSource = SUMMARY,
  ): Promise<PeriodReportDto> {
    await this.reportSettings(tx);
    const figures = await source.visitFigures(tx, w, scope, stationId !== null);
    // An organization belongs to one station, so the organizations reached in the scope are the sum
    // of its stations'; hq gets the per-station breakdown (counts only, never per officer).
    const reached = await source.reachedByStation(tx, w, scope);
    const byStation = stationId === null ? await this.byStation(tx, w, figures.byStation, reached) : null;
    return {
      period: { from: w.from, to: w.to, label: '', range: '', kind: 'range' },
      stationId,
      stationName: stationId ? await this.stationName(tx, stationId) : null,
      visits: {
        total: figures.total,
        organizations: figures.organizations,
        bySector: figures.bySector,
        byMunicipality: figures.byMunicipality,
        byTopic: figures.byTopic,
      },
      organizations: {
        reached: [...reached.values()].reduce((n, r) => n + r, 0),
        coverageAtEnd: { asOf: w.to, organizations: 0, reached: 0, overdue: 0, never: 0, coverage: 0 },
      },
      seminars: await this.seminars(tx, w, scope('s.station_id')),
      consultations: await this.consultations(tx, w, scope('c.station_id')),
      followUps: await this.followUps(tx, w, scope('f.station_id')),
      liaisons: { count: await this.liaisons(tx, w, scope('l.station_id')) },
      jointVisits: {
        total: figures.joint,
        byPartner: await this.jointPartners(tx, w, scope('v.station_id')),
      },
      activities: await this.activities(tx, w, scope('a.station_id')),
      byStation,
    };
  }

  /** Visits with named partners who went along, by partner (the total comes from visitFigures). */
  async jointPartners(tx: EntityManager, w: PeriodWindow, scope: ScopeFn): Promise<CountRow[]> {
    const params: unknown[] = [];
    return tx.query(
      `SELECT p.id::text AS key, min(p.name) || coalesce(' ' || min(p.department), '') AS label, count(*)::int AS count
         FROM visits v JOIN visit_joint_partners jp ON jp.visit_id = v.id JOIN partners p ON p.id = jp.partner_id
        WHERE ${this.visitWhere(params, w, scope)}
        GROUP BY p.id ORDER BY count(*) DESC, label`,
      params,
    );
  }

  async seminars(tx: EntityManager, w: PeriodWindow, scope: ScopeFn) {
    const params: unknown[] = [];
    const rows: {
      key: string;
      label: string;
      count: number;
      attendees: number;
      organizations: number;
      total: number;
    }[] = await tx.query(
      `WITH s AS (
           SELECT s.id, s.kind FROM seminars s
            WHERE s.held_on >= $${params.push(w.from)}::date AND s.held_on <= $${params.push(w.to)}::date AND ${scope(params)}
         )
         SELECT s.kind AS key, min(${KIND_LABELS}) AS label, count(DISTINCT s.id)::int AS count,
                COALESCE(sum(p.attendee_count), 0)::int AS attendees,
                count(DISTINCT p.organization_id)::int AS organizations,
                GROUPING(s.kind)::int AS total
           FROM s LEFT JOIN seminar_participants p ON p.seminar_id = s.id
          GROUP BY ROLLUP (s.kind) ORDER BY GROUPING(s.kind), s.kind`,
      params,
    );
    const total = rows.find((r) => r.total === 1);
    return {
      count: total?.count ?? 0,
      attendees: total?.attendees ?? 0,
      organizations: total?.organizations ?? 0,
      byKind: rows.filter((r) => r.total === 0).map(({ key, label, count }) => ({ key, label, count })),
    };
  }

  async consultations(tx: EntityManager, w: PeriodWindow, scope: ScopeFn) {
    const params: unknown[] = [];
    const rows: { key: string; label: string; count: number; escalated: number }[] = await tx.query(
      `SELECT c.category AS key, min(${CATEGORY_LABELS}) AS label, count(*)::int AS count,
              count(*) FILTER (WHERE c.escalated)::int AS escalated
         FROM consultations c
        WHERE c.received_at >= $${params.push(w.start)} AND c.received_at < $${params.push(w.end)} AND ${scope(params)}
        GROUP BY c.category ORDER BY c.category`,
      params,
    );
    return {
      total: rows.reduce((n, r) => n + r.count, 0),
      escalated: rows.reduce((n, r) => n + r.escalated, 0),
      byCategory: rows,
    };
  }

  async followUps(tx: EntityManager, w: PeriodWindow, scope: ScopeFn) {
    const params: unknown[] = [];
    const start = `$${params.push(w.start)}`;
    const end = `$${params.push(w.end)}`;
    const to = `$${params.push(w.to)}::date`;
    const [row] = await tx.query(
      `SELECT count(*) FILTER (WHERE f.created_at >= ${start} AND f.created_at < ${end})::int AS opened,
              count(*) FILTER (WHERE f.status = 'done' AND f.closed_at >= ${start} AND f.closed_at < ${end})::int AS done,
              count(*) FILTER (WHERE f.due_on < ${to} AND f.created_at < ${end}
                                 AND (f.status IN ('open', 'in_progress') OR f.closed_at >= ${end}))::int AS overdue
         FROM follow_ups f WHERE ${scope(params)}`,
      params,
    );
    return row as { opened: number; done: number; overdue: number };
  }

  async liaisons(tx: EntityManager, w: PeriodWindow, scope: ScopeFn): Promise<number> {
    const params: unknown[] = [];
    const [row] = await tx.query(
      `SELECT count(*)::int AS n FROM liaisons l
        WHERE l.held_on >= $${params.push(w.from)}::date AND l.held_on <= $${params.push(w.to)}::date AND ${scope(params)}`,
      params,
    );
    return row.n;
  }

  /** The station's own training and PR of the period, by kind (head counts summed). */
  async activities(tx: EntityManager, w: PeriodWindow, scope: ScopeFn) {
    const params: unknown[] = [];
    const rows: { key: string; label: string; count: number; participants: number }[] = await tx.query(
      `SELECT a.kind AS key, min(${ACTIVITY_LABELS}) AS label, count(*)::int AS count,
              COALESCE(sum(a.participants), 0)::int AS participants
         FROM activities a
        WHERE a.held_on >= $${params.push(w.from)}::date AND a.held_on <= $${params.push(w.to)}::date AND ${scope(params)}
        GROUP BY a.kind ORDER BY min(${ACTIVITY_ORDER}), a.kind`,
      params,
    );
    const sum = (keys: string[] | null, f: 'count' | 'participants') =>
      rows.filter((r) => keys === null || keys.includes(r.key)).reduce((n, r) => n + r[f], 0);
    const training = ['training', 'lecture_attended', 'exercise_participation'];
    const pr = ['pr_web', 'pr_media', 'pr_notice'];
    return {
      total: sum(null, 'count'),
      training: { count: sum(training, 'count'), participants: sum(training, 'participants') },
      pr: { count: sum(pr, 'count') },
      byKind: rows,
    };
  }

  /**
   * hq's per-station breakdown: counts only, one row per station, in one statement (never a
   * per-officer figure).
   */
  async byStation(
    tx: EntityManager,
    w: PeriodWindow,
    visits: Map<string, { visits: number; organizations: number; joint: number }>,
    reached: Map<string, number>,
  ): Promise<StationBreakdownRow[]> {
    const params: unknown[] = [w.from, w.to, w.start, w.end];
    const rows: Omit<
      StationBreakdownRow,
      'visits' | 'organizationsVisited' | 'jointVisits' | 'organizationsReached'
    >[] = await tx.query(
      `WITH s AS (
         SELECT s.station_id, count(*)::int AS seminars,
                COALESCE(sum((SELECT sum(p.attendee_count) FROM seminar_participants p WHERE p.seminar_id = s.id)), 0)::int AS attendees
           FROM seminars s WHERE s.held_on >= $1::date AND s.held_on <= $2::date GROUP BY s.station_id
       ), c AS (
         SELECT c.station_id, count(*)::int AS consultations FROM consultations c
          WHERE c.received_at >= $3 AND c.received_at < $4 GROUP BY c.station_id
       ), a AS (
         SELECT a.station_id, count(*)::int AS activities FROM activities a
          WHERE a.held_on >= $1::date AND a.held_on <= $2::date GROUP BY a.station_id
       )
       SELECT st.id AS "stationId", st.name AS "stationName",
              COALESCE(s.seminars, 0) AS seminars, COALESCE(s.attendees, 0) AS "seminarAttendees",
              COALESCE(c.consultations, 0) AS consultations, COALESCE(a.activities, 0) AS activities
         FROM stations st
         LEFT JOIN s ON s.station_id = st.id LEFT JOIN c ON c.station_id = st.id
         LEFT JOIN a ON a.station_id = st.id
        ORDER BY st.code, st.name, st.id`,
      params,
    );
    // The visit counts and organizations reached per station come from the period's figure source.
    return rows.map((r) => {
      const v = visits.get(r.stationId);
      return {
        stationId: r.stationId,
        stationName: r.stationName,
        visits: v?.visits ?? 0,
        organizationsVisited: v?.organizations ?? 0,
        jointVisits: v?.joint ?? 0,
        organizationsReached: reached.get(r.stationId) ?? 0,
        seminars: r.seminars,
        seminarAttendees: r.seminarAttendees,
        consultations: r.consultations,
        activities: r.activities,
      };
    });
  }

  async stationName(tx: EntityManager, id: string): Promise<string | null> {
    const rows: { name: string }[] = await tx.query(`SELECT name FROM stations WHERE id = $1`, [id]);
    return rows[0]?.name ?? null;
  }

  async stationPrefecture(tx: EntityManager, id: string): Promise<string | null> {
    const rows: { code: string }[] = await tx.query(
      `SELECT prefecture_code AS code FROM stations WHERE id = $1`,
      [id],
    );
    return rows[0]?.code ?? null;
  }

  // ---- strategy tasks ------------------------------------------------------------------------

  async listTasks(tx: EntityManager, prefectureCode?: string): Promise<StrategyTaskDto[]> {
    return prefectureCode
      ? tx.query(
          `SELECT ${TASK_COLUMNS} FROM strategy_tasks WHERE prefecture_code = $1 ORDER BY sort_order, number, title, id`,
          [prefectureCode],
        )
      : tx.query(
          `SELECT ${TASK_COLUMNS} FROM strategy_tasks ORDER BY prefecture_code, sort_order, title, id`,
        );
  }

  async findTask(tx: EntityManager, id: string): Promise<StrategyTaskDto | undefined> {
    const rows: StrategyTaskDto[] = await tx.query(
      `SELECT ${TASK_COLUMNS} FROM strategy_tasks WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  async insertTask(
    tx: EntityManager,
    t: Omit<StrategyTaskDto, 'id' | 'version' | 'title'>,
  ): Promise<StrategyTaskDto> {
    const rows: StrategyTaskDto[] = await tx.query(
      `INSERT INTO strategy_tasks (prefecture_code, number, title, description, lead_agencies, topics,
                                   actions_so_far, planned_actions, sort_order)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${TASK_COLUMNS}`,
      [
        t.prefectureCode,
        t.number,
        t.heading,
        t.description,
        t.leadAgencies,
        t.topics,
        JSON.stringify(t.actionsSoFar),
        JSON.stringify(t.plannedActions),
        t.sortOrder,
      ],
    );
    return rows[0];
  }

  /** Topic codes among `codes` that the code list does not know. */
  async unknownTopics(tx: EntityManager, codes: string[]): Promise<string[]> {
    if (codes.length === 0) return [];
    const rows: { code: string }[] = await tx.query(
      `SELECT c AS code FROM unnest($1::text[]) c
        WHERE NOT EXISTS (SELECT 1 FROM code_list_items i WHERE i.kind = 'topic' AND i.code = c)`,
      [codes],
    );
    return rows.map((r) => r.code);
  }

  /**
   * Approved visits up to asOf (and approved by its end) whose topics meet each task's, computed
   * live from the visits: the oracle of the figures kept ready (strategy-summary.ts), and what
   * answers a `from` (the kept figures count everything up to a day).
   */
  async taskVisits(
    tx: EntityManager,
    tasks: { id: string; topics: string[] }[],
    asOf: string,
    end: Date,
    scope: ScopeFn,
    from: string | null = null,
  ) {
    const params: unknown[] = [tasks.map((t) => t.id)];
    const where = `v.status = 'approved' AND v.visited_on <= $${params.push(asOf)}::date
      AND ($${params.push(from)}::date IS NULL OR v.visited_on >= $${params.length}::date)
      AND v.approved_at < $${params.push(end)} AND ${scope(params)}`;
    // One pass: each approved visit counted once per organization, with a count per task (the
    // tasks' topics are parameters: one FILTER per task), then unnested to (task, organization)
    // rows and counted with GROUPING SETS for totals, joint visits and sectors. Was three
    // statements, each joining every visit to every task (1.6M rows at a prefecture's scale).
    const perTask = (extra: string) =>
      tasks
        .map((t) => `count(*) FILTER (WHERE v.topics && $${params.push(t.topics)}::text[]${extra})::int`)
        .join(', ');
    const visitCounts = perTask('');
    const jointCounts = perTask(' AND v.joint');
    const rows: {
      taskId: string;
      sector: string | null;
      label: string | null;
      g: number;
      visits: number;
      organizations: number;
      jointVisits: number;
      jointOrganizations: number;
    }[] = await tx.query(
      `WITH per_org AS MATERIALIZED (
         SELECT v.organization_id, ARRAY[${visitCounts}] AS visits, ARRAY[${jointCounts}] AS joint
           FROM (SELECT v.organization_id, v.topics,
                        -- IN (not a correlated EXISTS): one hashed set of the visits with partners.
                        (nullif(btrim(v.joint_with), '') IS NOT NULL
                         OR v.id IN (SELECT jp.visit_id FROM visit_joint_partners jp)) AS joint
                   FROM visits v WHERE ${where}) v
          GROUP BY v.organization_id
       ), tv AS (
         SELECT ($1::uuid[])[k.i] AS task_id, p.organization_id, k.visits, k.joint
           FROM per_org p CROSS JOIN LATERAL unnest(p.visits, p.joint) WITH ORDINALITY AS k(visits, joint, i)
          WHERE k.visits > 0
       ), g AS (
         SELECT tv.task_id, o.sector, GROUPING(o.sector)::int AS g, sum(tv.visits)::int AS visits,
                count(*)::int AS organizations, sum(tv.joint)::int AS joint_visits,
                count(*) FILTER (WHERE tv.joint > 0)::int AS joint_organizations
           FROM tv JOIN organizations o ON o.id = tv.organization_id
          GROUP BY GROUPING SETS ((tv.task_id), (tv.task_id, o.sector))
       )
       SELECT g.task_id AS "taskId", g.sector, COALESCE(cl.label_ja, g.sector, '業種未設定') AS label, g.g,
              g.visits, g.organizations, g.joint_visits AS "jointVisits", g.joint_organizations AS "jointOrganizations"
         FROM g LEFT JOIN code_list_items cl ON cl.kind = 'sector' AND cl.code = g.sector
        ORDER BY g.task_id, g.g DESC, g.organizations DESC, cl.sort_order NULLS LAST, g.sector NULLS LAST`,
      params,
    );
    const totals: TaskVisitRow[] = rows
      .filter((r) => r.g === 1)
      .map((r) => ({ taskId: r.taskId, visits: r.visits, organizations: r.organizations }));
    const joint: TaskVisitRow[] = rows
      .filter((r) => r.g === 1 && r.jointVisits > 0)
      .map((r) => ({ taskId: r.taskId, visits: r.jointVisits, organizations: r.jointOrganizations }));
    const sectors: TaskSectorRow[] = rows
      .filter((r) => r.g === 0)
      .map((r) => ({ taskId: r.taskId, label: r.label!, organizations: r.organizations }));
    return { totals, sectors, joint };
  }

  /**
   * Everything the suggested bullets of the given tasks are made of (visits, seminars, liaisons,
   * activities, consultations): five statements whatever the number of tasks or stations. The
   * visit figures come from the figures kept ready for `stationId`'s scope (null: every station)
   * unless a `from` is given or `live` is asked (the benchmark's "before", the equivalence test).
   */
  async taskRecords(
    tx: EntityManager,
    tasks: { id: string; topics: string[] }[],
    asOf: string,
    end: Date,
    scope: (column: string) => ScopeFn,
    from: string | null,
    options: { stationId: string | null; live?: boolean },
  ) {
    const taskIds = tasks.map((t) => t.id);
    const live = options.live === true || from !== null;
    await this.reportSettings(tx);
    return {
      visits: live
        ? await this.taskVisits(tx, tasks, asOf, end, scope('v.station_id'), from)
        : await summaryTaskVisits(tx, taskIds, asOf, options.stationId),
      seminars: await this.taskSeminars(tx, taskIds, asOf, end, scope('s.station_id'), from),
      liaisons: await this.taskLiaisons(tx, taskIds, asOf, end, scope('l.station_id'), from),
      activities: await this.taskActivities(tx, taskIds, asOf, end, scope('a.station_id'), from),
      consultations: await this.taskConsultations(tx, taskIds, asOf, end, scope('c.station_id'), from),
    };
  }

  /** Seminars held up to asOf (recorded by its end) per task: totals and the three latest as examples. */
  async taskSeminars(
    tx: EntityManager,
    taskIds: string[],
    asOf: string,
    end: Date,
    scope: ScopeFn,
    from: string | null = null,
  ): Promise<TaskEventRow[]> {
    const params: unknown[] = [taskIds];
    return tx.query(
      `WITH s AS (
         SELECT s.id, s.title, s.held_on, s.topics, COALESCE(p.attendees, 0) AS attendees
           FROM seminars s
           LEFT JOIN (SELECT seminar_id, sum(attendee_count) AS attendees FROM seminar_participants GROUP BY seminar_id) p
             ON p.seminar_id = s.id
          WHERE s.held_on <= $${params.push(asOf)}::date AND s.created_at < $${params.push(end)} AND ${scope(params)}
            AND ($${params.push(from)}::date IS NULL OR s.held_on >= $${params.length}::date)
       ), ranked AS (
         SELECT t.id AS task_id, s.title, s.held_on, s.attendees AS own_attendees,
                row_number() OVER (PARTITION BY t.id ORDER BY s.held_on DESC, s.id) AS rn,
                count(*) OVER (PARTITION BY t.id) AS total,
                sum(s.attendees) OVER (PARTITION BY t.id) AS attendees
           FROM strategy_tasks t JOIN s ON s.topics && t.topics
          WHERE t.id = ANY($1::uuid[])
       )
       SELECT task_id AS "taskId", total::int AS total, attendees::int AS attendees,
              own_attendees::int AS "ownAttendees", to_char(held_on, 'YYYY-MM-DD') AS "heldOn", title
         FROM ranked WHERE rn <= 3 ORDER BY task_id, rn`,
      params,
    );
  }

  /** Liaisons held up to asOf (recorded by its end) per task: totals and the two latest subjects. */
  async taskLiaisons(
    tx: EntityManager,
    taskIds: string[],
    asOf: string,
    end: Date,
    scope: ScopeFn,
    from: string | null = null,
  ): Promise<TaskEventRow[]> {
    const params: unknown[] = [taskIds];
    return tx.query(
      `WITH ranked AS (
         SELECT t.id AS task_id, l.subject AS title, l.held_on,
                row_number() OVER (PARTITION BY t.id ORDER BY l.held_on DESC, l.id) AS rn,
                count(*) OVER (PARTITION BY t.id) AS total
           FROM strategy_tasks t JOIN liaisons l ON l.topics && t.topics
          WHERE t.id = ANY($1::uuid[]) AND l.held_on <= $${params.push(asOf)}::date
            AND l.created_at < $${params.push(end)} AND ${scope(params)}
            AND ($${params.push(from)}::date IS NULL OR l.held_on >= $${params.length}::date)
       )
       SELECT task_id AS "taskId", total::int AS total, 0 AS attendees,
              to_char(held_on, 'YYYY-MM-DD') AS "heldOn", title
         FROM ranked WHERE rn <= 2 ORDER BY task_id, rn`,
      params,
    );
  }

  /** Consultations received up to asOf per task (by the topic their category belongs to). */
  async taskConsultations(
    tx: EntityManager,
    taskIds: string[],
    asOf: string,
    end: Date,
    scope: ScopeFn,
    from: string | null = null,
  ): Promise<{ taskId: string; total: number; escalated: number }[]> {
    const params: unknown[] = [taskIds, end];
    const start = from ? `AND c.received_at >= $${params.push(jstStartOf(from))}` : '';
    return tx.query(
      `SELECT t.id AS "taskId", count(*)::int AS total, count(*) FILTER (WHERE c.escalated)::int AS escalated
         FROM strategy_tasks t JOIN consultations c ON (${CATEGORY_TOPIC}) = ANY(t.topics)
        WHERE t.id = ANY($1::uuid[]) AND c.received_at < $2 ${start} AND ${scope(params)}
        GROUP BY t.id`,
      params,
    );
  }

  /** The station's training and PR up to asOf whose topics meet each task's (the five latest). */
  async taskActivities(
    tx: EntityManager,
    taskIds: string[],
    asOf: string,
    end: Date,
    scope: ScopeFn,
    from: string | null = null,
  ): Promise<TaskActivityRow[]> {
    const params: unknown[] = [taskIds];
    return tx.query(
      `WITH ranked AS (
         SELECT t.id AS task_id, a.kind, a.title, a.held_on, a.participants,
                row_number() OVER (PARTITION BY t.id ORDER BY a.held_on DESC, a.id) AS rn
           FROM strategy_tasks t JOIN activities a ON a.topics && t.topics
          WHERE t.id = ANY($1::uuid[]) AND a.held_on <= $${params.push(asOf)}::date
            AND a.created_at < $${params.push(end)} AND ${scope(params)}
            AND ($${params.push(from)}::date IS NULL OR a.held_on >= $${params.length}::date)
       )
       SELECT task_id AS "taskId", kind, title, to_char(held_on, 'YYYY-MM-DD') AS "heldOn", participants
         FROM ranked WHERE rn <= 5 ORDER BY task_id, rn`,
      params,
    );
  }
}

export interface TaskActivityRow {
  taskId: string;
  kind: string;
  title: string;
  heldOn: string;
  participants: number;
}

/** 00:00 in Japan of a day, as an instant. */
const jstStartOf = (day: string) => new Date(`${day}T00:00:00+09:00`);
