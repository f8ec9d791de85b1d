import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { RequireRole } from '../auth/guards';
import { renderWithApp } from '../test/render';
import { ErrorAlert } from './ErrorAlert';

describe('ErrorAlert', () => {
  it('says what a wrong record id means and where to go, without a useless retry', () => {
    const err = new ApiError(404, {
      statusCode: 404,
      code: 'visit.not_found',
      message: 'visit が見つかりません (not found)',
    });
    renderWithApp(<ErrorAlert error={err} onRetry={() => undefined} />, { route: '/visits/123' });
    expect(screen.getByText('お探しの記録は見つかりません')).toBeTruthy();
    expect(screen.queryByText(/サーバーからの詳細/)).toBeNull();
    expect(screen.queryByRole('button', { name: '再試行' })).toBeNull();
    expect(screen.getByRole('link', { name: /訪問記録の一覧へ/ }).getAttribute('href')).toBe('/visits');
  });
});

describe('RequireRole', () => {
  it('tells an officer whose screen the approvals are instead of redirecting silently', () => {
    renderWithApp(
      <RequireRole roles={['manager']}>
        <p>決裁待ち</p>
      </RequireRole>,
      { route: '/approvals' },
    );
    expect(screen.queryByText('決裁待ち')).toBeNull();
    expect(screen.getByRole('alert').textContent).toContain('課長・署長');
    expect(screen.getByRole('link', { name: 'トップへ戻る' })).toBeTruthy();
  });
});
