/**
 * JOB_FILE_SWEEP_CRON is checked once at start-up by the parser pg-boss schedules with: a mistake
 * stops the start naming the setting, not later when the schedule is made.
 */
import { ConfigError, loadConfig } from './app-config';

describe('JOB_FILE_SWEEP_CRON', () => {
  it('defaults to every 10 minutes and takes any expression pg-boss can schedule', () => {
    expect(loadConfig({}).jobs.fileSweepCron).toBe('*/10 * * * *');
    expect(loadConfig({ JOB_FILE_SWEEP_CRON: '0 3 * * mon' }).jobs.fileSweepCron).toBe('0 3 * * mon');
    expect(loadConfig({ JOB_FILE_SWEEP_CRON: '15,45 8-18 * * 1-5' }).jobs.fileSweepCron).toBe(
      '15,45 8-18 * * 1-5',
    );
  });

  it.each([
    ['a minute past 59', '61 * * * *'],
    ['a day February never has', '0 0 31 2 *'],
    ['words', 'every ten minutes'],
    ['a weekday past 7', '* * * * 8'],
    ['four fields', '*/10 * * *'],
  ])('refuses %s (%s), naming the setting', (_what, cron) => {
    expect(() => loadConfig({ JOB_FILE_SWEEP_CRON: cron })).toThrow(ConfigError);
    expect(() => loadConfig({ JOB_FILE_SWEEP_CRON: cron })).toThrow(/JOB_FILE_SWEEP_CRON/);
  });
});

describe('REPORT_PARALLEL_WORKERS', () => {
  it('is 0 unless set, and takes 0–16', () => {
    expect(loadConfig({}).reports.parallelWorkers).toBe(0);
    expect(loadConfig({ REPORT_PARALLEL_WORKERS: '4' }).reports.parallelWorkers).toBe(4);
  });

  it.each(['17', '-1', 'two', '1.5'])('refuses %s, naming the setting', (value) => {
    expect(() => loadConfig({ REPORT_PARALLEL_WORKERS: value })).toThrow(/REPORT_PARALLEL_WORKERS/);
  });
});
