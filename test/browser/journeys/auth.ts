/** Signing in: a wrong password is refused with the Japanese message. */
import { assert, shot, type Scenario } from '../harness';

export const authJourneys: Scenario[] = [
  {
    name: '(f) a wrong password shows the Japanese error message',
    async run(_w, s) {
      const page = await s.page();
      await page.goto('/login');
      await page.getByRole('textbox', { name: 'ユーザー名', exact: true }).fill('officer2');
      await page.getByRole('textbox', { name: 'パスワード', exact: true }).fill('not-the-password');
      await page.getByRole('button', { name: 'ログイン', exact: true }).click();
      const error = page.getByTestId('login-error');
      await error.waitFor();
      const text = (await error.textContent())?.trim();
      assert(text === 'ユーザー名またはパスワードが正しくありません。', `message: ${text}`);
      assert(new URL(page.url()).pathname === '/login', 'still on the login page');
      assert(
        (await page.getByRole('textbox', { name: 'パスワード', exact: true }).inputValue()) === '',
        'password cleared',
      );
      await shot(page, 'login-error', false);
    },
  },
];
