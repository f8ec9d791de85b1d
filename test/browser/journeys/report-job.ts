/**
 * A large report file as a job on its own (issue 16): 80 more strategy tasks (of a prefecture no
 * station is in, so only hq's all-prefecture table has them) put the strategy table past
 * REPORT_ASYNC_ROWS (1,000 by default: 80 tasks × up to 15 lines, estimated before it is built);
 * hq's XLSX button on the reports screen then answers 202 and shows the job's panel, which offers
 * the file when it is done; the saved file holds every task. The tasks are removed afterwards.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { assert, fillDay, jstDay, login, shot, type Scenario } from '../harness';

const TASKS = 80;
const MARK = '大量施策ジャーニー';

export const reportJobJourneys: Scenario[] = [
  {
    name: '(issue 16) a large strategy table is made as a job without async=true: the panel offers the file, which is saved with every task',
    timeoutMs: 180_000,
    async run(w, s) {
      await w.sql(
        `INSERT INTO strategy_tasks (prefecture_code, title, topics, sort_order)
         SELECT '47', $2 || g, ARRAY['leak_cases'], 1000 + g FROM generate_series(1, $1::int) g`,
        [TASKS, MARK],
      );
      try {
        const page = await s.page();
        await login(page, 'hq');
        await page.goto('/reports');
        const strategy = page.getByRole('region', { name: '取組状況表（戦略表）' });
        await strategy.waitFor();
        await fillDay(strategy.getByRole('textbox', { name: '基準日' }), jstDay(-1));
        const answered = page.waitForResponse((r) => r.url().includes('/api/v1/reports/strategy-table'));
        await strategy.getByRole('button', { name: 'XLSX', exact: true }).click();
        const response = await answered;
        assert(response.status() === 202, `the table's GET answered ${response.status()}, not 202`);
        assert(!response.url().includes('async='), `the web asked without async: ${response.url()}`);
        const panel = strategy.getByTestId('file-job');
        await panel.waitFor({ timeout: 30_000 });
        const ready = panel.getByTestId('file-job-ready');
        await ready.waitFor({ timeout: 120_000 });
        await shot(page, 'report-job-ready');
        const [file] = await Promise.all([
          page.waitForEvent('download'),
          panel.getByTestId('file-job-save').click(),
        ]);
        assert(
          /^取組状況_\d{8}\.xlsx$/.test(file.suggestedFilename()),
          `file name: ${file.suggestedFilename()}`,
        );
        const book = new ExcelJS.Workbook();
        await book.xlsx.load((await readFile(await file.path())) as unknown as ArrayBuffer);
        let marked = 0;
        book.worksheets[0].eachRow((row) => {
          if (JSON.stringify(row.values ?? []).includes(MARK)) marked++;
        });
        assert(marked === TASKS, `the saved XLSX holds every task: ${marked} of ${TASKS}`);
        w.log(`strategy table of ${TASKS} extra tasks: 202, job done, saved (${marked} rows marked)`);
      } finally {
        await w.sql(`DELETE FROM strategy_tasks WHERE title LIKE $1`, [`${MARK}%`]);
      }
    },
  },
];
