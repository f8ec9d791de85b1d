import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../../libs/config/app-config';
import type { RequestUser } from '../../../../libs/http/request-context';
import { fiscalYearOf, fiscalYearRange, monthRange } from '../../../../libs/japanese/fiscal-year';
import { addDays, addMonths, todayJst } from '../../../../libs/japanese/jst';
import { CoverageService } from '../coverage/coverage.service';
import { organizationScope } from '../coverage/coverage.scope';
import { endOfJstDay } from '../coverage/coverage.sql';
import type { WorklistQueryDto } from '../coverage/dto/coverage.dto';
import type { AdminHomeDto, HomeDto, HqHomeDto, ManagerHomeDto, OfficerHomeDto } from './dto/home.dto';
import { HomeErrors } from './home.errors';
import { HomeRepository } from './home.repository';

const LIST_LIMIT = 10;

/**
 * The landing page of each role in one answer (GET /home): the sections of the caller's role, each
 * one set-based statement run side by side (home.sql.ts), station-scoped for officers and
 * managers. Coverage figures come from the coverage feature's service, so the home screen counts
 * exactly what the coverage screen counts.
 */
@Injectable()
export class HomeService {
  constructor(
    private readonly repo: HomeRepository,
    private readonly coverage: CoverageService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(user: RequestUser, now: Date = new Date()): Promise<HomeDto> {
    const today = todayJst(now);
    const base = { role: user.role, asOf: today };
    switch (user.role) {
      case 'officer':
        return { ...base, officer: await this.officer(user, today) };
      case 'manager':
        return { ...base, manager: await this.manager(user, today) };
      case 'hq':
        return { ...base, hq: await this.hq(user, today) };
      case 'admin':
        return { ...base, admin: await this.admin() };
    }
  }

  private station(user: RequestUser): string {
    if (!user.stationId) throw HomeErrors.noStation();
    return user.stationId;
  }

  private async officer(user: RequestUser, today: string): Promise<OfficerHomeDto> {
    const stationId = this.station(user);
    const [planned, openTasks, myVisits, notifications] = await Promise.all([
      this.repo.plannedVisits(stationId, user.id, today),
      this.repo.tasks(stationId, today, { ownerId: user.id, limit: LIST_LIMIT }),
      this.repo.myVisits(stationId, user.id, LIST_LIMIT),
      this.repo.notifications(user.id, 5),
    ]);
    return {
      plannedToday: planned.filter((v) => v.visitedOn === today),
      plannedThisWeek: planned.filter((v) => v.visitedOn > today && v.visitedOn <= addDays(today, 6)),
      plannedPast: planned.filter((v) => v.visitedOn < today),
      openTasks,
      myVisits,
      notifications,
    };
  }

  /** Month ends of the last five months, then today. */
  static trendDays(today: string): string[] {
    const days = [5, 4, 3, 2, 1].map((n) => monthRange(addMonths(today, -n).slice(0, 7)).to);
    return [...days, today];
  }

  private async manager(user: RequestUser, today: string): Promise<ManagerHomeDto> {
    const stationId = this.station(user);
    const worklistQuery = { page: 1, pageSize: 5, asOf: today } as WorklistQueryDto;
    const days = HomeService.trendDays(today);
    const [approvalQueue, overdueFollowUps, worklist, coverageTrend] = await Promise.all([
      this.repo.approvalQueue(stationId, LIST_LIMIT),
      this.repo.tasks(stationId, today, { overdueOnly: true, limit: LIST_LIMIT }),
      this.coverage.worklist(user, worklistQuery),
      this.repo.coverageTrend(stationId, days, days.map(endOfJstDay), this.coverage.cadence),
    ]);
    return {
      approvalQueue,
      overdueFollowUps,
      urgentFirms: worklist.items.map((w) => ({
        organizationId: w.organizationId,
        name: w.name,
        tier: w.tier,
        state: w.state,
        lastReachedOn: w.lastReachedOn,
        daysOverdue: w.daysOverdue,
      })),
      worklistTotal: worklist.total,
      coverageTrend,
    };
  }

  private async hq(user: RequestUser, today: string): Promise<HqHomeDto> {
    const fiscalYear = fiscalYearOf(today);
    const fiscalYearFrom = fiscalYearRange(fiscalYear).from;
    const [coverage, activity] = await Promise.all([
      this.repo.coverageByStation(today, this.coverage.cadence, organizationScope(user, undefined)),
      this.repo.stationActivity(fiscalYearFrom, today),
    ]);
    return {
      fiscalYear,
      fiscalYearFrom,
      stations: activity.map((a) => ({
        ...a,
        ...(coverage.get(a.stationId) ?? { organizations: 0, reached: 0, coverage: 0 }),
      })),
    };
  }

  private async admin(): Promise<AdminHomeDto> {
    const [passwords, failed] = await Promise.all([
      this.repo.passwordUsers(this.config.accounts.oneTimePasswordDays),
      this.repo.failedLogins(),
    ]);
    return { passwords, failedLogins: failed.items, failedLast24h: failed.last24h };
  }
}
