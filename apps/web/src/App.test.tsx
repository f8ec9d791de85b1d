import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { tokenStore } from './api/client';
import { AppRoutes } from './App';
import { AuthProvider } from './auth/AuthContext';
import { Providers } from './Providers';
import { jsonResponse, mockFetch, officer } from './test/render';

function renderApp(route: string) {
  return render(
    <Providers>
      <MemoryRouter initialEntries={[route]}>
        <AuthProvider>
          <AppRoutes />
        </AuthProvider>
      </MemoryRouter>
    </Providers>,
  );
}

describe('app shell', () => {
  it('sends an anonymous visitor to the login page', async () => {
    mockFetch({});
    renderApp('/organizations');
    expect(await screen.findByRole('button', { name: 'ログイン' })).toBeTruthy();
  });

  it('shows the officer navigation and the user in the header', async () => {
    tokenStore.set('tok');
    mockFetch({
      'GET /auth/me': () => jsonResponse(officer),
      'GET /stations': () =>
        jsonResponse({
          items: [
            {
              id: officer.stationId,
              code: 'iwakuni',
              name: '岩国警察署',
              prefectureCode: '35',
              municipalityCodes: ['35208'],
            },
          ],
        }),
    });
    renderApp('/visits');
    expect(await screen.findByText('田中 一郎')).toBeTruthy();
    expect(await screen.findByText(/岩国警察署/)).toBeTruthy();
    for (const label of [
      '組織',
      '訪問記録',
      'セミナー',
      '相談・事案',
      '関係機関',
      '協議会',
      'レポート・出力',
    ]) {
      expect(screen.getAllByText(label).length).toBeGreaterThan(0);
    }
    expect(screen.queryByText('承認待ち')).toBeNull();
    expect(screen.queryByText('ユーザー')).toBeNull();
  });

  it('returns to the login page with the expiry message on a 401', async () => {
    tokenStore.set('tok');
    mockFetch({
      'GET /auth/me': () => jsonResponse(officer),
      'GET /visits': () =>
        jsonResponse({ statusCode: 401, error: 'Unauthorized', message: 'session expired' }, 401),
    });
    renderApp('/visits');
    expect(await screen.findByText(/セッションの有効期限が切れた/)).toBeTruthy();
    expect(tokenStore.get()).toBeNull();
  });
});
