/**
 * The register import as a job (issue 16): a large generated register file is imported by the
 * 柳井警察署 officer; the page follows the job (phase, rows done of the total, rate, ETA, polled),
 * a cancel stops it with the registry unchanged (checked after a reload), and a second run goes
 * to its report, whose new organizations are found in the list after a reload.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { assert, login, parseCount, reload, ROOT, shot, type Scenario, type World } from '../harness';

const ROWS = 250_000;

async function generate(file: string): Promise<void> {
  const out = openSync(file, 'w');
  try {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'test/fixtures/nta/gen-nta-csv.mjs'), '--rows', String(ROWS), '--seed', '16'],
      { stdio: ['ignore', out, 'inherit'] },
    );
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert(code === 0, `gen-nta-csv.mjs exited with ${code}`);
  } finally {
    closeSync(out);
  }
}

async function chooseFile(page: Page, file: string): Promise<void> {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByTestId('import-file').click(),
  ]);
  await chooser.setFiles(file);
  await page.getByText(path.basename(file)).waitFor();
}

/** Records every text the job panel shows, however briefly. */
async function watchJobPanel(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.__job = [];
    const seen = () => {
      const el = document.querySelector('[data-testid="import-job"]');
      if (!el) return;
      const text = el.innerText.replace(/\\s+/g, ' ').trim();
      if (window.__job[window.__job.length - 1] !== text) window.__job.push(text);
    };
    new MutationObserver(seen).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  })()`);
}

const yanaiCount = async (w: World) =>
  (
    await w.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM organizations o JOIN stations s ON s.id = o.station_id WHERE s.code = 'yanai'`,
    )
  )[0].n;

export const importJobJourneys: Scenario[] = [
  {
    name: '(issue 16) a large register import runs as a job: progress with rows, rate and ETA; cancel leaves the registry unchanged; a second run reports',
    timeoutMs: 180_000,
    async run(w, s) {
      const dir = await mkdtemp(path.join(tmpdir(), 'browser-import-job-'));
      try {
        const file = path.join(dir, 'yamaguchi-large.csv');
        await generate(file);
        const before = await yanaiCount(w);
        const page = await s.page();
        await login(page, 'yanai');
        await page.goto('/organizations/import');
        await page.getByRole('heading', { name: /登記情報の取込/ }).waitFor();
        await watchJobPanel(page);

        // 1. started, then cancelled while it runs
        await chooseFile(page, file);
        await page.getByRole('button', { name: '取り込む', exact: true }).click();
        await page.getByTestId('import-confirm-run').click(); // 取り込む asks first
        await page.getByTestId('import-job').waitFor({ timeout: 60_000 });
        await shot(page, 'import-job-progress', false);
        await page.getByTestId('import-job-cancel').click();
        await page.getByTestId('import-job-cancelled').waitFor({ timeout: 60_000 });
        const [job] = await w.sql<{ status: string; cancel_requested: boolean }>(
          `SELECT status, cancel_requested FROM jobs ORDER BY created_at DESC LIMIT 1`,
        );
        assert(
          job.status === 'cancelled' && job.cancel_requested,
          `the job was cancelled: ${JSON.stringify(job)}`,
        );
        assert((await yanaiCount(w)) === before, 'a cancelled import changes nothing');
        await reload(page);
        await page.getByRole('heading', { name: /登記情報の取込/ }).waitFor();
        assert((await page.getByTestId('import-job').count()) === 0, 'no job panel after a reload');

        // 2. run to the end: the panel follows the job, then the report
        await watchJobPanel(page);
        await chooseFile(page, file);
        await page.getByRole('button', { name: '取り込む', exact: true }).click();
        await page.getByTestId('import-confirm-run').click(); // 取り込む asks first
        await page.getByText('取込が完了しました。').waitFor({ timeout: 80_000 });
        await shot(page, 'import-job-report');
        const seen = await page.evaluate<string[]>('window.__job');
        w.log(`job panel: ${seen.join(' → ')}`);
        assert(seen.length > 1, `the job panel changed while it ran: ${JSON.stringify(seen)}`);
        assert(
          seen.some((t) => /[\d,]+ \/ [\d,]+ 件/.test(t) && /件\/秒/.test(t) && /残り約 [\d,]+ 秒/.test(t)),
          `rows done of the total, a rate and an ETA were shown: ${JSON.stringify(seen)}`,
        );
        const rows = parseCount(await page.getByTestId('import-rows').textContent());
        const inserted = parseCount(await page.getByTestId('import-inserted').textContent());
        assert(rows === ROWS, `every record was read: ${rows}`);
        assert(inserted > 0, 'records of 柳井市 were inserted');
        assert((await yanaiCount(w)) === before + inserted, 'the registry holds what the report says');

        // 3. after a reload, an imported organization is in the list
        const [org] = await w.sql<{ name: string }>(
          `SELECT o.name FROM organizations o JOIN stations s ON s.id = o.station_id
            WHERE s.code = 'yanai' AND o.source = 'register' ORDER BY o.corporate_number LIMIT 1`,
        );
        await page.goto(`/organizations?q=${encodeURIComponent(org.name)}`);
        await reload(page);
        await page.getByTestId('org-table').getByRole('link', { name: org.name }).first().waitFor();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  },
];
