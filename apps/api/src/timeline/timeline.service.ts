import { Injectable } from '@nestjs/common';
import { CommonErrors } from '../../../../libs/http/domain-error';
import type { Page } from '../../../../libs/http/pagination';
import type { RequestUser } from '../../../../libs/http/request-context';
import { toJstIsoString } from '../../../../libs/japanese/jst';
import { TimelineEntryDto, TimelineQueryDto } from './dto/timeline.dto';
import { TimelineRepository } from './timeline.repository';

/** Everything that happened with one organization, newest first. */
@Injectable()
export class TimelineService {
  constructor(private readonly repo: TimelineRepository) {}

  async timeline(
    user: RequestUser,
    organizationId: string,
    q: TimelineQueryDto,
  ): Promise<Page<TimelineEntryDto>> {
    if (!(await this.repo.organizationInScope(user, organizationId)))
      throw CommonErrors.notFound('organization');
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const { rows, total } = await this.repo.page(user, organizationId, {
      maskRestricted: user.role === 'officer',
      ascending: q.sort === 'date',
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    // Past the last page the window count is unknown: count with the same query from the start.
    const count =
      total ??
      (page > 1
        ? ((
            await this.repo.page(user, organizationId, {
              maskRestricted: true,
              ascending: false,
              limit: 1,
              offset: 0,
            })
          ).total ?? 0)
        : 0);
    const items = rows.map((r): TimelineEntryDto => ({
      date: r.date,
      at: toJstIsoString(new Date(r.at)),
      kind: r.kind,
      summary: r.summary,
      linkId: r.linkId,
      refId: r.linkId,
      ...(r.status ? { status: r.status } : {}),
    }));
    return { items, total: count, page, pageSize };
  }
}
