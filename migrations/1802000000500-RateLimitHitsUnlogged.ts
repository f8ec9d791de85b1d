import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `rate_limit_hits` (libs/http/rate-limit) without WAL: every throttled request writes its hit and
 * commits, and a logged commit waits for the WAL flush. While a register import wrote 1,000,000 rows,
 * those commits queued behind the import's WAL (IO:WalInitWrite / WalSync, ~8.5 s of every
 * request's time in bench/register-import.ts) and another station's search p95 rose to 161 ms in the
 * writing step. The counters are short-lived (windows of seconds to minutes): after a crash they
 * start again empty, which only forgives the hits of the last window; they are shared by every
 * instance as before.
 */
export class RateLimitHitsUnlogged1802000000500 implements MigrationInterface {
  name = 'RateLimitHitsUnlogged1802000000500';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE rate_limit_hits SET UNLOGGED`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE rate_limit_hits SET LOGGED`);
  }
}
