import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { AuditEvent, CodeItem, Me, Station, User } from '../../api/types';
import { jsonResponse, mockFetch, officer, renderWithApp } from '../../test/render';
import { AuditPage } from './AuditPage';
import { CodeForm } from './CodeListsPage';
import { StationForm } from './StationsPage';
import { ResetPasswordForm, UserForm } from './UsersPage';

const admin: Me = {
  ...officer,
  id: '99999999-9999-4999-8999-999999999999',
  username: 'admin',
  displayName: '管理者',
  role: 'admin',
  stationId: null,
};

const station: Station = {
  id: '22222222-2222-4222-8222-222222222222',
  code: 'iwakuni',
  name: '岩国警察署',
  prefectureCode: '35',
  municipalityCodes: ['35208'],
  version: 2,
};

const user: User = {
  id: 'u1',
  username: 'tanaka',
  displayName: '田中 一郎',
  role: 'officer',
  stationId: station.id,
  disabled: false,
  mustChangePassword: false,
  mfaEnabled: false,
  version: 7,
};

const code: CodeItem = {
  kind: 'sector',
  code: 'advanced_tech',
  labelJa: '先端技術',
  labelEn: 'Advanced technology',
  sortOrder: 10,
  active: true,
};

const stationsRoute = { 'GET /stations': () => jsonResponse({ items: [station] }) };

