import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, CurrentUser } from '../../../../libs/auth/access.decorator';
import type { Role } from '../../../../libs/auth/entities/user.entity';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import type { RequestUser } from '../../../../libs/http/request-context';
import { CALENDAR_ERROR_CODES } from './calendar.errors';
import { CalendarService } from './calendar.service';
import { CalendarDto, CalendarQueryDto } from './dto/calendar.dto';

/** Station users see their station's calendar; hq sees seminars and meetings of every station. */
const CALENDAR_ROLES: readonly Role[] = ['officer', 'manager', 'hq'];

@ApiTags('calendar')
@ApiErrorResponses('Calendar', CALENDAR_ERROR_CODES)
@Controller('api/v1')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('calendar')
  @Access({ roles: CALENDAR_ROLES })
  @ApiOkResponse({ type: CalendarDto })
  get(@CurrentUser() user: RequestUser, @Query() q: CalendarQueryDto): Promise<CalendarDto> {
    return this.calendar.get(user, q);
  }

  /** The same query as RFC 5545 iCalendar (audited as an export). */
  @Get('calendar.ics')
  @Access({ roles: CALENDAR_ROLES })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'text/calendar; charset=utf-8', schema: { type: 'string' } })
  async ics(
    @CurrentUser() user: RequestUser,
    @Query() q: CalendarQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    const { body, filename } = await this.calendar.ics(user, q);
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).send(body);
  }
}
