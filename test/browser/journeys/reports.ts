/**
 * Reports and exports: files downloaded from the reports screen and opened as Excel would (CSV
 * with a BOM, the Shift_JIS variant, XLSX through exceljs), the period report and the strategy
 * table for the prefectural project team (hq), and hq's screens at phone width.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import * as iconv from 'iconv-lite';
import type { Locator, Page } from 'playwright-core';
import { newOrganization, newVisit } from '../data';
import {
  assert,
  eventually,
  fillDay,
  horizontalOverflow,
  jstDay,
  login,
  navigate,
  parseCount,
  PHONE,
  settle,
  shot,
  type Scenario,
} from '../harness';

/** Clicks a download button and answers the file's name and bytes. */
async function download(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const p = await file.path();
  return { name: file.suggestedFilename(), bytes: await readFile(p) };
}

/** Every cell's text of every sheet of an XLSX file. */
async function xlsxCells(bytes: Buffer): Promise<{ sheets: string[]; cells: string[]; rows: number }> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const cells: string[] = [];
  let rows = 0;
  for (const sheet of book.worksheets) {
    rows += sheet.rowCount;
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        cells.push(cell.text);
      });
    });
  }
  return { sheets: book.worksheets.map((s) => s.name), cells, rows };
}

function csvLines(text: string): string[] {
  return text.split(/\r?\n/).filter(Boolean);
}

const hasBom = (b: Buffer) => b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;

/** Sets the period picker to a custom range. */
async function customPeriod(section: Locator, from: string, to: string): Promise<void> {
  await section.getByText('任意期間', { exact: true }).click();
  await fillDay(section.getByRole('textbox', { name: '開始日' }), from);
  await fillDay(section.getByRole('textbox', { name: '終了日' }), to);
  await section.getByTestId('selected-period').waitFor();
}

