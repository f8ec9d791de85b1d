import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RequestUser } from '../../../../libs/http/request-context';
import type { CalendarItemDto } from './dto/calendar.dto';
import { CalendarFilter, calendarSql } from './calendar.sql';

interface CalendarRow extends Omit<CalendarItemDto, 'link' | 'end' | 'source'> {
  end: string | null;
  source: 'visit' | 'council' | null;
  linkType: CalendarItemDto['link']['type'];
  linkId: string;
}

/** Calendar SQL (calendar.sql.ts): one statement per request. */
@Injectable()
export class CalendarRepository {
  constructor(private readonly dataSource: DataSource) {}

  async items(user: RequestUser, filter: CalendarFilter): Promise<CalendarItemDto[]> {
    const { sql, params } = calendarSql(user, filter);
    const rows: CalendarRow[] = await this.dataSource.query(sql, params);
    return rows.map(({ linkType, linkId, end, source, ...row }) => ({
      ...row,
      ...(end ? { end } : {}),
      ...(source ? { source } : {}),
      link: { type: linkType, id: linkId },
    }));
  }
}
