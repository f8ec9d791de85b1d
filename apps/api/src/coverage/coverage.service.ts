import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../../libs/config/app-config';
import { pageRequest } from '../../../../libs/http/pagination';
import type { RequestUser } from '../../../../libs/http/request-context';
import { todayJst } from '../../../../libs/japanese/jst';
import { CoverageErrors } from './coverage.errors';
import { CoverageRepository } from './coverage.repository';
import { organizationScope, scopedStationId } from './coverage.scope';
import { Cadence } from './coverage.sql';
import { CoverageDto, CoverageGroupBy, CoverageQueryDto, WorklistDto, WorklistQueryDto } from './dto/coverage.dto';

const ratio = (reached: number, organizations: number) =>
  organizations === 0 ? 0 : Math.round((reached / organizations) * 10000) / 10000;

/** 管内企業の把握・訪問状況: who was reached within their tier's cadence, who is overdue, who never. */
@Injectable()
export class CoverageService {
  constructor(
    private readonly repo: CoverageRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get cadence(): Cadence {
    return this.config.cadenceDays;
  }

  /** A station named by hq (or admin) must exist: an unknown one answers 404, not empty figures. */
  private async assertStationKnown(stationId: string | undefined): Promise<void> {
    if (stationId && !(await this.repo.stationExists(stationId))) throw CoverageErrors.stationNotFound();
  }

  async coverage(user: RequestUser, query: CoverageQueryDto): Promise<CoverageDto> {
    const asOf = query.asOf ?? todayJst();
    const groupBy: CoverageGroupBy = query.groupBy ?? 'sector';
    const scope = organizationScope(user, query.stationId);
    await this.assertStationKnown(query.stationId);
    const [rows, candidates] = await Promise.all([
      this.repo.groups(asOf, this.cadence, groupBy, scope),
      this.repo.candidates(asOf, scope),
    ]);
    const totals = { organizations: 0, reached: 0, overdue: 0, never: 0, coverage: 0, candidates };
    const groups = rows.map((r) => {
      totals.organizations += r.organizations;
      totals.reached += r.reached;
      totals.overdue += r.overdue;
      totals.never += r.never;
      return { ...r, coverage: ratio(r.reached, r.organizations) };
    });
    totals.coverage = ratio(totals.reached, totals.organizations);
    return {
      asOf,
      groupBy,
      stationId: scopedStationId(user, query.stationId),
      cadenceDays: { ...this.cadence },
      totals,
      groups,
    };
  }

  /** Totals only, for reports (coverage at a period's end). */
  async totals(user: RequestUser, asOf: string, stationId?: string) {
    const { totals } = await this.coverage(user, { asOf, groupBy: 'tier', stationId });
    return totals;
  }

  async worklist(user: RequestUser, query: WorklistQueryDto): Promise<WorklistDto> {
    const asOf = query.asOf ?? todayJst();
    const page = pageRequest(query, { urgency: 'urgency' }, 'urgency');
    const scope = organizationScope(user, query.stationId);
    await this.assertStationKnown(query.stationId);
    const rows = await this.repo.worklist(
      asOf,
      this.cadence,
      scope,
      { tier: query.tier, state: query.state },
      page.pageSize,
      page.offset,
    );
    let total = rows[0]?.total ?? 0;
    if (rows.length === 0 && page.offset > 0) {
      // Past the last page: count without paging so the client still learns the total.
      total = (await this.repo.worklist(asOf, this.cadence, scope, query, 1, 0))[0]?.total ?? 0;
    }
    return {
      asOf,
      items: rows.map(({ total: _total, ...item }) => item),
      total,
      page: page.page,
      pageSize: page.pageSize,
    };
  }
}
