import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { AuthContext } from './AuthContext';
import { LoginPage } from './LoginPage';
import { Providers } from '../Providers';
import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';

function renderLogin(login: (u: string, p: string) => Promise<never>, state?: unknown) {
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
});
