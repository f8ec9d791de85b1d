import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../../../libs/audit/audit.service';
import { APP_CONFIG, AppConfig } from '../../../../libs/config/app-config';
import { isIsoDate, todayJst } from '../../../../libs/japanese/jst';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

export const DAILY_REMINDER_JOB = 'follow_up_reminders';
/** A follow-up due within this many days (today included) is reminded of once. */
export const DUE_SOON_DAYS = 3;
/** How often each process checks whether today's run is still to be done. */
const TICK_MS = 5 * 60_000;
/** The first check after start (the run of a day missed while no instance was up). */
const FIRST_TICK_MS = 5_000;

export interface DailyRunResult {
  day: string;
  /** false: the day's run was already done (by this or another instance); nothing was written. */
  ran: boolean;
  due: number;
  overdue: number;
  mailed: number;
}

/**
 * Open visit follow-ups and council follow-ups with an owner, as that owner may see them: a visit
 * follow-up of a cancelled visit, of another station, or of a never-submitted draft the owner has no
 * part in is left out. `$1` is the run's day.
 */
const REMINDER_SOURCE = `
  WITH open_fu AS (
    SELECT 'visit' AS source, f.id, f.title, f.due_on, f.owner_id, 'visit' AS link_type, v.id AS link_id, v.station_id
      FROM visit_follow_ups f JOIN visits v ON v.id = f.visit_id
     WHERE f.status IN ('open', 'in_progress') AND f.owner_id IS NOT NULL
       AND f.due_on <= $1::date + ${DUE_SOON_DAYS}
       AND v.status <> 'cancelled'
       AND (v.status <> 'draft' OR v.submitted_at IS NOT NULL OR v.created_by = f.owner_id
            OR EXISTS (SELECT 1 FROM visit_officers vo WHERE vo.visit_id = v.id AND vo.user_id = f.owner_id))
    UNION ALL
    SELECT 'council', f.id, f.title, f.due_on, f.owner_id, 'meeting', i.meeting_id, f.station_id
      FROM follow_ups f JOIN council_items i ON i.id = f.council_item_id
     WHERE f.status IN ('open', 'in_progress') AND f.owner_id IS NOT NULL
       AND f.due_on <= $1::date + ${DUE_SOON_DAYS}
  ), tagged AS (
    SELECT o.*, CASE WHEN o.due_on < $1::date THEN 'follow_up_overdue' ELSE 'follow_up_due' END AS kind
      FROM open_fu o JOIN users u ON u.id = o.owner_id AND NOT u.disabled AND u.station_id = o.station_id
  )
  SELECT owner_id, kind,
         CASE kind WHEN 'follow_up_overdue' THEN '期限超過のフォローアップ：' ELSE '期限が近いフォローアップ：' END
           || title || '（期限 ' || to_char(due_on, 'YYYY-MM-DD') || '）',
         link_type, link_id, station_id,
         kind || ':' || source || ':' || id::text || ':' || to_char(due_on, 'YYYY-MM-DD')
    FROM tagged`;

/**
 * The daily follow-up reminders: `follow_up_due` (due within 3 days) and `follow_up_overdue` to each
 * follow-up's owner, once per follow-up and due date. Every process with job workers (JOB_WORKERS,
 * `npm run worker`) and DAILY_REMINDERS checks 5 s after start and then every 5 minutes; the first to insert the day's `daily_runs` row runs it, in that same transaction (a
 * failed run rolls the claim back and is tried again at the next check). A second run the same day
 * writes nothing, and the notifications' dedupe key keeps even a forced re-run from duplicating.
 */
@Injectable()
export class DailyReminders implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('DailyReminders');
  private first: NodeJS.Timeout | null = null;
  private every: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: NotificationsRepository,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // like the other jobs: in processes with workers (the API by default, `npm run worker`)
    const { dailyReminders } = this.config.notifications;
    if (!this.dataSource.isInitialized || !dailyReminders || !this.config.jobs.workers) return;
    const tick = () => {
      if (this.running) return;
      this.running = this.run()
        .catch((e: Error) => this.log.error(`daily reminders: ${e.message}`))
        .finally(() => (this.running = null));
    };
    this.first = setTimeout(tick, FIRST_TICK_MS);
    this.first.unref();
    this.every = setInterval(tick, TICK_MS);
    this.every.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.first) clearTimeout(this.first);
    if (this.every) clearInterval(this.every);
    await this.running;
  }

  /** Runs the reminders of `day` (default today in Japan) unless that day's run was done already. */
  async run(day: string = todayJst()): Promise<DailyRunResult> {
    if (!isIsoDate(day)) throw new Error(`not a day: ${day}`);
    return this.dataSource.transaction(async (tx) => {
      if (!(await this.repo.claimDailyRun(tx, DAILY_REMINDER_JOB, day)))
        return { day, ran: false, due: 0, overdue: 0, mailed: 0 };
      const { byKind, mailed } = await this.notifications.insertFrom(tx, REMINDER_SOURCE, [day]);
      const result: DailyRunResult = {
        day,
        ran: true,
        due: byKind.follow_up_due ?? 0,
        overdue: byKind.follow_up_overdue ?? 0,
        mailed,
      };
      await this.repo.finishDailyRun(tx, DAILY_REMINDER_JOB, day, { ...result });
      await this.audit.record(tx, {
        action: 'notification.daily_run',
        entityType: 'daily_run',
        entityId: null,
        stationId: null,
        actor: null,
        changes: { day, due: result.due, overdue: result.overdue, mailed },
      });
      if (result.due + result.overdue > 0)
        this.log.log(`daily reminders ${day}: ${result.due} due, ${result.overdue} overdue`);
      return result;
    });
  }
}
