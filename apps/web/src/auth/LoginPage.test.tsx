import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { AuthContext } from './AuthContext';
import { LoginPage } from './LoginPage';
import { Providers } from '../Providers';
import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';

function renderLogin(login: (u: string, p: string, otp?: string) => Promise<never>, state?: unknown) {
  return render(
    <Providers>
      <MemoryRouter initialEntries={[{ pathname: '/login', state }]}>
        <AuthContext.Provider value={{ user: null, status: 'anonymous', login, logout: vi.fn() }}>
          <LoginPage />
        </AuthContext.Provider>
      </MemoryRouter>
    </Providers>,
  );
}

describe('LoginPage', () => {
  it('labels its fields and requires both', async () => {
    const login = vi.fn();
    renderLogin(login);
    fireEvent.click(screen.getByRole('button', { name: 'ログイン' }));
    expect(await screen.findAllByText('入力してください。')).toHaveLength(2);
    expect(login).not.toHaveBeenCalled();
  });

  it('shows the lockout message on 429', async () => {
    const login = vi.fn(async () => {
      throw new ApiError(429, { statusCode: 429, message: 'Too many login failures' }, 900);
    });
    renderLogin(login);
    fireEvent.change(screen.getByLabelText(/ユーザー名/), { target: { value: 'tanaka' } });
    fireEvent.change(screen.getByLabelText(/パスワード/), { target: { value: 'wrong-password' } });
    fireEvent.click(screen.getByRole('button', { name: 'ログイン' }));
    expect((await screen.findByTestId('login-error')).textContent).toContain('約15分後');
    expect(login).toHaveBeenCalledWith('tanaka', 'wrong-password');
  });

  it('says the same thing for unknown users and wrong passwords', async () => {
    renderLogin(async () => {
      throw new ApiError(401, { statusCode: 401 });
    });
    fireEvent.change(screen.getByLabelText(/ユーザー名/), { target: { value: 'nobody' } });
    fireEvent.change(screen.getByLabelText(/パスワード/), { target: { value: 'x' } });
    fireEvent.click(screen.getByRole('button', { name: 'ログイン' }));
    expect((await screen.findByTestId('login-error')).textContent).toBe(
      'ユーザー名またはパスワードが正しくありません。',
    );
  });

  it('explains why the user is back at the login page', () => {
    renderLogin(vi.fn(), { reason: 'sessionExpired' });
    expect(screen.getByRole('status').textContent).toContain('セッションの有効期限が切れた');
  });

  it('asks for the second factor when the server wants it, and sends it with the password', async () => {
    const login = vi.fn(async (_u: string, _p: string, otp?: string) => {
      if (!otp) throw new ApiError(401, { statusCode: 401, code: 'auth.otp_required' });
      throw new ApiError(401, { statusCode: 401, code: 'auth.otp_invalid' });
    });
    renderLogin(login);
    fireEvent.change(screen.getByLabelText(/ユーザー名/), { target: { value: 'yamamoto' } });
    fireEvent.change(screen.getByLabelText(/パスワード/), { target: { value: 'correct-password' } });
    fireEvent.click(screen.getByRole('button', { name: 'ログイン' }));
    expect((await screen.findByTestId('otp-needed')).textContent).toContain('確認コード');
    expect(screen.queryByTestId('login-error')).toBeNull();
    fireEvent.change(screen.getByLabelText(/確認コード/), { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: '確認してログイン' }));
    expect(await screen.findByText(/確認コードが正しくないか/)).toBeTruthy();
    expect(login).toHaveBeenLastCalledWith('yamamoto', 'correct-password', '123456');
  });

  it('tells to ask the admin when the one-time password has expired', async () => {
    renderLogin(async () => {
      throw new ApiError(401, { statusCode: 401, code: 'auth.password_expired' });
    });
    fireEvent.change(screen.getByLabelText(/ユーザー名/), { target: { value: 'newcomer' } });
    fireEvent.change(screen.getByLabelText(/パスワード/), { target: { value: 'one-time-pass' } });
    fireEvent.click(screen.getByRole('button', { name: 'ログイン' }));
    expect((await screen.findByTestId('login-error')).textContent).toContain('管理者');
  });

  describe("taking over index.html's plain form", () => {
    /** index.html's form as the page has it before the app runs (apps/web/index.html) */
    function plainForm(username: string, password: string, opts: { submitted?: boolean } = {}) {
      const host = document.createElement('div');
      host.innerHTML = `<form data-boot-login novalidate${opts.submitted ? ' data-submitted' : ''}>
        <input name="username" value="${username}"><input name="password" type="password" value="${password}">
        <button type="submit">ログイン</button></form>`;
      document.body.appendChild(host);
      return host;
    }
    afterEach(() =>
      document.querySelectorAll('form[data-boot-login]').forEach((f) => f.parentElement?.remove()),
    );

    it('keeps what was typed and the focus with its caret', () => {
      const host = plainForm('tanaka', 'secr');
      const pass = host.querySelector<HTMLInputElement>('input[name="password"]')!;
      pass.focus();
      pass.setSelectionRange(2, 2);
      const { container } = renderLogin(vi.fn());
      const page = within(container);
      expect(page.getByLabelText<HTMLInputElement>(/ユーザー名/).value).toBe('tanaka');
      const appPass = page.getByLabelText<HTMLInputElement>(/パスワード/);
      expect(appPass.value).toBe('secr');
      expect(document.activeElement).toBe(appPass);
      expect(appPass.selectionStart).toBe(2);
      expect(container.querySelector('form[data-app-login]')).not.toBeNull();
    });

    it('sends a submit made before the app ran, once, with what was typed', async () => {
      plainForm('tanaka', 'right-password', { submitted: true });
      const login = vi.fn(async () => {
        throw new ApiError(401, { statusCode: 401 });
      });
      const { container } = renderLogin(login);
      expect((await within(container).findByTestId('login-error')).textContent).toBe(
        'ユーザー名またはパスワードが正しくありません。',
      );
      expect(login).toHaveBeenCalledTimes(1);
      expect(login).toHaveBeenCalledWith('tanaka', 'right-password');
    });

    it('checks an early submit like any other (empty fields are asked for, nothing is sent)', async () => {
      plainForm('', '', { submitted: true });
      const login = vi.fn();
      const { container } = renderLogin(login);
      await waitFor(() => expect(within(container).getAllByText('入力してください。')).toHaveLength(2));
      expect(login).not.toHaveBeenCalled();
    });

    it('starts empty without a plain form (a later visit to the login page)', () => {
      const { container } = renderLogin(vi.fn());
      expect(within(container).getByLabelText<HTMLInputElement>(/ユーザー名/).value).toBe('');
    });
  });
});
