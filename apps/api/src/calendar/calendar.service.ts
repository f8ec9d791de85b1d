import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../../../libs/audit/audit.service';
import { assertDateRange } from '../../../../libs/http/date-range';
import type { RequestUser } from '../../../../libs/http/request-context';
import { daysBetween, todayJst } from '../../../../libs/japanese/jst';
import { CALENDAR_MAX_DAYS, CalendarErrors } from './calendar.errors';
import { renderIcs } from './calendar.ics';
import { CalendarRepository } from './calendar.repository';
import type { CalendarDto, CalendarQueryDto } from './dto/calendar.dto';

/**
 * The calendar of planned and recorded visits, seminars, council meetings and follow-up due dates
 * (who sees what: calendar.sql.ts), as JSON for the screen and as iCalendar for a calendar app.
 * Holidays are the web's (a maintained package there); the server needs none.
 */
@Injectable()
export class CalendarService {
  constructor(
    private readonly repo: CalendarRepository,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  private filter(user: RequestUser, q: CalendarQueryDto) {
    assertDateRange(q);
    // from..to inclusive: at most CALENDAR_MAX_DAYS days
    if (daysBetween(q.from, q.to) >= CALENDAR_MAX_DAYS) throw CalendarErrors.rangeTooLong();
    if (q.officerId && user.role !== 'officer' && user.role !== 'manager')
      throw CalendarErrors.officerFilterForbidden();
    return { from: q.from, to: q.to, officerId: q.officerId, today: todayJst() };
  }

  async get(user: RequestUser, q: CalendarQueryDto): Promise<CalendarDto> {
    const filter = this.filter(user, q);
    return { from: filter.from, to: filter.to, items: await this.repo.items(user, filter) };
  }

  /**
   * The same entries as an .ics file. It leaves the system (into a calendar app, a phone), with
   * organization names and follow-up titles, so every download is audited like an export.
   */
  async ics(user: RequestUser, q: CalendarQueryDto): Promise<{ body: string; filename: string }> {
    const filter = this.filter(user, q);
    const items = await this.repo.items(user, filter);
    const body = renderIcs(items, `訪問・行事予定 ${filter.from}〜${filter.to}`);
    await this.dataSource.transaction((tx) =>
      this.audit.record(tx, {
        action: 'export.calendar',
        entityType: 'export',
        entityId: null,
        stationId: user.stationId,
        changes: {
          format: 'ics',
          filters: {
            from: filter.from,
            to: filter.to,
            ...(filter.officerId ? { officerId: filter.officerId } : {}),
          },
          rowCount: items.length,
          kinds: [...new Set(items.map((i) => i.kind))].sort(),
        },
      }),
    );
    return { body, filename: `calendar-${filter.from}-${filter.to}.ics` };
  }
}