describe('UserForm', () => {
  it('creates with exactly CreateUserDto fields', async () => {
    const calls = mockFetch({
      ...stationsRoute,
      'POST /users': ({ body }) => jsonResponse({ ...user, ...(body as object), id: 'u2', version: 1 }),
    });
    const onDone = vi.fn();
    renderWithApp(<UserForm onDone={onDone} />, { user: admin });
    fireEvent.change(screen.getByLabelText(/^ユーザー名/), { target: { value: ' suzuki ' } });
    fireEvent.change(screen.getByLabelText(/^表示名/), { target: { value: '鈴木 花子' } });
    fireEvent.change(screen.getByLabelText(/^初期パスワード/), { target: { value: 'kawa-sakura-2024' } });
    await waitFor(() => expect(calls.some((c) => c.path === '/stations')).toBe(true));
    fireEvent.click(screen.getByRole('textbox', { name: /所属警察署/ }));
    fireEvent.click(await screen.findByRole('option', { name: '岩国警察署', hidden: true }));
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      username: 'suzuki',
      displayName: '鈴木 花子',
      role: 'officer',
      stationId: station.id,
      password: 'kawa-sakura-2024',
    });
  });

  it('refuses a short password before sending', async () => {
    const calls = mockFetch(stationsRoute);
    renderWithApp(<UserForm onDone={vi.fn()} />, { user: admin });
    fireEvent.change(screen.getByLabelText(/^初期パスワード/), { target: { value: 'short' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText('パスワードは12文字以上にしてください。')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('edits with exactly UpdateUserDto fields (no username, no password)', async () => {
    const calls = mockFetch({
      ...stationsRoute,
      'PATCH /users/u1': ({ body }) => jsonResponse({ ...user, ...(body as object), version: 8 }),
    });
    const onDone = vi.fn();
    renderWithApp(<UserForm user={user} onDone={onDone} />, { user: admin });
    fireEvent.change(screen.getByLabelText(/^表示名/), { target: { value: '田中 一郎（警備課）' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({
      displayName: '田中 一郎（警備課）',
      role: 'officer',
      stationId: station.id,
      version: 7,
    });
  });

  it('resets a password with exactly the version and the password', async () => {
    const calls = mockFetch({
      ...stationsRoute,
      'PATCH /users/u1': () => jsonResponse({ ...user, mustChangePassword: true, version: 8 }),
    });
    const onDone = vi.fn();
    renderWithApp(<ResetPasswordForm user={user} onDone={onDone} />, { user: admin });
    fireEvent.change(screen.getByLabelText(/^新しいパスワード/), { target: { value: 'umi-no-hi-2024!' } });
    fireEvent.click(screen.getByRole('button', { name: 'パスワード再設定' }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({
      version: 7,
      password: 'umi-no-hi-2024!',
    });
  });

  it('puts the server’s password rule beside the field', async () => {
    mockFetch({
      ...stationsRoute,
      'PATCH /users/u1': () =>
        jsonResponse(
          {
            statusCode: 400,
            error: 'Bad Request',
            code: 'common.invalid_value',
            message: '入力内容に誤りがあります',
            details: [{ field: 'password', message: 'よく使われるパスワードは使えません' }],
          },
          400,
        ),
    });
    renderWithApp(<ResetPasswordForm user={user} onDone={vi.fn()} />, { user: admin });
    fireEvent.change(screen.getByLabelText(/^新しいパスワード/), { target: { value: 'password1234' } });
    fireEvent.click(screen.getByRole('button', { name: 'パスワード再設定' }));
    expect(await screen.findByText('よく使われるパスワードは使えません')).toBeTruthy();
  });
});

describe('StationForm', () => {
  it('creates with exactly CreateStationDto fields', async () => {
    const calls = mockFetch({
      'POST /stations': ({ body }) => jsonResponse({ ...station, ...(body as object) }),
    });
    const onDone = vi.fn();
    renderWithApp(<StationForm onDone={onDone} />, { user: admin });
    fireEvent.change(screen.getByLabelText(/^署コード/), { target: { value: 'yanai' } });
    fireEvent.change(screen.getByLabelText(/^名称/), { target: { value: '柳井警察署' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      code: 'yanai',
      name: '柳井警察署',
      prefectureCode: '35',
      municipalityCodes: [],
    });
  });

  it('edits with exactly UpdateStationDto fields; a bad code’s message lands on the codes field', async () => {
    const calls = mockFetch({
      'PATCH /stations/22222222-2222-4222-8222-222222222222': () =>
        jsonResponse(
          {
            statusCode: 400,
            error: 'Bad Request',
            code: 'common.invalid_value',
            message: '入力内容に誤りがあります',
            details: [{ field: 'municipalityCodes[0]', message: '市区町村コードは5桁の数字です' }],
          },
          400,
        ),
    });
    renderWithApp(<StationForm station={station} onDone={vi.fn()} />, { user: admin });
    fireEvent.change(screen.getByLabelText(/^名称/), { target: { value: '岩国警察署 ' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    expect(await screen.findByText('市区町村コードは5桁の数字です')).toBeTruthy();
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({
      name: '岩国警察署',
      municipalityCodes: ['35208'],
      version: 2,
    });
  });
});

describe('CodeForm', () => {
  it('creates with exactly CreateCodeListItemDto fields', async () => {
    const calls = mockFetch({
      'POST /code-lists': ({ body }) => jsonResponse({ ...code, ...(body as object) }),
    });
    const onDone = vi.fn();
    renderWithApp(<CodeForm kind="topic" onDone={onDone} />, { user: admin });
    fireEvent.change(screen.getByRole('textbox', { name: /^コード/ }), { target: { value: 'drones' } });
    fireEvent.change(screen.getByLabelText(/^表示名（日本語）/), { target: { value: 'ドローン' } });
    fireEvent.change(screen.getByLabelText(/^表示名（英語）/), { target: { value: 'Drones' } });
    fireEvent.change(screen.getByLabelText('表示順'), { target: { value: '20' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      kind: 'topic',
      code: 'drones',
      labelJa: 'ドローン',
      labelEn: 'Drones',
      sortOrder: 20,
    });
  });

  it('edits with exactly UpdateCodeListItemDto fields at /code-lists/:kind/:code', async () => {
    const calls = mockFetch({
      'PATCH /code-lists/sector/advanced_tech': ({ body }) => jsonResponse({ ...code, ...(body as object) }),
    });
    const onDone = vi.fn();
    renderWithApp(<CodeForm kind="sector" item={code} onDone={onDone} />, { user: admin });
    fireEvent.change(screen.getByLabelText(/^表示名（日本語）/), { target: { value: '先端技術分野' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({
      labelJa: '先端技術分野',
      labelEn: 'Advanced technology',
      sortOrder: 10,
    });
  });
});

describe('AuditPage', () => {
  it('reads as words: who (by name), what (in Japanese), which record (by name, linked) and field-by-field changes', async () => {
    const event: AuditEvent = {
      id: 'e1',
      occurredAt: '2024-04-01T10:15:00+09:00',
      actorId: user.id,
      actorUsername: 'tanaka',
      actorName: '田中 一郎',
      action: 'visit.approve',
      entityType: 'visit',
      entityId: 'v1',
      entityLabel: '株式会社岩国精密 2024-03-29',
      stationId: station.id,
      changes: { status: { before: 'submitted', after: 'approved' } },
      requestId: 'req-1',
      clientIp: '192.0.2.1',
    };
    const calls = mockFetch({
      'GET /audit-events': () => jsonResponse({ items: [event], total: 1, page: 1, pageSize: 50 }),
    });
    renderWithApp(<AuditPage />, { user: { ...admin, role: 'manager', stationId: station.id } });
    expect(await screen.findByText('田中 一郎')).toBeTruthy();
    expect(screen.getByText('令和6年4月1日 10:15')).toBeTruthy();
    expect(screen.getByText('訪問記録の承認（決裁）')).toBeTruthy();
    expect(screen.getByRole('link', { name: '株式会社岩国精密 2024-03-29' }).getAttribute('href')).toBe(
      '/visits/v1',
    );
    fireEvent.click(screen.getByRole('button', { name: '詳細' }));
    const changes = screen.getByRole('table', { name: '変更内容' });
    expect(changes.textContent).toContain('状態');
    expect(changes.textContent).toContain('決裁待ち');
    expect(changes.textContent).not.toContain('"after"');
    expect(screen.getByText('接続元: 192.0.2.1')).toBeTruthy();
    // a manager may not list users: no request for them
    expect(calls.some((c) => c.path === '/users')).toBe(false);
  });
});
