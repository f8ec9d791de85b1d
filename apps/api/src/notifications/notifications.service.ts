import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../../../libs/audit/audit.service';
import { APP_CONFIG, AppConfig } from '../../../../libs/config/app-config';
import type { RequestUser } from '../../../../libs/http/request-context';
import { toJstIsoString } from '../../../../libs/japanese/jst';
import {
  NotificationDto,
  NotificationListDto,
  NotificationListQueryDto,
  NotificationSettingsDto,
  ReadAllResultDto,
  UpdateNotificationSettingsDto,
} from './dto/notification.dto';
import type { NotificationKind, NotificationLinkType } from './entities/notification.entity';
import { NotificationsErrors } from './notifications.errors';
import { NotificationRow, NotificationsRepository } from './notifications.repository';

/** The visit workflow steps that notify someone. */
export type VisitNotifyAction = 'submit' | 'approve' | 'return';

const VISIT_KINDS: Record<VisitNotifyAction, string> = {
  submit: 'visit_submitted',
  approve: 'visit_approved',
  return: 'visit_returned',
};

/** Title prefixes (the rest is the organization's name and the visit's day, which the recipient sees). */
const VISIT_TITLES: Record<VisitNotifyAction, string> = {
  submit: '決裁依頼',
  approve: '決裁済み',
  return: '差戻し',
};

const EMAIL =
  /^[^\s@<>()\\,;:"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$/;

export function toNotificationDto(row: NotificationRow): NotificationDto {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    link: { type: row.linkType, id: row.linkId },
    createdAt: toJstIsoString(new Date(row.createdAt)),
    readAt: row.readAt ? toJstIsoString(new Date(row.readAt)) : null,
  };
}

/**
 * In-app notifications (and their mails through the outbox). Other features call
 * {@link NotificationsService.visitTransitioned} (or {@link NotificationsService.insertFrom}) inside
 * their own transaction, so a notification exists exactly when the change it tells of committed.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: NotificationsRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get mailEnabled(): boolean {
    return this.config.notifications.smtpUrl !== null;
  }

  /**
   * Inside the visit's transaction, after a workflow step: submitted → the station's managers;
   * returned / approved → the visit's officers. The one who acted is never told of their own step;
   * disabled users and users of another station are skipped. Other steps notify nobody.
   */
  async visitTransitioned(
    tx: EntityManager,
    actor: Pick<RequestUser, 'id'>,
    visitId: string,
    action: string,
  ): Promise<number> {
    if (!(action in VISIT_KINDS)) return 0;
    const step = action as VisitNotifyAction;
    const title = `v_title.prefix || '：' || o.name || '（' || to_char(v.visited_on, 'YYYY-MM-DD') || ' の訪問）'`;
    const recipients =
      step === 'submit'
        ? `SELECT u.id AS user_id FROM users u
            WHERE u.station_id = v.station_id AND u.role = 'manager' AND NOT u.disabled`
        : `SELECT u.id AS user_id FROM visit_officers vo JOIN users u ON u.id = vo.user_id
            WHERE vo.visit_id = v.id AND u.station_id = v.station_id AND NOT u.disabled`;
    const { created } = await this.repo.insertFrom(
      tx,
      `SELECT r.user_id, $3::text, ${title}, 'visit', v.id, v.station_id, NULL::text
         FROM visits v JOIN organizations o ON o.id = v.organization_id
        CROSS JOIN (SELECT $4::text AS prefix) v_title
        CROSS JOIN LATERAL (${recipients}) r
        WHERE v.id = $1 AND r.user_id <> $2`,
      [visitId, actor.id, VISIT_KINDS[step], VISIT_TITLES[step]],
      this.mailEnabled,
    );
    return created;
  }

  /**
   * Tells `recipients` (user ids) of something, inside the caller's transaction (`tx`): the
   * notification exists exactly when the caller's change commits. Disabled users are skipped, and so
   * is whoever `exclude` names (the one who acted). `dedupeKey` (suffixed with the recipient) makes a
   * repeat a no-op. Answers how many were created.
   */
  async notify(
    tx: EntityManager,
    input: {
      kind: NotificationKind;
      recipients: readonly string[];
      title: string;
      link: { type: NotificationLinkType; id: string };
      stationId: string | null;
      exclude?: string | null;
      dedupeKey?: string;
    },
  ): Promise<number> {
    if (input.recipients.length === 0) return 0;
    const { created } = await this.repo.insertFrom(
      tx,
      `SELECT u.id, $2::text, $3::text, $4::text, $5::uuid, $6::uuid,
              CASE WHEN $8::text IS NULL THEN NULL ELSE $8::text || ':' || u.id::text END
         FROM users u WHERE u.id = ANY($1::uuid[]) AND NOT u.disabled AND u.id IS DISTINCT FROM $7::uuid`,
      [
        [...new Set(input.recipients)],
        input.kind,
        input.title,
        input.link.type,
        input.link.id,
        input.stationId,
        input.exclude ?? null,
        input.dedupeKey ?? null,
      ],
      this.mailEnabled,
    );
    return created;
  }

  /** Notifications from a SELECT (see NotificationsRepository.insertFrom), in the caller's transaction. */
  insertFrom(tx: EntityManager, source: string, params: unknown[]) {
    return this.repo.insertFrom(tx, source, params, this.mailEnabled);
  }

  async list(user: RequestUser, q: NotificationListQueryDto): Promise<NotificationListDto> {
    const { items, unread } = await this.repo.list(user.id, {
      unreadOnly: q.unreadOnly === 'true',
      limit: q.limit ?? 50,
    });
    return { items: items.map(toNotificationDto), unread };
  }

  async markRead(user: RequestUser, id: string): Promise<NotificationDto> {
    return this.dataSource.transaction(async (tx) => {
      const row = await this.repo.markRead(tx, user.id, id);
      if (!row) throw NotificationsErrors.notFound();
      await this.audit.record(tx, {
        action: 'notification.read',
        entityType: 'notification',
        entityId: id,
        stationId: row.stationId,
        changes: { kind: row.kind },
      });
      return toNotificationDto(row);
    });
  }

  async markAllRead(user: RequestUser): Promise<ReadAllResultDto> {
    return this.dataSource.transaction(async (tx) => {
      const updated = await this.repo.markAllRead(tx, user.id);
      if (updated > 0)
        await this.audit.record(tx, {
          action: 'notification.read_all',
          entityType: 'notification',
          entityId: null,
          stationId: user.stationId,
          changes: { updated },
        });
      return { updated, unread: await this.repo.unreadCount(tx, user.id) };
    });
  }

  async settings(user: RequestUser): Promise<NotificationSettingsDto> {
    const { email } = await this.repo.settings(user.id);
    return { email, mailAvailable: this.mailEnabled };
  }

  async updateSettings(
    user: RequestUser,
    dto: UpdateNotificationSettingsDto,
  ): Promise<NotificationSettingsDto> {
    const email = typeof dto.email === 'string' && dto.email.trim() !== '' ? dto.email.trim() : null;
    if (email !== null && !EMAIL.test(email)) throw NotificationsErrors.invalidEmail();
    return this.dataSource.transaction(async (tx) => {
      const before = await this.repo.saveSettings(tx, user.id, email);
      // the address itself is personal data: the trail says only whether one is set
      await this.audit.record(tx, {
        action: 'notification_settings.update',
        entityType: 'user',
        entityId: user.id,
        stationId: user.stationId,
        changes: { emailSet: { before: before !== null, after: email !== null } },
      });
      return { email, mailAvailable: this.mailEnabled };
    });
  }
}
