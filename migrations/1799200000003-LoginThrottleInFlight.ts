import { MigrationInterface, QueryRunner } from 'typeorm';

export class LoginThrottleInFlight1799200000003 implements MigrationInterface {
  name = 'LoginThrottleInFlight1799200000003';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "login_throttles" ADD "in_flight" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "login_throttles" ADD "in_flight_since" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "login_throttles" DROP COLUMN "in_flight_since"`);
    await queryRunner.query(`ALTER TABLE "login_throttles" DROP COLUMN "in_flight"`);
  }
}