export const reportJourneys: Scenario[] = [
  {
    name: '(e) organization exports download and open (CSV with BOM, XLSX)',
    async run(_w, s) {
      const page = await s.page();
      await login(page, 'officer');
      await page.getByRole('link', { name: 'レポート・出力' }).click();
      await page.waitForURL('**/reports');
      const exportsSection = page.getByRole('region', { name: 'データ出力' });
      await exportsSection.waitFor();
      await settle(page);
      await shot(page, 'reports');
      // the organization export is the first pair of CSV/XLSX buttons of the section
      const csv = await download(
        page,
        exportsSection.getByRole('button', { name: 'CSV', exact: true }).first(),
      );
      assert(/\.csv$/.test(csv.name), `CSV name ${csv.name}`);
      assert(
        hasBom(csv.bytes),
        `CSV starts with the UTF-8 BOM (${csv.bytes.subarray(0, 3).toString('hex')})`,
      );
      const lines = csvLines(csv.bytes.subarray(3).toString('utf8'));
      assert(/法人番号/.test(lines[0]) && /名称/.test(lines[0]), `Japanese header: ${lines[0]}`);
      assert(
        lines.some((l) => l.includes('株式会社岩国精密')),
        'CSV holds the station’s organizations',
      );
      assert(!lines.some((l) => l.includes('柳井電子工業')), 'CSV holds no other station’s organizations');

      const xlsx = await download(
        page,
        exportsSection.getByRole('button', { name: 'XLSX', exact: true }).first(),
      );
      assert(/\.xlsx$/.test(xlsx.name), `XLSX name ${xlsx.name}`);
      const book = await xlsxCells(xlsx.bytes);
      assert(book.cells.includes('名称'), 'XLSX has the Japanese header 名称');
      assert(book.cells.includes('株式会社岩国精密'), 'XLSX holds the station’s organizations');
      assert(book.rows >= lines.length, `XLSX rows ${book.rows} vs CSV lines ${lines.length}`);
    },
  },
  {
    name: 'hq: organization and visit exports download and open (CSV UTF-8 with BOM, Shift_JIS, XLSX)',
    async run(w, s) {
      // an approved visit of this journey's own, so the visit export has a row to look for
      const org = await newOrganization(w);
      const visit = await newVisit(w, org, { status: 'submitted' });
      const manager = await w.api('manager');
      await manager.must('POST', `/visits/${visit.id}/approve`, { version: visit.version });

      const page = await s.page();
      await login(page, 'hq');
      await page.waitForURL('**/home');
      await page.getByRole('navigation').getByRole('link', { name: 'レポート', exact: true }).click();
      await page.waitForURL('**/reports');
      const section = page.getByRole('region', { name: 'データ出力' });
      await section.waitFor();

      // organizations: UTF-8 with a BOM, every station for hq
      const orgCsv = await download(page, section.getByRole('button', { name: 'CSV', exact: true }).first());
      assert(hasBom(orgCsv.bytes), 'the organization CSV starts with the UTF-8 BOM');
      const orgLines = csvLines(orgCsv.bytes.subarray(3).toString('utf8'));
      assert(/法人番号/.test(orgLines[0]), `header: ${orgLines[0]}`);
      assert(
        orgLines.some((l) => l.includes(org.name)),
        'holds the new organization',
      );
      assert(
        orgLines.some((l) => l.includes('柳井電子工業')),
        'hq’s export holds every station’s organizations',
      );

      // the Shift_JIS variant: no BOM, decodes as Shift_JIS to the same header
      await section.getByRole('radio', { name: 'Shift_JIS' }).check();
      const sjis = await download(page, section.getByRole('button', { name: 'CSV', exact: true }).first());
      assert(!hasBom(sjis.bytes), 'the Shift_JIS CSV has no BOM');
      assert(
        !sjis.bytes.toString('utf8').includes('法人番号'),
        'the Shift_JIS CSV is not UTF-8 (Excel opens it as Shift_JIS)',
      );
      const sjisLines = csvLines(iconv.decode(sjis.bytes, 'Shift_JIS'));
      assert(sjisLines[0] === orgLines[0], `same header in Shift_JIS: ${sjisLines[0]}`);
      assert(
        sjisLines.some((l) => l.includes(org.name)),
        'the Shift_JIS CSV holds the organization',
      );

      const orgXlsx = await download(
        page,
        section.getByRole('button', { name: 'XLSX', exact: true }).first(),
      );
      const orgBook = await xlsxCells(orgXlsx.bytes);
      assert(
        orgBook.cells.includes('名称') && orgBook.cells.includes(org.name),
        'the XLSX holds the organization',
      );

      // visits of the chosen period (the period report's picker)
      const period = page.getByRole('region', { name: '期間報告' });
      await customPeriod(period, jstDay(-30), jstDay(0));
      await section.getByRole('radio', { name: 'UTF-8（BOM付き）' }).check();
      const visitCsv = await download(page, section.getByRole('button', { name: 'CSV', exact: true }).nth(1));
      assert(hasBom(visitCsv.bytes), 'the visit CSV starts with the UTF-8 BOM');
      const visitLines = csvLines(visitCsv.bytes.subarray(3).toString('utf8'));
      assert(/訪問日/.test(visitLines[0]) && /組織名/.test(visitLines[0]), `visit header: ${visitLines[0]}`);
      assert(
        visitLines.some((l) => l.includes(org.name)),
        'the visit CSV holds the approved visit of the period',
      );
      const visitXlsx = await download(
        page,
        section.getByRole('button', { name: 'XLSX', exact: true }).nth(1),
      );
      const visitBook = await xlsxCells(visitXlsx.bytes);
      assert(visitBook.cells.includes(org.name), 'the visit XLSX holds the approved visit');
    },
  },
  {
    name: 'hq: period report (preview, XLSX) and strategy table (XLSX) download and open',
    async run(w, s) {
      const page = await s.page();
      await login(page, 'hq');
      await page.goto('/reports');
      const period = page.getByRole('region', { name: '期間報告' });
      await period.waitFor();
      const from = jstDay(-365);
      const to = jstDay(0);
      await customPeriod(period, from, to);
      const hq = await w.api('hq');
      const api = await hq.get<{ visits: { total: number }; seminars: { count: number } }>(
        `/reports/period?from=${from}&to=${to}&format=json`,
      );
      assert(api.status === 200, `GET /reports/period: HTTP ${api.status}`);

      await period.getByRole('button', { name: '画面で確認' }).click();
      // on screen as tables, not JSON: the visit figure as the API answers it, 令和 labels, no braces
      const preview = period.getByTestId('period-view');
      await preview.waitFor();
      const shownText = (await preview.textContent()) ?? '';
      assert(
        shownText.includes(`個別訪問（決裁済み）${api.body.visits.total.toLocaleString('ja-JP')}件`),
        `the preview shows the API’s visit figure ${api.body.visits.total}: ${shownText.slice(0, 200)}`,
      );
      assert(!/"total"|"visits"/.test(shownText), 'no JSON on the screen');
      await preview.getByRole('table', { name: '警察署別' }).waitFor();

      const xlsx = await download(page, period.getByRole('button', { name: 'XLSX', exact: true }));
      assert(/\.xlsx$/.test(xlsx.name), `period report name ${xlsx.name}`);
      const book = await xlsxCells(xlsx.bytes);
      assert(book.sheets.includes('概要'), `sheets: ${book.sheets.join(',')}`);
      const i = book.cells.indexOf('個別訪問（決裁済み）件数');
      assert(i >= 0, 'the summary sheet has the visit count');
      assert(
        parseCount(book.cells[i + 1]) === api.body.visits.total,
        `visit count ${book.cells[i + 1]} = API ${api.body.visits.total}`,
      );
      assert(!book.cells.some((c) => c.includes('岩国署 警備課 田中')), 'no per-officer data in the report');

      const pdf = await download(page, period.getByRole('button', { name: 'PDF', exact: true }));
      assert(pdf.bytes.subarray(0, 5).toString() === '%PDF-', 'the PDF is a PDF');

      const strategy = page.getByRole('region', { name: '取組状況表（戦略表）' });
      await fillDay(strategy.getByRole('textbox', { name: '基準日' }), jstDay(-1));
      const table = await download(page, strategy.getByRole('button', { name: 'XLSX', exact: true }));
      assert(
        table.name.includes(jstDay(-1).replace(/-/g, '')),
        `strategy table name carries the date: ${table.name}`,
      );
      const tableBook = await xlsxCells(table.bytes);
      for (const header of ['基本戦略における課題', 'これまでの取組', '今後の取組'])
        assert(tableBook.cells.includes(header), `strategy table header ${header}`);
      assert(
        tableBook.cells.some((c) => /現在/.test(c)),
        'the strategy table says as of when (…現在)',
      );
    },
  },
  {
    name: 'hq at phone width (390×844) opens coverage and reports',
    async run(w, s) {
      const hq = await w.api('hq');
      const coverage = await hq.get<{ totals: { organizations: number } }>('/coverage');
      const page = await s.page(PHONE);
      await login(page, 'hq');
      await page.waitForURL('**/home');
      await navigate(page, 'カバレッジ');
      await page.waitForURL('**/coverage');
      await eventually(
        'the coverage figures are shown',
        async () => parseCount(await page.getByTestId('cov-orgs').textContent()),
        (n) => n === coverage.body.totals.organizations,
      );
      await page.getByTestId('worklist').waitFor();
      await settle(page);
      let overflow = await horizontalOverflow(page);
      assert(!overflow, `coverage has no horizontal scroll on a phone: ${overflow}`);
      await shot(page, 'coverage-phone', false);

      await navigate(page, 'レポート');
      await page.waitForURL('**/reports');
      const period = page.getByRole('region', { name: '期間報告' });
      await period.getByTestId('selected-period').waitFor();
      const xlsx = await download(page, period.getByRole('button', { name: 'XLSX', exact: true }));
      const book = await xlsxCells(xlsx.bytes);
      assert(book.sheets.includes('概要'), 'the period report opens on a phone too');
      await settle(page);
      overflow = await horizontalOverflow(page);
      assert(!overflow, `reports have no horizontal scroll on a phone: ${overflow}`);
      await shot(page, 'reports-phone', false);
    },
  },
];
