/**
 * The phone's first load (issue 18): the login page and the officer's visit form come without
 * chart, date-picker or English-strings code, in brotli, hashed files cached as immutable; the
 * calendar and English are fetched when a user asks for them.
 */
import type { Page, Route } from 'playwright-core';
import { assert, login, PASSWORD, PHONE, type Scenario } from '../harness';

/** The /assets/ files the page has fetched so far, with their answers' headers. */
function assetLog(page: Page) {
  const seen: { path: string; encoding: string | undefined; cache: string | undefined }[] = [];
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (!url.pathname.startsWith('/assets/')) return;
    const h = res.headers();
    seen.push({ path: url.pathname, encoding: h['content-encoding'], cache: h['cache-control'] });
  });
  return seen;
}

const ON_DEMAND = /\/(CoveragePage|DayPicker|en)-[\w-]+\.(js|css)$/;

/** Holds the app's entry script (`/assets/index-*.js`) back until `release()`: the page is index.html alone. */
async function holdEntryScript(page: Page) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/assets\/index-[\w-]+\.js$/, async (route: Route) => {
    await released;
    await route.continue();
  });
  return release;
}

/** CSP refusals and page errors, as the console reports them. */
function consoleProblems(page: Page) {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') seen.push(m.text());
  });
  page.on('pageerror', (e) => seen.push(e.message));
  return seen;
}

export const firstLoadJourneys: Scenario[] = [
  {
    name: 'first load: login page and visit form without chart, date-picker or English code; calendar and English on demand',
    async run(w, s) {
      const page = await s.page(PHONE);
      const assets = assetLog(page);
      const index = await page.goto('/login');
      assert(
        index?.headers()['cache-control'] === 'no-cache',
        `index.html: ${index?.headers()['cache-control']}`,
      );
      await page.getByRole('heading', { name: 'ログイン' }).waitFor();
      const script = assets.find((a) => a.path.endsWith('.js'));
      assert(script, 'the login page loads a script from /assets/');
      assert(script.encoding === 'br', `the script comes as brotli (content-encoding ${script.encoding})`);
      assert(
        script.cache === 'public, max-age=31536000, immutable',
        `hashed assets are immutable (cache-control ${script.cache})`,
      );
      const early = () => assets.filter((a) => ON_DEMAND.test(a.path)).map((a) => a.path);
      assert(early().length === 0, `the login page loaded on-demand chunks: ${early().join(', ')}`);

      // English: its strings arrive when chosen
      await page.getByText('English', { exact: true }).click();
      await page.getByRole('heading', { name: 'Log in' }).waitFor();
      assert(
        assets.some((a) => /\/en-[\w-]+\.js$/.test(a.path)),
        'the English strings were fetched when English was chosen',
      );
      await page.getByText('日本語', { exact: true }).click();
      await page.getByRole('heading', { name: 'ログイン' }).waitFor();

      // the officer's visit form (a fresh browser context), still without the calendar's code
      const form = await s.page(PHONE);
      const formAssets = assetLog(form);
      await login(form, 'officer');
      await form.goto('/visits/new');
      await form.getByRole('heading', { name: '訪問の記録' }).waitFor();
      const visitForm = form.getByTestId('visit-form');
      const day = visitForm.getByRole('textbox', { name: '訪問日' });
      await day.waitFor();
      const loaded = formAssets.filter((a) => ON_DEMAND.test(a.path)).map((a) => a.path);
      assert(loaded.length === 0, `the visit form loaded on-demand chunks: ${loaded.join(', ')}`);
      w.log(`login + visit form: ${formAssets.length} asset answers, none of the on-demand chunks`);

      // the calendar: fetched on its first opening; a picked day fills the field as YYYY-MM-DD
      const before = await day.inputValue();
      assert(/^\d{4}-\d{2}-\d{2}$/.test(before), `the visit day is preset (${before})`);
      await visitForm.getByRole('button', { name: 'カレンダーから選ぶ' }).first().click();
      await form.getByRole('button', { name: /^1 / }).first().click();
      const after = await day.inputValue();
      assert(after === `${before.slice(0, 8)}01`, `the picked day fills the field: ${before} → ${after}`);
      assert(
        formAssets.some((a) => /\/DayPicker-[\w-]+\.js$/.test(a.path)),
        'the calendar chunk was fetched when the calendar was opened',
      );
      // typing still works, in any of the forms the field takes
      await day.fill('2024/4/5');
      await day.press('Tab');
      assert(
        (await day.inputValue()) === '2024-04-05',
        `typed day shown as YYYY-MM-DD: ${await day.inputValue()}`,
      );
    },
  },
  {
    name: 'first load: the login form in index.html takes typing and a submit before the app has run; the app keeps both',
    async run(w, s) {
      // typed and submitted before the app ran: the app sends it when it takes over
      const page = await s.page(PHONE);
      const problems = consoleProblems(page);
      const release = await holdEntryScript(page);
      await page.goto('/login', { waitUntil: 'domcontentloaded' });
      const plain = page.locator('form[data-boot-login]');
      await page.getByRole('heading', { name: 'ログイン' }).waitFor();
      assert((await plain.count()) === 1, 'index.html shows its plain login form');
      assert((await page.locator('form[data-app-login]').count()) === 0, 'the app has not run yet');
      await page.getByRole('textbox', { name: 'ユーザー名', exact: true }).fill('officer');
      await page.getByRole('textbox', { name: 'パスワード', exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'ログイン', exact: true }).click();
      assert(new URL(page.url()).pathname === '/login', 'the plain form does not navigate away');
      assert(!page.url().includes(PASSWORD), 'the password never goes into the URL');
      assert((await plain.getAttribute('data-submitted')) !== null, 'the early submit is kept');
      release();
      await page.waitForURL((url) => url.pathname === '/home');
      await page.getByTestId('header-user').waitFor();
      assert(problems.length === 0, `no console errors (CSP): ${problems.join(' | ')}`);

      // typed but not submitted: the app's form has the text and the focus, then logs in
      const second = await s.page(PHONE);
      const release2 = await holdEntryScript(second);
      await second.goto('/login', { waitUntil: 'domcontentloaded' });
      await second.getByRole('textbox', { name: 'ユーザー名', exact: true }).fill('officer');
      const pass = second.getByRole('textbox', { name: 'パスワード', exact: true });
      await pass.fill(PASSWORD.slice(0, 4));
      release2();
      await second.locator('form[data-app-login]').waitFor();
      assert((await second.locator('form[data-boot-login]').count()) === 0, 'the plain form is gone');
      const user = await second.getByRole('textbox', { name: 'ユーザー名', exact: true }).inputValue();
      assert(user === 'officer', `the typed user name is kept: ${user}`);
      assert(await pass.evaluate((el) => el.matches(':focus')), 'the password field still has the focus');
      await second.keyboard.type(PASSWORD.slice(4));
      assert((await pass.inputValue()) === PASSWORD, 'typing goes on where it was');
      await second.keyboard.press('Enter');
      await second.waitForURL((url) => url.pathname === '/home');

      // a session, a reload or English: no plain form (the app decides there)
      await second.goto('/login');
      await second.waitForURL((url) => url.pathname === '/home');
      const english = await s.page(PHONE);
      await english.addInitScript("localStorage.setItem('outreach.lang', 'en')");
      await english.goto('/login');
      await english.getByRole('heading', { name: 'Log in' }).waitFor();
      assert(
        (await english.locator('form[data-boot-login]').count()) === 0,
        'no Japanese plain form in English',
      );
      w.log('plain login form: early submit sent by the app, typed text and focus kept');
    },
  },
];
