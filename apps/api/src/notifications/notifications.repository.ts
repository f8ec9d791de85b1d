import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { NotificationKind, NotificationLinkType } from './entities/notification.entity';

export interface NotificationRow {
  id: string;
  kind: NotificationKind;
  title: string;
  linkType: NotificationLinkType;
  linkId: string;
  stationId: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export interface OutboxRow {
  id: string;
  toAddress: string;
  attempts: number;
}

const COLUMNS = `n.id, n.kind, n.title, n.link_type AS "linkType", n.link_id AS "linkId",
  n.station_id AS "stationId", n.created_at AS "createdAt", n.read_at AS "readAt"`;

/**
 * All SQL of notifications. Rows are created set-based from a SELECT that yields, in this order,
 * `recipient_id, kind, title, link_type, link_id, station_id, dedupe_key` (see {@link insertFrom});
 * the outbox rows for those recipients with an e-mail address are written in the same statement.
 */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts the notifications `source` selects (a duplicate `dedupe_key` is skipped) and, when
   * `mail` is on, their outbox rows. Returns how many of each.
   */
  async insertFrom(
    tx: EntityManager,
    source: string,
    params: unknown[],
    mail: boolean,
  ): Promise<{ created: number; mailed: number; byKind: Record<string, number> }> {
    const mailParam = `$${params.length + 1}`;
    const [row] = await tx.query(
      `WITH src (recipient_id, kind, title, link_type, link_id, station_id, dedupe_key) AS (${source}),
       ins AS (
         INSERT INTO notifications (recipient_id, kind, title, link_type, link_id, station_id, dedupe_key)
         SELECT recipient_id, kind, title, link_type, link_id, station_id, dedupe_key FROM src
         ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
         RETURNING id, recipient_id, kind),
       mail AS (
         INSERT INTO notification_outbox (notification_id, to_address)
         SELECT ins.id, s.email FROM ins JOIN notification_settings s ON s.user_id = ins.recipient_id
          WHERE ${mailParam}::boolean AND s.email IS NOT NULL
         RETURNING 1)
       SELECT (SELECT count(*) FROM ins)::int AS created, (SELECT count(*) FROM mail)::int AS mailed,
              (SELECT COALESCE(jsonb_object_agg(kind, n), '{}'::jsonb)
                 FROM (SELECT kind, count(*)::int AS n FROM ins GROUP BY kind) k) AS "byKind"`,
      [...params, mail],
    );
    return row;
  }

  async list(
    recipientId: string,
    opts: { unreadOnly: boolean; limit: number },
  ): Promise<{ items: NotificationRow[]; unread: number }> {
    const items: NotificationRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM notifications n
        WHERE n.recipient_id = $1 AND (NOT $2::boolean OR n.read_at IS NULL)
        ORDER BY n.created_at DESC, n.id DESC LIMIT $3`,
      [recipientId, opts.unreadOnly, opts.limit],
    );
    return { items, unread: await this.unreadCount(this.dataSource.manager, recipientId) };
  }

  async unreadCount(manager: EntityManager, recipientId: string): Promise<number> {
    const [{ n }] = await manager.query(
      `SELECT count(*)::int AS n FROM notifications WHERE recipient_id = $1 AND read_at IS NULL`,
      [recipientId],
    );
    return n;
  }

  /** Marks one of the recipient's notifications read (kept as first read); undefined if not theirs. */
  async markRead(tx: EntityManager, recipientId: string, id: string): Promise<NotificationRow | undefined> {
    const [rows] = await tx.query(
      `UPDATE notifications n SET read_at = COALESCE(n.read_at, now())
        WHERE n.id = $1 AND n.recipient_id = $2 RETURNING ${COLUMNS}`,
      [id, recipientId],
    );
    return (rows as NotificationRow[])[0];
  }

  async markAllRead(tx: EntityManager, recipientId: string): Promise<number> {
    const [, count] = await tx.query(
      `UPDATE notifications SET read_at = now() WHERE recipient_id = $1 AND read_at IS NULL`,
      [recipientId],
    );
    return count as number;
  }

  async settings(userId: string): Promise<{ email: string | null }> {
    const rows = await this.dataSource.query(`SELECT email FROM notification_settings WHERE user_id = $1`, [
      userId,
    ]);
    return { email: rows[0]?.email ?? null };
  }

  async saveSettings(tx: EntityManager, userId: string, email: string | null): Promise<string | null> {
    const before = await tx.query(`SELECT email FROM notification_settings WHERE user_id = $1 FOR UPDATE`, [
      userId,
    ]);
    await tx.query(
      `INSERT INTO notification_settings (user_id, email, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, updated_at = now()`,
      [userId, email],
    );
    return before[0]?.email ?? null;
  }

  /** Claims the day's run of `job`; false if another run (any instance) already has it. */
  async claimDailyRun(tx: EntityManager, job: string, day: string): Promise<boolean> {
    const rows = await tx.query(
      `INSERT INTO daily_runs (job, day) VALUES ($1, $2::date) ON CONFLICT DO NOTHING RETURNING job`,
      [job, day],
    );
    return rows.length === 1;
  }

  async finishDailyRun(tx: EntityManager, job: string, day: string, result: Record<string, unknown>) {
    await tx.query(`UPDATE daily_runs SET result = $3::jsonb WHERE job = $1 AND day = $2::date`, [
      job,
      day,
      JSON.stringify(result),
    ]);
  }

  /**
   * Leases up to `limit` due outbox rows for sending (their next attempt moves `leaseSeconds` ahead,
   * so no other instance takes them meanwhile); rows are skipped, not waited for, when locked.
   */
  async leaseOutbox(limit: number, leaseSeconds: number): Promise<OutboxRow[]> {
    const [rows] = await this.dataSource.query(
      `WITH picked AS (
         SELECT id FROM notification_outbox
          WHERE sent_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= now()
          ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       UPDATE notification_outbox o
          SET attempts = o.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
         FROM picked WHERE o.id = picked.id
       RETURNING o.id, o.to_address AS "toAddress", o.attempts`,
      [limit, leaseSeconds],
    );
    return rows;
  }

  async outboxSent(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification_outbox SET sent_at = now(), last_error = NULL WHERE id = $1`,
      [id],
    );
  }

  /** A failed send: retried after `retrySeconds`, or given up (kept, with its error) past the attempts. */
  async outboxFailed(id: string, error: string, retrySeconds: number, giveUp: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification_outbox
          SET last_error = $2, next_attempt_at = now() + make_interval(secs => $3),
              gave_up_at = CASE WHEN $4::boolean THEN now() END
        WHERE id = $1`,
      [id, error.slice(0, 500), retrySeconds, giveUp],
    );
  }
}
