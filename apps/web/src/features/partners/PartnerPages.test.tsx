import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import type { Me, NetworkMember, Partner } from '../../api/types';
import { jsonResponse, mockFetch, officer, renderWithApp } from '../../test/render';
import {
  LiaisonForm,
  memberBody,
  duplicateNames,
  mergeTargets,
  PartnerDetailPage,
  PartnerForm,
  partnerFields,
  partnerToValues,
  PartnersPage,
} from './PartnerPages';

const hq: Me = {
  ...officer,
  id: '44444444-4444-4444-8444-444444444444',
  username: 'hq',
  displayName: '本部 太郎',
  role: 'hq',
  stationId: null,
};

const partner: Partner = {
  id: 'p1',
  prefectureCode: '35',
  stationId: null,
  stationName: null,
  status: 'active',
  mergedIntoId: null,
  name: '山口県 商工労働部',
  normalizedName: '山口県商工労働部イノベーション推進課',
  kind: 'prefecture',
  department: 'イノベーション推進課',
  contactName: null,
  phone: null,
  email: null,
  notes: null,
  memberCount: 0,
  version: 3,
};

const network: Partner = {
  ...partner,
  id: 'n1',
  name: '岩国地域技術流出防止ネットワーク',
  kind: 'network',
  memberCount: 2,
};

const ownPartner: Partner = {
  ...partner,
  id: 'p2',
  name: '岩国市 産業振興部 商工振興課',
  normalizedName: '岩国市産業振興部商工振興課',
  kind: 'municipality',
  department: null,
  stationId: officer.stationId,
  stationName: '岩国警察署',
  version: 1,
};

const members: NetworkMember[] = [
  {
    id: 'm1',
    networkId: 'n1',
    organizationId: 'o1',
    organizationName: '岩国精密工業株式会社',
    stationId: officer.stationId,
    partnerId: null,
    partnerName: null,
  },
  {
    id: 'm2',
    networkId: 'n1',
    organizationId: null,
    organizationName: null,
    stationId: null,
    partnerId: 'p1',
    partnerName: '山口県 商工労働部',
  },
];

const PARTNER_KEYS = ['contactName', 'department', 'email', 'kind', 'name', 'notes', 'phone'];

describe('partner bodies', () => {
  it('an edit sends the UpdatePartnerDto fields, blanks cleared', () => {
    expect(partnerFields(partnerToValues(partner))).toEqual({
      name: '山口県 商工労働部',
      kind: 'prefecture',
      department: 'イノベーション推進課',
      contactName: null,
      phone: null,
      email: null,
      notes: null,
    });
  });

  it('a member is exactly one of an organization or a partner', () => {
    expect(
      memberBody({ type: 'organization', organization: { id: 'o1', name: 'A社' }, partnerId: 'p1' }),
    ).toEqual({
      organizationId: 'o1',
    });
    expect(memberBody({ type: 'partner', organization: { id: 'o1', name: 'A社' }, partnerId: 'p1' })).toEqual(
      {
        partnerId: 'p1',
      },
    );
  });
});

