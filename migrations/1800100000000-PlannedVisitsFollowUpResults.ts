import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Daily work (issue 13): planned visits (status `planned`, its purpose; cancelled ones keep when and
 * why) and visit follow-ups that are closed on their own (result, closing time and their own
 * version, so an approved visit is never touched). Reach is unchanged: organization_reach_events
 * counts approved visits only, so planned and cancelled visits never count.
 */
export class PlannedVisitsFollowUpResults1800100000000 implements MigrationInterface {
  name = 'PlannedVisitsFollowUpResults1800100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "visits" ADD "purpose" text`);
    await queryRunner.query(`ALTER TABLE "visits" ADD "cancelled_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "visits" ADD "cancel_reason" text`);
    await queryRunner.query(`ALTER TABLE "visit_follow_ups" ADD "result" text`);
    await queryRunner.query(`ALTER TABLE "visit_follow_ups" ADD "closed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "visit_follow_ups" ADD "version" integer NOT NULL DEFAULT '1'`);
    await queryRunner.query(
      `ALTER TABLE "visit_follow_ups" ADD "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "visit_follow_ups" DROP COLUMN "updated_at"`);
    await queryRunner.query(`ALTER TABLE "visit_follow_ups" DROP COLUMN "version"`);
    await queryRunner.query(`ALTER TABLE "visit_follow_ups" DROP COLUMN "closed_at"`);
    await queryRunner.query(`ALTER TABLE "visit_follow_ups" DROP COLUMN "result"`);
    await queryRunner.query(`ALTER TABLE "visits" DROP COLUMN "cancel_reason"`);
    await queryRunner.query(`ALTER TABLE "visits" DROP COLUMN "cancelled_at"`);
    await queryRunner.query(`ALTER TABLE "visits" DROP COLUMN "purpose"`);
  }
}
