import { MigrationInterface, QueryRunner } from 'typeorm';

export class LoginThrottleGrowth1799200000000 implements MigrationInterface {
  name = 'LoginThrottleGrowth1799200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // The old scopes ('user', 'ip') are gone; throttle state is short-lived, so start afresh.
    await queryRunner.query(`DELETE FROM "login_throttles"`);
    await queryRunner.query(`ALTER TABLE "login_throttles" ADD "strikes" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(
      `ALTER TABLE "login_throttles" ADD "last_failure_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_login_throttles_last_failure_at" ON "login_throttles" ("last_failure_at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_login_throttles_last_failure_at"`);
    await queryRunner.query(`ALTER TABLE "login_throttles" DROP COLUMN "last_failure_at"`);
    await queryRunner.query(`ALTER TABLE "login_throttles" DROP COLUMN "strikes"`);
    await queryRunner.query(`DELETE FROM "login_throttles"`);
  }
}
