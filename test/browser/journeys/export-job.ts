/**
 * A large export as a job (issues 16 and 18): the 柳井警察署 officer's station gets 150,000 visits
 * in the last month (past EXPORT_ASYNC_ROWS, 100,000 by default, as the planner estimates them);
 * the visit XLSX button on the reports screen then starts a job: the button's panel shows its
 * progress (rows done of the total, ETA) with キャンセル, and once it is done offers the file, which
 * is saved and opened (every row is there). The visits are removed afterwards.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { assert, fillDay, jstDay, login, shot, type Scenario, type World } from '../harness';

const ROWS = 150_000;
const MARK = '大量出力ジャーニー';

async function seedVisits(w: World): Promise<void> {
  await w.sql(
    `INSERT INTO visits (station_id, organization_id, visited_at, visited_on, format, topics, materials, summary,
       status, created_by, submitted_at, approved_at, approved_by)
     SELECT st.id, o.id, d, (d AT TIME ZONE 'Asia/Tokyo')::date, 'on_site', ARRAY['leak_cases'], ARRAY[]::text[],
            $2 || g, 'approved', u.id, d + interval '7 hours', d + interval '8 hours', u.id
       FROM stations st
       JOIN users u ON u.username = 'yanai'
       CROSS JOIN LATERAL (SELECT id FROM organizations WHERE station_id = st.id ORDER BY id LIMIT 1) o
       CROSS JOIN generate_series(1, $1::int) g
       CROSS JOIN LATERAL (SELECT date_trunc('day', now()) - (g % 20) * interval '1 day' + interval '1 hour' AS d) x
      WHERE st.code = 'yanai'`,
    [ROWS, MARK],
  );
  await w.sql(`ANALYZE visits`);
}

async function removeVisits(w: World): Promise<void> {
  await w.sql(`DELETE FROM visits WHERE summary LIKE $1`, [`${MARK}%`]);
  await w.sql(`ANALYZE visits`);
}

/** Records every text the file-job panel shows, however briefly. */
async function watchPanel(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.__fileJob = [];
    const seen = () => {
      const el = document.querySelector('[data-testid="file-job"]');
      if (!el) return;
      const text = el.innerText.replace(/\\s+/g, ' ').trim();
      if (window.__fileJob[window.__fileJob.length - 1] !== text) window.__fileJob.push(text);
    };
    new MutationObserver(seen).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  })()`);
}

async function customPeriod(section: Locator, from: string, to: string): Promise<void> {
  await section.getByText('任意期間', { exact: true }).click();
  await fillDay(section.getByRole('textbox', { name: '開始日' }), from);
  await fillDay(section.getByRole('textbox', { name: '終了日' }), to);
  await section.getByTestId('selected-period').waitFor();
}

export const exportJobJourneys: Scenario[] = [
  {
    name: '(issue 16) a large visit export runs as a job: progress with rows and ETA, then the file is offered and saved with every row',
    timeoutMs: 300_000,
    async run(w, s) {
      await seedVisits(w);
      try {
        const page = await s.page();
        await login(page, 'yanai');
        await page.goto('/reports');
        const section = page.getByRole('region', { name: 'データ出力' });
        await section.waitFor();
        await customPeriod(page.getByRole('region', { name: '期間報告' }), jstDay(-30), jstDay(0));
        await watchPanel(page);

        // the visit export's XLSX (the second XLSX button of the section) answers 202: a job
        await section.getByRole('button', { name: 'XLSX', exact: true }).nth(1).click();
        const panel = section.getByTestId('file-job');
        await panel.waitFor({ timeout: 30_000 });
        await panel.getByTestId('file-job-cancel').waitFor();
        const rows = panel.getByTestId('file-job-rows');
        await rows.waitFor({ timeout: 60_000 });
        await shot(page, 'export-job-progress');
        const ready = panel.getByTestId('file-job-ready');
        await ready.waitFor({ timeout: 240_000 });
        const seen = await page.evaluate<string[]>('window.__fileJob');
        w.log(`panel texts: ${seen.length}, e.g. ${seen.find((t) => / 件/.test(t)) ?? seen[0]}`);
        const progress = seen
          .map((t) => /([\d,]+) \/ ([\d,]+) 件/.exec(t))
          .filter((m): m is RegExpExecArray => m !== null)
          .map((m) => [Number(m[1].replace(/,/g, '')), Number(m[2].replace(/,/g, ''))]);
        assert(progress.length > 0, `the panel showed rows done / total: ${seen.join(' | ')}`);
        assert(
          progress.every(([, total]) => total >= ROWS),
          `the total counts every visit of the period: ${JSON.stringify(progress)}`,
        );
        assert(
          progress.some(([done, total]) => done < total),
          `progress was seen before the end: ${JSON.stringify(progress)}`,
        );
        assert(
          seen.some((t) => /残り約 [\d,]+ 秒/.test(t)),
          `an ETA was shown: ${seen.join(' | ')}`,
        );
        assert(
          seen.some((t) => t.includes('キャンセル')),
          'キャンセル was offered while it ran',
        );
        assert(
          /ファイルができました（[\d.]+ (MB|KB)）/.test(await ready.innerText()),
          'the ready line names the size',
        );
        assert(
          /まで保存できます/.test(await panel.innerText()),
          'the panel says until when the file is kept',
        );
        await shot(page, 'export-job-ready');

        const [file] = await Promise.all([
          page.waitForEvent('download'),
          panel.getByTestId('file-job-save').click(),
        ]);
        assert(
          /^訪問記録_.*\.xlsx$/.test(file.suggestedFilename()),
          `file name: ${file.suggestedFilename()}`,
        );
        const book = new ExcelJS.Workbook();
        await book.xlsx.load((await readFile(await file.path())) as unknown as ArrayBuffer);
        const sheet = book.worksheets[0];
        let marked = 0;
        sheet.eachRow((row) => {
          if (row.values && JSON.stringify(row.values).includes(MARK)) marked++;
        });
        assert(marked === ROWS, `the saved XLSX holds every exported visit: ${marked} of ${ROWS}`);
      } finally {
        await removeVisits(w);
      }
    },
  },
];
