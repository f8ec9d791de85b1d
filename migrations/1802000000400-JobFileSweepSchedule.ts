import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The expired job files' sweep on the queue's schedule (issue 16): pg-boss's cron (`boss.schedule`,
 * the `pgboss.schedule` table) sends one `job_files_sweep` job per due time across all instances,
 * through its internal `__pgboss__send-it` queue. Both queues are created here by the owner
 * (`create_queue` makes a partition table, which the app's restricted role may not).
 */
export class JobFileSweepSchedule1802000000400 implements MigrationInterface {
  name = 'JobFileSweepSchedule1802000000400';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT pgboss.create_queue($1, $2::json)`, [
      'job_files_sweep',
      JSON.stringify({
        policy: 'standard',
        retryLimit: 0,
        retryDelay: 2,
        retryBackoff: false,
        expireInSeconds: 600,
      }),
    ]);
    // pg-boss's own queue of its cron (timekeeper.js QUEUES.SEND_IT), with pg-boss's defaults
    await queryRunner.query(`SELECT pgboss.create_queue($1, $2::json)`, [
      '__pgboss__send-it',
      JSON.stringify({ policy: 'standard' }),
    ]);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT pgboss.delete_queue($1)`, ['__pgboss__send-it']);
    await queryRunner.query(`SELECT pgboss.delete_queue($1)`, ['job_files_sweep']);
  }
}
