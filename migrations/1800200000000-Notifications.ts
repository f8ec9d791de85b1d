import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications (issue 13): in-app notifications per recipient (`dedupe_key` makes the daily
 * follow-up reminders idempotent), each user's own e-mail setting, the mail outbox (sent after the
 * commit; a failed mail never rolls back the business write) and `daily_runs` (the daily reminder
 * run claimed once per day across instances).
 */
export class Notifications1800200000000 implements MigrationInterface {
  name = 'Notifications1800200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "recipient_id" uuid NOT NULL, "kind" character varying(32) NOT NULL, "title" text NOT NULL, "link_type" character varying(16) NOT NULL, "link_id" uuid NOT NULL, "station_id" uuid, "dedupe_key" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_notifications_dedupe" ON "notifications" ("dedupe_key") WHERE dedupe_key IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_notifications_recipient_unread" ON "notifications" ("recipient_id") WHERE read_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_notifications_recipient_created" ON "notifications" ("recipient_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "notification_settings" ("user_id" uuid NOT NULL, "email" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_91a7ffebe8b406c4470845d4781" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "notification_outbox" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "notification_id" uuid NOT NULL, "to_address" text NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, "gave_up_at" TIMESTAMP WITH TIME ZONE, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_83d47c7dba1da2d038749fe757e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_notification_outbox_notification" ON "notification_outbox" ("notification_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_notification_outbox_pending" ON "notification_outbox" ("next_attempt_at") WHERE sent_at IS NULL AND gave_up_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "daily_runs" ("job" character varying(40) NOT NULL, "day" date NOT NULL, "ran_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "result" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_837fde7ac4a5211416d5f2fa260" PRIMARY KEY ("job", "day"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "FK_5332a4daa46fd3f4e6625dd275d" FOREIGN KEY ("recipient_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_settings" ADD CONSTRAINT "FK_91a7ffebe8b406c4470845d4781" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_outbox" ADD CONSTRAINT "FK_c547a1a4a523cca9627d0515e41" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "notification_outbox" DROP CONSTRAINT "FK_c547a1a4a523cca9627d0515e41"`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_settings" DROP CONSTRAINT "FK_91a7ffebe8b406c4470845d4781"`,
    );
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "FK_5332a4daa46fd3f4e6625dd275d"`);
    await queryRunner.query(`DROP TABLE "daily_runs"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notification_outbox_pending"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notification_outbox_notification"`);
    await queryRunner.query(`DROP TABLE "notification_outbox"`);
    await queryRunner.query(`DROP TABLE "notification_settings"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notifications_recipient_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notifications_recipient_unread"`);
    await queryRunner.query(`DROP INDEX "public"."uq_notifications_dedupe"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
  }
}
