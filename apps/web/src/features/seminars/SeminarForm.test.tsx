import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Seminar } from '../../api/types';
import { todayJst } from '../../lib/format';
import { jsonResponse, mockFetch, officer, renderWithApp } from '../../test/render';
import { SeminarForm, seminarFieldMapper, seminarFields, seminarToValues } from './SeminarForm';

const orgId = '33333333-3333-4333-8333-333333333333';

const stored: Seminar = {
  id: 's1',
  stationId: officer.stationId!,
  title: '経済安全保障セミナー',
  kind: 'seminar',
  heldOn: '2023-03-15',
  venue: '岩国警察署 講堂',
  speakers: [
    { userId: officer.id, name: '警備課長' },
    { name: '外部有識者', affiliation: '山口大学' },
  ],
  partnerIds: [],
  topics: ['leak_cases'],
  participants: [
    { id: 'p1', organizationId: orgId, organizationName: '岩国中央病院', name: null, attendeeCount: 3 },
    { id: 'p2', organizationId: null, organizationName: null, name: '岩国商業高校', attendeeCount: 40 },
  ],
  totalAttendees: 43,
  councilItemIds: ['c1'],
  notes: null,
  createdBy: officer.id,
  createdAt: '2023-03-15T10:00:00+09:00',
  version: 4,
};

const FIELD_KEYS = [
  'heldOn',
  'kind',
  'notes',
  'participants',
  'partnerIds',
  'speakers',
  'title',
  'topics',
  'venue',
];

describe('seminar bodies', () => {
  it('reads an organization participant by the name the server sends (organizationName, issue 11)', () => {
    const v = seminarToValues(stored);
    expect(v.participants[0].organization).toEqual({ id: orgId, name: '岩国中央病院' });
    expect(v.participants[1]).toMatchObject({ organization: null, name: '岩国商業高校', attendeeCount: 40 });
  });

  it('an edit keeps a speaker’s officer link and sends no council items (they are linked elsewhere)', () => {
    const body = seminarFields(seminarToValues(stored));
    expect(Object.keys(body).sort()).toEqual(FIELD_KEYS);
    expect(body.speakers).toEqual([
      { userId: officer.id, name: '警備課長' },
      { name: '外部有識者', affiliation: '山口大学' },
    ]);
    expect(body.participants).toEqual([
      { organizationId: orgId, attendeeCount: 3 },
      { name: '岩国商業高校', attendeeCount: 40 },
    ]);
  });

  it('maps server paths of the blank-free list back onto the editor rows', () => {
    const v = seminarToValues();
    v.participants[2] = { ...v.participants[2], name: '岩国高校', attendeeCount: 5 };
    const map = seminarFieldMapper(v);
    expect(map('participants[0].attendeeCount')).toBe('participants.2.attendeeCount');
    expect(map('participants[0]')).toBe('participants.2.name');
    expect(map('speakers[1].userId')).toBe('speakers.1.userId');
  });
});

describe('SeminarForm', () => {
  it('sends exactly the CreateSeminarDto fields on create', async () => {
    const calls = mockFetch({
      'POST /seminars': ({ body }) => jsonResponse({ ...stored, ...(body as object), id: 's2', version: 1 }),
    });
    const onDone = vi.fn();
    renderWithApp(<SeminarForm onDone={onDone} />);
    fireEvent.change(screen.getByLabelText(/名称/, { selector: 'input[required]' }), {
      target: { value: ' 情報セキュリティ講演 ' },
    });
    fireEvent.change(screen.getByLabelText('名称（組織未登録の場合） 1'), { target: { value: '岩国高校' } });
    fireEvent.change(screen.getByLabelText('人数 1'), { target: { value: '12' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const post = calls.find((c) => c.method === 'POST' && c.path === '/seminars');
    const body = post?.body as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(FIELD_KEYS);
    expect(body).toEqual({
      title: '情報セキュリティ講演',
      kind: 'seminar',
      heldOn: todayJst(),
      venue: null,
      speakers: [],
      partnerIds: [],
      topics: [],
      participants: [{ name: '岩国高校', attendeeCount: 12 }],
      notes: null,
    });
  });

  it('sends exactly the UpdateSeminarDto fields and the version read on edit', async () => {
    const calls = mockFetch({
      'PATCH /seminars/s1': ({ body }) => jsonResponse({ ...stored, ...(body as object), version: 5 }),
    });
    const onDone = vi.fn();
    renderWithApp(<SeminarForm seminar={stored} onDone={onDone} />);
    fireEvent.change(screen.getByLabelText('会場'), { target: { value: '岩国市民会館' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const patch = calls.find((c) => c.method === 'PATCH');
    const body = patch?.body as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([...FIELD_KEYS, 'version'].sort());
    expect(body.version).toBe(4);
    expect(body.venue).toBe('岩国市民会館');
    expect(body).not.toHaveProperty('councilItemIds');
  });

  it('on a stale version, the conflict dialog lists only the fields that really differ', async () => {
    mockFetch({
      'PATCH /seminars/s1': () =>
        jsonResponse({ statusCode: 409, code: 'seminar.stale_version', message: 'stale' }, 409),
      'GET /seminars/s1': () => jsonResponse({ ...stored, notes: '別の人の備考', version: 5 }),
    });
    renderWithApp(<SeminarForm seminar={stored} onDone={vi.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText('更新が競合しました')).toBeTruthy();
    const rows = screen.getByRole('dialog').querySelectorAll('tbody tr');
    expect([...rows].map((r) => r.firstElementChild?.textContent)).toEqual(['備考']);
  });

  it('shows a server field error beside the participant row it names', async () => {
    mockFetch({
      'POST /seminars': () =>
        jsonResponse(
          {
            statusCode: 400,
            code: 'seminar.invalid_references',
            message: '入力内容に誤りがあります',
            details: [{ field: 'participants[0].attendeeCount', message: '参加人数が多すぎます' }],
          },
          400,
        ),
    });
    renderWithApp(<SeminarForm onDone={vi.fn()} />);
    fireEvent.change(screen.getByLabelText(/名称/, { selector: 'input[required]' }), {
      target: { value: '講演' },
    });
    fireEvent.change(screen.getByLabelText('名称（組織未登録の場合） 2'), { target: { value: '岩国高校' } });
    fireEvent.change(screen.getByLabelText('人数 2'), { target: { value: '99' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText('参加人数が多すぎます')).toBeTruthy();
    expect(screen.getByLabelText('人数 2').getAttribute('aria-invalid')).toBe('true');
  });
});
