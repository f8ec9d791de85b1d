import { Injectable } from '@nestjs/common';
import { assertDateRange } from '../../../../libs/http/date-range';
import type { RequestUser } from '../../../../libs/http/request-context';
import { todayJst } from '../../../../libs/japanese/jst';
import type { WorkloadDto, WorkloadQueryDto } from './dto/workload.dto';
import { WorkloadErrors } from './workload.errors';
import { WorkloadRepository } from './workload.repository';

/**
 * A station manager's view of their officers' work over a period. Staffing is not public
 * (DOMAIN.md): only the station's own managers reach it (the route), for their own station only;
 * no report, export or hq view reads this feature.
 */
@Injectable()
export class WorkloadService {
  constructor(private readonly repo: WorkloadRepository) {}

  async get(user: RequestUser, q: WorkloadQueryDto): Promise<WorkloadDto> {
    if (user.role !== 'manager' || !user.stationId) throw WorkloadErrors.noStation();
    assertDateRange(q);
    const today = todayJst();
    const to = q.to ?? today;
    const from = q.from ?? `${to.slice(0, 7)}-01`;
    assertDateRange({ from, to });
    const [officers, counted] = await Promise.all([
      this.repo.perOfficer(user.stationId, from, to, today),
      this.repo.totals(user.stationId, from, to),
    ]);
    return {
      stationId: user.stationId,
      from,
      to,
      asOf: today,
      officers,
      totals: {
        ...counted,
        // each follow-up has one owner, so these add up
        openFollowUps: officers.reduce((n, o) => n + o.openFollowUps, 0),
        overdueFollowUps: officers.reduce((n, o) => n + o.overdueFollowUps, 0),
      },
    };
  }
}
