import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, mockFetch, officer, renderWithApp } from '../test/render';
import { AccountPage } from './AccountPage';
import { qrDataUrl } from './MfaEnrolment';

const sessions = {
  items: [
    {
      id: 'aaaaaaaa-0000-4000-8000-000000000001',
      createdAt: '2026-12-01T09:00:00+09:00',
      lastSeenAt: '2026-12-01T10:00:00+09:00',
      expiresAt: '2026-12-01T21:00:00+09:00',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0) Chrome/120.0',
      device: 'Chrome / Windows',
      ipAddress: '10.0.0.5',
      current: true,
    },
    {
      id: 'aaaaaaaa-0000-4000-8000-000000000002',
      createdAt: '2026-11-30T09:00:00+09:00',
      lastSeenAt: '2026-11-30T18:00:00+09:00',
      expiresAt: '2026-11-30T21:00:00+09:00',
      userAgent: 'Mozilla/5.0 (iPhone) Version/17.0 Safari/604.1',
      device: 'Safari / iOS',
      ipAddress: '10.0.0.9',
      current: false,
    },
  ],
};
const mfaOff = { enabled: false, enabledAt: null, recoveryCodesLeft: 0, required: false };

afterEach(() => vi.unstubAllGlobals());

describe('AccountPage', () => {
  it('lists the sessions and ends another one with 終了', async () => {
    const calls = mockFetch({
      'GET /auth/sessions': () => jsonResponse(sessions),
      'GET /auth/mfa': () => jsonResponse(mfaOff),
      'DELETE /auth/sessions/aaaaaaaa-0000-4000-8000-000000000002': () => jsonResponse(null, 204),
    });
    renderWithApp(<AccountPage />);
    const rows = await screen.findAllByTestId('session-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByText('この端末')).toBeTruthy();
    expect(within(rows[1]).getByText('10.0.0.9')).toBeTruthy();
    fireEvent.click(within(rows[1]).getByRole('button', { name: /終了/ }));
    await waitFor(() =>
      expect(calls.some((c) => c.method === 'DELETE' && c.path.endsWith('000000000002'))).toBe(true),
    );
  });

  it('changes the password and shows the server’s rule per field', async () => {
    let attempt = 0;
    const calls = mockFetch({
      'GET /auth/sessions': () => jsonResponse(sessions),
      'GET /auth/mfa': () => jsonResponse(mfaOff),
      'GET /auth/me': () => jsonResponse(officer),
      'POST /auth/password': () =>
        ++attempt === 1
          ? jsonResponse(
              {
                statusCode: 400,
                code: 'auth.weak_password',
                message: 'weak',
                details: [{ field: 'newPassword', message: 'よく使われているパスワードは使えません' }],
              },
              400,
            )
          : jsonResponse(null, 204),
    });
    renderWithApp(<AccountPage />);
    const form = await screen.findByRole('form', { name: 'パスワード変更' });
    fireEvent.change(within(form).getByLabelText(/現在のパスワード/), {
      target: { value: 'old-password-1' },
    });
    fireEvent.change(within(form).getByLabelText(/^新しいパスワード(?!（)/), { target: { value: 'short' } });
    fireEvent.change(within(form).getByLabelText(/確認/), { target: { value: 'short' } });
    fireEvent.click(within(form).getByRole('button', { name: 'パスワードを変更' }));
    expect(await within(form).findByText('12文字以上にしてください。')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    fireEvent.change(within(form).getByLabelText(/^新しいパスワード(?!（)/), {
      target: { value: 'qwerty123456' },
    });
    fireEvent.change(within(form).getByLabelText(/確認/), { target: { value: 'qwerty123456' } });
    fireEvent.click(within(form).getByRole('button', { name: 'パスワードを変更' }));
    expect(await within(form).findByText('よく使われているパスワードは使えません')).toBeTruthy();

    fireEvent.change(within(form).getByLabelText(/^新しいパスワード(?!（)/), {
      target: { value: 'quiet-harbor-lantern' },
    });
    fireEvent.change(within(form).getByLabelText(/確認/), { target: { value: 'quiet-harbor-lantern' } });
    fireEvent.click(within(form).getByRole('button', { name: 'パスワードを変更' }));
    await waitFor(() =>
      expect(calls.filter((c) => c.method === 'POST').at(-1)?.body).toEqual({
        currentPassword: 'old-password-1',
        newPassword: 'quiet-harbor-lantern',
      }),
    );
  });

  it('enrols an authenticator: QR code and key, then the recovery codes once', async () => {
    const recoveryCodes = Array.from({ length: 10 }, (_, i) => `abcde-fgh${String(i).padStart(2, '0')}`);
    let confirmed = false;
    const calls = mockFetch({
      'GET /auth/sessions': () => jsonResponse(sessions),
      'GET /auth/mfa': () =>
        jsonResponse(
          confirmed
            ? {
                enabled: true,
                enabledAt: '2026-12-01T09:00:00+09:00',
                recoveryCodesLeft: 10,
                required: false,
              }
            : mfaOff,
        ),
      'GET /auth/me': () => jsonResponse({ ...officer, mfaEnabled: true }),
      'POST /auth/mfa/totp': () =>
        jsonResponse({
          secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
          otpauthUrl: 'otpauth://totp/Outreach%20CRM:tanaka?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
        }),
      'POST /auth/mfa/totp/confirm': () => {
        confirmed = true;
        return jsonResponse({ recoveryCodes });
      },
    });
    renderWithApp(<AccountPage />);
    fireEvent.click(await screen.findByRole('button', { name: '認証アプリを登録する' }));
    const qr = await screen.findByTestId<HTMLImageElement>('totp-qr');
    expect(qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(screen.getByTestId('totp-secret').textContent).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    fireEvent.change(screen.getByLabelText(/確認コード/), { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: '確認して有効にする' }));
    const list = await screen.findByTestId('recovery-codes');
    expect(within(list).getAllByRole('listitem')).toHaveLength(10);
    expect(calls.find((c) => c.path === '/auth/mfa/totp/confirm')?.body).toEqual({ otp: '123456' });
    // The codes stay until the user says they kept them; then the section shows the factor on.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.getByTestId('recovery-codes')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '保管しました' }));
    expect(await screen.findByTestId('mfa-on')).toBeTruthy();
  });

  it('makes the QR code a data URL with the qrcode package', async () => {
    const url = await qrDataUrl('otpauth://totp/x:y?secret=ABC');
    expect(decodeURIComponent(url)).toContain('<svg');
  });
});
