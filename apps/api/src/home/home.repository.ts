import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { coverageGroupsSql } from '../coverage/coverage.repository';
import type { Cadence } from '../coverage/coverage.sql';
import type {
  HomeCoveragePointDto,
  HomeFailedLoginDto,
  HomeNotificationListDto,
  HomePasswordUserDto,
  HomeTaskListDto,
  HomeVisitDto,
  HomeVisitListDto,
} from './dto/home.dto';
import {
  approvalQueueSql,
  coverageTrendSql,
  failedLoginsSql,
  myVisitsSql,
  notificationsSql,
  passwordUsersSql,
  plannedVisitsSql,
  Statement,
  stationActivitySql,
  tasksSql,
} from './home.sql';

type Counted<T> = T & { total: number };

interface TaskRow {
  id: string;
  source: 'visit' | 'council';
  title: string;
  dueOn: string | null;
  status: string;
  overdue: boolean;
  ownerName: string | null;
  linkType: string;
  linkId: string;
  total: number;
  overdueTotal: number;
}

export interface StationActivityRow {
  stationId: string;
  code: string;
  name: string;
  visitsThisFiscalYear: number;
  openCouncilFollowUps: number;
  overdueCouncilFollowUps: number;
}

/** Home SQL (home.sql.ts): one statement per section. */
@Injectable()
export class HomeRepository {
  constructor(private readonly dataSource: DataSource) {}

  private run<T>(s: Statement): Promise<T[]> {
    return this.dataSource.query(s.sql, s.params);
  }

  private static list(rows: Counted<HomeVisitDto>[]): HomeVisitListDto {
    return { items: rows.map(({ total: _total, ...v }) => v), total: rows[0]?.total ?? 0 };
  }

  plannedVisits(stationId: string, userId: string, today: string): Promise<HomeVisitDto[]> {
    return this.run(plannedVisitsSql(stationId, userId, today));
  }

  async tasks(
    stationId: string,
    today: string,
    options: { ownerId?: string; overdueOnly?: boolean; limit: number },
  ): Promise<HomeTaskListDto> {
    const rows = await this.run<TaskRow>(tasksSql(stationId, today, options));
    return {
      items: rows.map(({ total: _t, overdueTotal: _o, linkType, linkId, ownerName, ...r }) => ({
        ...r,
        ...(options.ownerId ? {} : { ownerName }),
        link: { type: linkType, id: linkId },
      })),
      total: rows[0]?.total ?? 0,
      overdue: rows[0]?.overdueTotal ?? 0,
    };
  }

  async myVisits(stationId: string, userId: string, limit: number): Promise<HomeVisitListDto> {
    return HomeRepository.list(await this.run(myVisitsSql(stationId, userId, limit)));
  }

  async notifications(userId: string, limit: number): Promise<HomeNotificationListDto> {
    const rows = await this.run<{
      id: string;
      kind: string;
      title: string;
      linkType: string;
      linkId: string;
      createdAt: string;
      readAt: string | null;
      unread: number;
    }>(notificationsSql(userId, limit));
    return {
      items: rows.map(({ linkType, linkId, unread: _u, ...n }) => ({
        ...n,
        link: { type: linkType, id: linkId },
      })),
      unread: rows[0]?.unread ?? 0,
    };
  }

  async approvalQueue(stationId: string, limit: number): Promise<HomeVisitListDto> {
    return HomeRepository.list(await this.run(approvalQueueSql(stationId, limit)));
  }

  /** Days with no target organizations yet are left out by the statement: filled with zeros here. */
  async coverageTrend(
    stationId: string,
    days: string[],
    dayEnds: Date[],
    cadence: { A: number; B: number; C: number },
  ): Promise<HomeCoveragePointDto[]> {
    const rows = await this.run<{ asOf: string; organizations: number; reached: number }>(
      coverageTrendSql(stationId, days, dayEnds, cadence),
    );
    const byDay = new Map(rows.map((r) => [r.asOf, r]));
    return days.map((asOf) => {
      const r = byDay.get(asOf) ?? { organizations: 0, reached: 0 };
      const coverage = r.organizations === 0 ? 0 : Math.round((r.reached / r.organizations) * 10000) / 10000;
      return { asOf, organizations: r.organizations, reached: r.reached, coverage };
    });
  }

  /**
   * Coverage per station as of a day: the coverage feature's grouped statement (its one definition),
   * without the candidates count the coverage screen adds.
   */
  async coverageByStation(
    asOf: string,
    cadence: Cadence,
    organizationWhere: (params: unknown[]) => string,
  ): Promise<Map<string, { organizations: number; reached: number; coverage: number }>> {
    const { sql, params } = coverageGroupsSql(asOf, cadence, 'station', organizationWhere);
    const rows: { key: string; organizations: number; reached: number }[] = await this.dataSource.query(
      sql,
      params,
    );
    return new Map(
      rows.map((r) => [
        r.key,
        {
          organizations: r.organizations,
          reached: r.reached,
          coverage: r.organizations === 0 ? 0 : Math.round((r.reached / r.organizations) * 10000) / 10000,
        },
      ]),
    );
  }

  stationActivity(fiscalYearFrom: string, today: string): Promise<StationActivityRow[]> {
    return this.run(stationActivitySql(fiscalYearFrom, today));
  }

  passwordUsers(days: number): Promise<HomePasswordUserDto[]> {
    return this.run(passwordUsersSql(days));
  }

  async failedLogins(): Promise<{ items: HomeFailedLoginDto[]; last24h: number }> {
    const rows = await this.run<HomeFailedLoginDto & { last24h: number }>(failedLoginsSql());
    return { items: rows.map(({ last24h: _l, ...r }) => r), last24h: rows[0]?.last24h ?? 0 };
  }
}
