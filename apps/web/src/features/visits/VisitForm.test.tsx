import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import i18n from '../../i18n';
import { jsonResponse, mockFetch, officer, renderWithApp } from '../../test/render';
import {
  createVisitBody,
  emptyVisitValues,
  validateVisit,
  VisitForm,
  visitFields,
  type VisitFormValues,
} from './VisitForm';

const t = i18n.getFixedT('ja');
const org = { id: '33333333-3333-4333-8333-333333333333', name: '岩国精機株式会社' };

describe('visit form rules', () => {
  it('defaults to now in Japan and the signed-in officer', () => {
    const v = emptyVisitValues('u1', null, new Date('2024-03-31T16:10:00Z'));
    expect(v.date).toBe('2024-04-01');
    expect(v.time).toBe('01:10');
    expect(v.officerIds).toEqual(['u1']);
    expect(v.format).toBe('on_site');
  });

  it('requires organization, date, time and an officer', () => {
    const v: VisitFormValues = { ...emptyVisitValues('u1', null), officerIds: [], date: '2024-02-30' };
    const e = validateVisit(v, t);
    expect(e.organization).toBeDefined();
    expect(e.date).toBe('日付を YYYY-MM-DD 形式で入力してください。');
    expect(e.officerIds).toBe('担当者を1人以上選択してください。');
  });

  it('builds the API payload: JST offset, contacts by id, new people by name, empty follow-ups dropped', () => {
    const v: VisitFormValues = {
      ...emptyVisitValues('u1', org),
      date: '2023-06-21',
      time: '14:30',
      topics: ['leak_cases', 'cyber_trends'],
      attendees: [
        { key: 'a', contactId: 'c1', name: '山田', role: 'manager' },
        { key: 'b', contactId: null, name: ' 佐藤 ', role: 'employee', createContact: true },
      ],
      followUps: [
        { key: 'f1', id: 'fu-1', title: '資料送付', dueOn: '2023-07-31', status: 'open' },
        { key: 'f2', title: '  ', dueOn: null, status: 'open' },
      ],
      summary: ' 概要 ',
    };
    expect(createVisitBody(v)).toEqual({
      organizationId: org.id,
      visitedAt: '2023-06-21T14:30:00+09:00',
      format: 'on_site',
      officerIds: ['u1'],
      jointWith: null,
      attendees: [
        { contactId: 'c1', role: 'manager' },
        { name: '佐藤', role: 'employee', createContact: true },
      ],
      topics: ['leak_cases', 'cyber_trends'],
      materials: [],
      summary: '概要',
      concernsRaised: null,
      followUps: [{ id: 'fu-1', title: '資料送付', dueOn: '2023-07-31', status: 'open' }],
    });
  });

  it('an edit sends no organizationId: the server refuses it on PATCH (issue 11)', () => {
    const v: VisitFormValues = { ...emptyVisitValues('u1', org), date: '2023-06-21', time: '14:30' };
    expect(Object.keys(visitFields(v))).not.toContain('organizationId');
  });
});

describe('VisitForm', () => {
  it('shows the eight topics as labelled checkboxes and saves then submits', async () => {
    const calls = mockFetch({
      'GET /users/station-officers': () =>
        jsonResponse({ items: [{ id: officer.id, displayName: officer.displayName, role: 'officer' }] }),
      [`GET /organizations/${org.id}/contacts`]: () =>
        jsonResponse({
          items: [
            { id: 'c1', organizationId: org.id, name: '山田 花子', title: '総務部長', role: 'manager' },
          ],
        }),
      'POST /visits': ({ body }) =>
        jsonResponse({ ...(body as object), id: 'v1', status: 'draft', version: 1 }),
      'POST /visits/v1/submit': () => jsonResponse({ id: 'v1', status: 'submitted', version: 2 }),
    });
    const onDone = vi.fn();
    renderWithApp(<VisitForm initialOrganization={org} onDone={onDone} />);

    for (const label of [
      '技術流出事案の紹介',
      '対日有害活動の情勢',
      'サイバー攻撃の情勢',
      '社内相談窓口の設置等',
      '輸出管理',
      '内部不正対策',
      '情報管理',
      'その他',
    ]) {
      expect(screen.getByLabelText(label)).toBeTruthy();
    }
    fireEvent.click(screen.getByLabelText('技術流出事案の紹介'));
    // pick a contact of the organization as attendee
    fireEvent.click(await screen.findByText('山田 花子（総務部長）'));
    fireEvent.change(screen.getByLabelText('概要'), { target: { value: '技術流出の事例を紹介した。' } });
    fireEvent.click(screen.getByTestId('visit-submit'));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const post = calls.find((c) => c.method === 'POST' && c.path === '/visits');
    const body = post?.body as Record<string, unknown>;
    expect(body.organizationId).toBe(org.id);
    expect(body.topics).toEqual(['leak_cases']);
    expect(body.attendees).toEqual([{ contactId: 'c1', role: 'manager' }]);
    expect(body.officerIds).toEqual([officer.id]);
    expect(String(body.visitedAt)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+09:00$/);
    const submit = calls.find((c) => c.path === '/visits/v1/submit');
    expect(submit?.body).toEqual({ version: 1 });
    expect(onDone).toHaveBeenCalledWith(expect.objectContaining({ id: 'v1', status: 'submitted' }), true);
  });

  it('sends a create again after a lost answer with the same Idempotency-Key, and a new one after a save', async () => {
    let fail = true;
    const calls = mockFetch({
      'POST /visits': ({ body }) => {
        if (fail) {
          fail = false;
          return Promise.reject(new TypeError('Failed to fetch'));
        }
        return jsonResponse({ ...(body as object), id: 'v1', status: 'draft', version: 1 });
      },
    });
    const onDone = vi.fn();
    renderWithApp(<VisitForm initialOrganization={org} onDone={onDone} />);
    fireEvent.click(screen.getByTestId('visit-save-draft'));
    await waitFor(() => expect(calls.filter((c) => c.path === '/visits')).toHaveLength(1));
    await screen.findByRole('alert');
    fireEvent.click(screen.getByTestId('visit-save-draft'));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const keys = calls.filter((c) => c.path === '/visits').map((c) => c.headers.get('Idempotency-Key'));
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
  });

  it('puts server field errors beside the organization field', async () => {
    mockFetch({
      'POST /visits': () =>
        jsonResponse(
          {
            statusCode: 400,
            error: 'Bad Request',
            message: '入力内容に誤りがあります',
            details: [{ field: 'organizationId', message: '組織が見つかりません' }],
          },
          400,
        ),
    });
    renderWithApp(<VisitForm initialOrganization={org} onDone={vi.fn()} />);
    fireEvent.click(screen.getByTestId('visit-save-draft'));
    expect(await screen.findByText('組織が見つかりません')).toBeTruthy();
  });
});
