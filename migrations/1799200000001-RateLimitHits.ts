import { MigrationInterface, QueryRunner } from 'typeorm';

export class RateLimitHits1799200000001 implements MigrationInterface {
  name = 'RateLimitHits1799200000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "rate_limit_hits" ("key" text NOT NULL, "hits" integer NOT NULL, "window_ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "blocked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_d392e81d922afbaed7efb3f1184" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_rate_limit_hits_window_ends_at" ON "rate_limit_hits" ("window_ends_at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_rate_limit_hits_window_ends_at"`);
    await queryRunner.query(`DROP TABLE "rate_limit_hits"`);
  }
}
