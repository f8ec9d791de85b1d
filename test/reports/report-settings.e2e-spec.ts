import { jstInstantRange } from '../../libs/japanese/jst';
import { ReportsRepository } from '../../apps/api/src/reports/reports.repository';
import { TestApp } from '../helpers/test-app';

/**
 * A report's statements run with the report's own settings (REPORT_PARALLEL_WORKERS), for its
 * transaction only: the connection goes back to the pool with the server's defaults.
 */
describe('report settings (e2e): parallel workers per report transaction', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([0, 3])('REPORT_PARALLEL_WORKERS=%i holds inside the report, not after it', async (workers) => {
    const repo = new ReportsRepository({ reports: { parallelWorkers: workers } });
    const runner = t.ds.createQueryRunner();
    await runner.connect();
    try {
      const show = async () =>
        (
          (await runner.query(`SHOW max_parallel_workers_per_gather`)) as {
            max_parallel_workers_per_gather: string;
          }[]
        )[0].max_parallel_workers_per_gather;
      const serverDefault = await show();
      await runner.startTransaction('REPEATABLE READ');
      const from = '2022-04-01';
      const to = '2023-03-31';
      await repo.periodFigures(
        runner.manager,
        { from, to, ...jstInstantRange(from, to) },
        () => () => 'TRUE',
        null,
      );
      expect(await show()).toBe(String(workers));
      await runner.commitTransaction();
      expect(await show()).toBe(serverDefault);
    } finally {
      await runner.release();
    }
  });
});
