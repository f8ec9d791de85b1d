import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, ALL_ROLES, CurrentUser } from '../../../../libs/auth/access.decorator';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import { UuidParam } from '../../../../libs/http/params';
import type { RequestUser } from '../../../../libs/http/request-context';
import {
  NotificationDto,
  NotificationListDto,
  NotificationListQueryDto,
  NotificationSettingsDto,
  ReadAllResultDto,
  UpdateNotificationSettingsDto,
} from './dto/notification.dto';
import { NOTIFICATIONS_ERROR_CODES } from './notifications.errors';
import { NotificationsService } from './notifications.service';

/** The caller's own notifications: nobody sees or reads another's (404). */
@ApiTags('notifications')
@ApiErrorResponses('Notifications', NOTIFICATIONS_ERROR_CODES)
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Access({ roles: ALL_ROLES })
  @ApiOkResponse({ type: NotificationListDto })
  list(
    @CurrentUser() user: RequestUser,
    @Query() query: NotificationListQueryDto,
  ): Promise<NotificationListDto> {
    return this.notifications.list(user, query);
  }

  @Post('read-all')
  @HttpCode(200)
  @Access({ roles: ALL_ROLES })
  @ApiOkResponse({ type: ReadAllResultDto })
  readAll(@CurrentUser() user: RequestUser): Promise<ReadAllResultDto> {
    return this.notifications.markAllRead(user);
  }

  /** Whether notifications are also mailed to the caller, and where. */
  @Get('settings')
  @Access({ roles: ALL_ROLES })
  @ApiOkResponse({ type: NotificationSettingsDto })
  settings(@CurrentUser() user: RequestUser): Promise<NotificationSettingsDto> {
    return this.notifications.settings(user);
  }

  @Put('settings')
  @Access({ roles: ALL_ROLES })
  @ApiOkResponse({ type: NotificationSettingsDto })
  updateSettings(
    @CurrentUser() user: RequestUser,
    @Body() dto: UpdateNotificationSettingsDto,
  ): Promise<NotificationSettingsDto> {
    return this.notifications.updateSettings(user, dto);
  }

  @Post(':id/read')
  @HttpCode(200)
  @Access({ roles: ALL_ROLES })
  @ApiOkResponse({ type: NotificationDto })
  read(@CurrentUser() user: RequestUser, @Param('id', UuidParam) id: string): Promise<NotificationDto> {
    return this.notifications.markRead(user, id);
  }
}
