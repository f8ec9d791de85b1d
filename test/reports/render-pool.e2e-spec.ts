import ExcelJS from 'exceljs';
import { performance } from 'node:perf_hooks';
import { threadId } from 'node:worker_threads';
import { RenderPool } from '../../apps/api/src/reports/render-pool';
import type { StrategyTable } from '../../apps/api/src/reports/reports.render';
import { extractPdfText } from './pdf-text';

/** A strategy table far larger than a prefecture's plan (60 tasks, 30 bullets each). */
const bigTable = (): StrategyTable => ({
  asOf: '2024-03-31',
  heading: '令和6年3月31日現在',
  scopeLabel: '全警察署',
  rows: Array.from({ length: 60 }, (_, i) => ({
    number: String(i + 1),
    heading: `課題${i + 1}`,
    description: '技術流出防止に向けた取組'.repeat(10),
    leadAgencies: ['県警察本部', '各警察署'],
    actionsSoFar: Array.from({ length: 30 }, (_, j) => ({
      text: `個別訪問 ${j}件（先端技術 ${j}社）`,
      repeated: j % 7 === 0,
    })),
    plannedActions: [{ text: 'セミナー及び共同対処訓練を実施する', repeated: false }],
  })),
});

/** Issue 18: report files are built in worker threads (render-pool.ts), never on the API's event loop. */
describe('report render pool (worker threads)', () => {
  let pool: RenderPool;

  beforeAll(() => {
    pool = new RenderPool();
  });
  afterAll(async () => {
    await pool.onModuleDestroy();
  });

  it('builds a strategy table XLSX, PDF and DOCX in a worker, byte-valid', async () => {
    const table = bigTable();
    const [xlsx, pdf, docx] = await Promise.all([
      pool.render({ kind: 'strategyXlsx', table }),
      pool.render({ kind: 'strategyPdf', table }),
      pool.render({ kind: 'strategyDocx', table }),
    ]);
    expect(Buffer.isBuffer(xlsx)).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ExcelJS.Buffer);
    const sheet = wb.worksheets[0];
    expect(sheet.rowCount).toBeGreaterThanOrEqual(60);
    expect(JSON.stringify(sheet.getRow(sheet.rowCount).values)).toContain('課題60');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await extractPdfText(pdf)).replace(/\s+/g, '')).toContain('課題60');
    expect(docx.subarray(0, 2).toString()).toBe('PK');
  }, 120_000);

  it('keeps the main event loop turning while a large file renders', async () => {
    const table = bigTable();
    await pool.render({ kind: 'strategyXlsx', table }); // workers started and warm
    let ticks = 0;
    let maxGap = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
      ticks++;
    }, 5);
    const t0 = performance.now();
    await Promise.all([
      pool.render({ kind: 'strategyPdf', table }),
      pool.render({ kind: 'strategyXlsx', table }),
    ]);
    const elapsed = performance.now() - t0;
    clearInterval(timer);
    // The main thread (this test's thread is the API's in production) is never the one rendering.
    expect(threadId).toBe(0);
    // Ticks kept coming during the render: on a shared, loaded machine allow a generous gap.
    expect(ticks).toBeGreaterThan(Math.min(10, elapsed / 50));
    expect(maxGap).toBeLessThan(Math.max(250, elapsed / 2));
  }, 120_000);

  it('a render that fails rejects (the route answers 500), and the pool goes on', async () => {
    await expect(
      pool.render({ kind: 'strategyXlsx', table: { rows: null } as unknown as StrategyTable }),
    ).rejects.toThrow(/render failed/);
    const ok = await pool.render({ kind: 'strategyXlsx', table: { ...bigTable(), rows: [] } });
    expect(ok.subarray(0, 2).toString()).toBe('PK');
  }, 60_000);

  it('refuses work once closed', async () => {
    const closed = new RenderPool();
    await closed.onModuleDestroy();
    await expect(closed.render({ kind: 'strategyXlsx', table: bigTable() })).rejects.toThrow(/closed/);
  });
});
