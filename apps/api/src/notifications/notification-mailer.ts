import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../../../libs/config/app-config';
import { NotificationsRepository } from './notifications.repository';

/** How often each process looks for mails to send. */
const POLL_MS = 5_000;
/** A leased mail is not taken by another instance for this long (a send that hangs is retried). */
const LEASE_SECONDS = 120;
const BATCH = 20;
/** Attempts before a mail is given up (kept with its last error). */
export const MAX_MAIL_ATTEMPTS = 8;

/**
 * The mail of every notification: no personal data, no organization or record details, only that
 * there is something new and where to read it (after signing in).
 */
export function notificationMail(publicUrl: string): { subject: string; text: string } {
  return {
    subject: '【アウトリーチ管理】新しいお知らせがあります',
    text: [
      '経済安全保障アウトリーチ管理システムに新しいお知らせがあります。',
      '内容はシステムにログインしてご確認ください。',
      '',
      `${publicUrl}/notifications`,
      '',
      '※このメールは送信専用です。お知らせの内容はメールには記載していません。',
    ].join('\n'),
  };
}

/**
 * Sends the outbox (notification_outbox) after the commits that wrote it: a failed or slow mail
 * server never rolls back a business write, and nothing is lost — a failed send is retried with a
 * growing delay. Runs in every process with SMTP_URL set and job workers on (like the other jobs);
 * rows are leased with SKIP LOCKED, so several instances never send the same mail at once.
 */
@Injectable()
export class NotificationMailer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('NotificationMailer');
  private transport: Transporter | null = null;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<number> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: NotificationsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const { smtpUrl } = this.config.notifications;
    if (!smtpUrl || !this.dataSource.isInitialized) return;
    this.transport = createTransport(smtpUrl);
    if (!this.config.jobs.workers) return;
    this.timer = setInterval(() => void this.flush().catch((e: Error) => this.log.error(e.message)), POLL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flushing?.catch(() => undefined);
    this.transport?.close();
  }

  /** Sends the mails that are due now; answers how many were sent. Also the tests' hook. */
  flush(): Promise<number> {
    this.flushing ??= this.sendDue().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async sendDue(): Promise<number> {
    if (!this.transport) return 0;
    const { from, publicUrl } = this.config.notifications;
    let sent = 0;
    for (;;) {
      const rows = await this.repo.leaseOutbox(BATCH, LEASE_SECONDS);
      if (rows.length === 0) return sent;
      for (const row of rows) {
        try {
          await this.transport.sendMail({ from, to: row.toAddress, ...notificationMail(publicUrl) });
          await this.repo.outboxSent(row.id);
          sent++;
        } catch (e) {
          const giveUp = row.attempts >= MAX_MAIL_ATTEMPTS;
          // 30 s, 2 min, 8 min … at most 6 h
          const retry = Math.min(6 * 3600, 30 * 4 ** (row.attempts - 1));
          const message = e instanceof Error ? e.message : String(e);
          await this.repo.outboxFailed(row.id, message, retry, giveUp);
          this.log.warn(`notification mail ${row.id} failed (attempt ${row.attempts}): ${message}`);
        }
      }
      if (rows.length < BATCH) return sent;
    }
  }
}
