import { Global, Module } from '@nestjs/common';
import { DailyReminders } from './daily-reminders';
import { NotificationMailer } from './notification-mailer';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

/**
 * In-app notifications, their mails (outbox, optional) and the daily follow-up reminders.
 * Global: the features whose changes notify someone (visits) inject NotificationsService and call it
 * inside their own transaction, without importing this module.
 */
@Global()
@Module({
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationsRepository, DailyReminders, NotificationMailer],
  exports: [NotificationsService, DailyReminders, NotificationMailer],
})
export class NotificationsModule {}