describe('PartnerForm', () => {
  it('sends exactly the CreatePartnerDto fields on create', async () => {
    const calls = mockFetch({
      'POST /partners': ({ body }) => jsonResponse({ ...partner, ...(body as object), id: 'p9', version: 1 }),
    });
    const onDone = vi.fn();
    renderWithApp(<PartnerForm onDone={onDone} />, { user: hq });
    fireEvent.change(screen.getByLabelText(/名称/), { target: { value: ' 岩国市 産業振興部 ' } });
    fireEvent.change(screen.getByLabelText('電話番号'), { target: { value: '0827-29-5000' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.body).toEqual({
      name: '岩国市 産業振興部',
      kind: 'prefecture',
      department: null,
      contactName: null,
      phone: '0827-29-5000',
      email: null,
      notes: null,
    });
  });

  it('sends exactly the UpdatePartnerDto fields and the version read on edit', async () => {
    const calls = mockFetch({
      'PATCH /partners/p1': ({ body }) => jsonResponse({ ...partner, ...(body as object), version: 4 }),
    });
    const onDone = vi.fn();
    renderWithApp(<PartnerForm partner={partner} onDone={onDone} />, { user: hq });
    fireEvent.change(screen.getByLabelText('担当者'), { target: { value: '山田' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const body = calls.find((c) => c.method === 'PATCH')?.body as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([...PARTNER_KEYS, 'version'].sort());
    expect(body).toMatchObject({ contactName: '山田', version: 3 });
  });

  it('opens the conflict dialog on a stale version', async () => {
    mockFetch({
      'PATCH /partners/p1': () =>
        jsonResponse({ statusCode: 409, code: 'partner.stale_version', message: 'stale' }, 409),
      'GET /partners/p1': () => jsonResponse({ ...partner, name: '山口県 商工労働部（新）', version: 5 }),
    });
    renderWithApp(<PartnerForm partner={partner} onDone={vi.fn()} />, { user: hq });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText('更新が競合しました')).toBeTruthy();
    expect(screen.getByText('山口県 商工労働部（新）')).toBeTruthy();
  });
});

describe('LiaisonForm', () => {
  it('sends exactly the CreateLiaisonDto fields', async () => {
    const calls = mockFetch({
      'POST /partners/p1/liaisons': ({ body }) => jsonResponse({ ...(body as object), id: 'l1' }),
    });
    const onDone = vi.fn();
    renderWithApp(<LiaisonForm partnerId="p1" onDone={onDone} />);
    fireEvent.change(screen.getByLabelText(/件名/), { target: { value: '技術流出防止の連携' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const body = calls.find((c) => c.method === 'POST')?.body as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([
      'agreed',
      'followUp',
      'heldOn',
      'ourAttendees',
      'subject',
      'theirAttendees',
    ]);
    expect(body).toMatchObject({
      subject: '技術流出防止の連携',
      ourAttendees: [officer.displayName],
      theirAttendees: [],
      agreed: null,
      followUp: null,
    });
    expect(String(body.heldOn)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('partner screens by role', () => {
  const list = () => jsonResponse({ items: [partner, network], total: 2, page: 1, pageSize: 50 });

  it("officers get the create button (their station's own partners); the list says whose each is", async () => {
    mockFetch({
      'GET /partners': () => jsonResponse({ items: [partner, ownPartner], total: 2, page: 1, pageSize: 50 }),
    });
    renderWithApp(<PartnersPage />);
    expect(await screen.findByText('山口県 商工労働部')).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: '管轄' })).toBeTruthy();
    expect(screen.getByText('県内共通')).toBeTruthy();
    expect(screen.getByText('岩国警察署')).toBeTruthy();
    expect(screen.getByRole('button', { name: '関係機関を登録' })).toBeTruthy();
  });

  it("an officer edits their station's own partner, not a prefecture-wide one, and never merges", async () => {
    mockFetch({
      'GET /partners/p2': () => jsonResponse(ownPartner),
      'GET /partners/p2/liaisons': () => jsonResponse({ items: [], total: 0, page: 1, pageSize: 200 }),
      'GET /partners/p1': () => jsonResponse(partner),
      'GET /partners/p1/liaisons': () => jsonResponse({ items: [], total: 0, page: 1, pageSize: 200 }),
    });
    const { unmount } = renderWithApp(
      <Routes>
        <Route path="/partners/:id" element={<PartnerDetailPage />} />
      </Routes>,
      { route: '/partners/p2' },
    );
    expect(await screen.findByRole('button', { name: '編集' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: '統合' })).toBeNull();
    unmount();
    renderWithApp(
      <Routes>
        <Route path="/partners/:id" element={<PartnerDetailPage />} />
      </Routes>,
      { route: '/partners/p1' },
    );
    expect(await screen.findByText('県内共通')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '編集' })).toBeNull();
  });

  it('warns about likely duplicates after a create', async () => {
    mockFetch({
      'POST /partners': ({ body }) =>
        jsonResponse(
          {
            ...ownPartner,
            ...(body as object),
            id: 'p9',
            possibleDuplicates: [{ id: 'p3', name: '和木町 総務課', department: null, stationId: null }],
          },
          201,
        ),
    });
    renderWithApp(<PartnerForm onDone={vi.fn()} />);
    expect(screen.getByText(/自署の関係機関として登録します/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/名称/), { target: { value: '和木町総務課' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText('重複の可能性があります')).toBeTruthy();
    expect(screen.getByText(/和木町 総務課/)).toBeTruthy();
  });

  it('hq merges a duplicate into a prefecture-wide or same-station partner', async () => {
    const other: Partner = { ...ownPartner, id: 'p4', stationId: 'other-station', stationName: '柳井警察署' };
    const twin: Partner = { ...ownPartner, id: 'p5', stationId: null, stationName: null, version: 6 };
    expect(mergeTargets(ownPartner, [partner, ownPartner, other]).map((p) => p.id)).toEqual(['p1']);
    // the likely duplicate comes first
    expect(mergeTargets(ownPartner, [partner, twin, other]).map((p) => p.id)).toEqual(['p5', 'p1']);
    expect([...duplicateNames([partner, ownPartner, twin])]).toEqual([ownPartner.normalizedName]);
    expect(mergeTargets(network, [partner, network]).map((p) => p.id)).toEqual([]);
    const calls = mockFetch({
      'GET /partners/p2': () => jsonResponse(ownPartner),
      'GET /partners/p2/liaisons': () => jsonResponse({ items: [], total: 0, page: 1, pageSize: 200 }),
      'GET /partners': () =>
        jsonResponse({ items: [partner, ownPartner, other], total: 3, page: 1, pageSize: 200 }),
      'POST /partners/p2/merge': () =>
        jsonResponse({
          partner: { ...partner, version: 4 },
          merged: { ...ownPartner, status: 'archived', mergedIntoId: 'p1', version: 2 },
          moved: { liaisons: 2, networkMembers: 0, memberships: 1, seminars: 0 },
        }),
      'GET /partners/p1': () => jsonResponse({ ...partner, version: 4 }),
      'GET /partners/p1/liaisons': () => jsonResponse({ items: [], total: 0, page: 1, pageSize: 200 }),
    });
    renderWithApp(
      <Routes>
        <Route path="/partners/:id" element={<PartnerDetailPage />} />
      </Routes>,
      { route: '/partners/p2', user: hq },
    );
    fireEvent.click(await screen.findByRole('button', { name: '統合' }));
    const select = await screen.findByRole('textbox', { name: /残す関係機関/ });
    fireEvent.click(select);
    fireEvent.click(await screen.findByRole('option', { name: /山口県 商工労働部/, hidden: true }));
    expect(screen.queryByRole('option', { name: /柳井警察署/, hidden: true })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '統合する' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      intoId: 'p1',
      version: 1,
      intoVersion: 3,
    });
  });

  it('hq gets the create button', async () => {
    mockFetch({ 'GET /partners': list });
    renderWithApp(<PartnersPage />, { user: hq });
    expect(await screen.findByRole('button', { name: '関係機関を登録' })).toBeTruthy();
  });

  it('a network lists its members; an officer removes only their station’s organizations', async () => {
    const calls = mockFetch({
      'GET /partners/n1': () => jsonResponse(network),
      'GET /partners/n1/members': () => jsonResponse({ items: members }),
      'GET /partners/n1/liaisons': () => jsonResponse({ items: [], total: 0, page: 1, pageSize: 200 }),
      'DELETE /partners/n1/members/m1': () => new Response(null, { status: 204 }),
    });
    renderWithApp(
      <Routes>
        <Route path="/partners/:id" element={<PartnerDetailPage />} />
      </Routes>,
      { route: '/partners/n1' },
    );
    expect(await screen.findByText('岩国精密工業株式会社')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '編集' })).toBeNull();
    expect(screen.queryByRole('button', { name: '取り除く: 山口県 商工労働部' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '取り除く: 岩国精密工業株式会社' }));
    fireEvent.click(await screen.findByRole('button', { name: '取り除く' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE')).toBe(true));
    expect(calls.find((c) => c.method === 'DELETE')?.path).toBe('/partners/n1/members/m1');
  });

  it('adding a member sends the organization only', async () => {
    const calls = mockFetch({
      'GET /partners/n1': () => jsonResponse(network),
      'GET /partners/n1/members': () => jsonResponse({ items: [] }),
      'GET /organizations': () =>
        jsonResponse({ items: [{ id: 'o7', name: '岩国化学株式会社' }], total: 1, page: 1, pageSize: 20 }),
      'POST /partners/n1/members': ({ body }) =>
        jsonResponse({ ...members[0], id: 'm7', ...(body as object), organizationName: '岩国化学株式会社' }),
    });
    renderWithApp(
      <Routes>
        <Route path="/partners/:id" element={<PartnerDetailPage />} />
      </Routes>,
      { route: '/partners/n1' },
    );
    fireEvent.click(await screen.findByRole('button', { name: '構成員を追加' }));
    const picker = await screen.findByRole('textbox', { name: /対象事業者/ });
    fireEvent.focus(picker);
    fireEvent.click(picker);
    await waitFor(() => expect(calls.some((c) => c.path === '/organizations')).toBe(true));
    // the dropdown is mid-transition in jsdom, so its options count as hidden
    fireEvent.click(await screen.findByRole('option', { name: '岩国化学株式会社', hidden: true }));
    fireEvent.click(screen.getByRole('button', { name: '追加' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ organizationId: 'o7' });
  });
});
