import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import type { CouncilItem, FollowUp, MeetingDetail } from '../../api/types';
import { jsonResponse, mockFetch, officer, renderWithApp } from '../../test/render';
import { FollowUpEditForm, LinkEvidenceForm } from './FollowUpBoard';

const downloads = vi.hoisted(() => vi.fn(async () => 'minutes.pdf'));
vi.mock('./api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./api')>()),
  downloadMinutes: downloads,
}));
import { FollowUpCreateForm, ItemForm, MeetingDetailPage, MeetingForm } from './MeetingPages';

const item: CouncilItem = {
  id: 'i1',
  meetingId: 'm1',
  stationId: officer.stationId!,
  kind: 'question',
  raisedBy: '委員',
  text: '学校での講演はできるか',
  response: null,
  position: 1,
  followUps: [{ id: 'f1', title: '学校での講演の検討', status: 'open', dueOn: '2024-03-31' }],
  version: 2,
};

const meeting: MeetingDetail = {
  id: 'm1',
  stationId: officer.stationId!,
  heldOn: '2023-06-21',
  place: '岩国警察署 会議室',
  attendance: { members: 11, police: 15 },
  agenda: ['技術流出防止'],
  consultationTopic: null,
  notes: null,
  fiscalYear: 2023,
  sequence: 1,
  title: '令和5年度第1回岩国警察署協議会',
  titleDerived: true,
  startTime: '14:50',
  endTime: '17:00',
  memberAttendees: ['木村', '塩田'],
  policeAttendees: ['署長', '警備課長'],
  chairGreeting: null,
  chiefGreeting: null,
  businessReport: null,
  businessReportBy: null,
  consultationExplanation: null,
  discussion: [
    { speakerRole: '委員', text: 'アウトリーチ活動の具体的な内容について説明願う。' },
    { speakerRole: '警備課長', text: '企業等を個別に訪問している。' },
  ],
  review: null,
  reviewBy: null,
  handouts: [],
  itemCount: 1,
  openFollowUps: 1,
  version: 3,
  items: [item],
};

/** The fields every meeting write sends (年度・回 only when typed). */
const MEETING_KEYS = [
  'agenda',
  'attendance',
  'businessReport',
  'businessReportBy',
  'chairGreeting',
  'chiefGreeting',
  'consultationExplanation',
  'consultationTopic',
  'discussion',
  'endTime',
  'handouts',
  'heldOn',
  'memberAttendees',
  'notes',
  'place',
  'policeAttendees',
  'review',
  'reviewBy',
  'startTime',
  'title',
];

const followUp: FollowUp = {
  id: 'f1',
  councilItemId: 'i1',
  stationId: officer.stationId!,
  meetingId: 'm1',
  meetingHeldOn: '2023-06-21',
  itemKind: 'question',
  itemText: item.text,
  title: '学校での講演の検討',
  ownerId: officer.id,
  ownerName: officer.displayName,
  dueOn: '2024-03-31',
  status: 'open',
  result: null,
  closedAt: null,
  overdue: false,
  links: [],
  version: 4,
};

/** The speaker field of turn n (the autocomplete's input). */
const speakerInput = (n: number) =>
  screen
    .getAllByLabelText(new RegExp(`^発言者 ${n}`))
    .find((el) => el.tagName === 'INPUT') as HTMLInputElement;

const keys = (body: unknown) => Object.keys(body as object).sort();

describe('MeetingForm', () => {
  it('creates with exactly CreateMeetingDto fields', async () => {
    const calls = mockFetch({
      'POST /meetings': ({ body }) => jsonResponse({ ...meeting, ...(body as object), id: 'm2', version: 1 }),
      'GET /meetings': () => jsonResponse({ items: [meeting], total: 1, page: 1, pageSize: 1 }),
    });
    const onDone = vi.fn();
    renderWithApp(<MeetingForm onDone={onDone} />);
    fireEvent.change(screen.getByLabelText('会場'), { target: { value: ' 会議室 ' } });
    fireEvent.change(screen.getByLabelText(/^委員/), { target: { value: '9' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const post = calls.find((c) => c.method === 'POST' && c.path === '/meetings');
    expect(keys(post?.body)).toEqual(MEETING_KEYS);
    expect(post?.body).toMatchObject({
      place: '会議室',
      attendance: { members: 9 },
      notes: null,
      title: null,
      discussion: [],
    });
  });

  it('prefills 年度 and 第N回 from the day and the meetings before it; a typed number is sent', async () => {
    const calls = mockFetch({
      'POST /meetings': ({ body }) => jsonResponse({ ...meeting, ...(body as object), id: 'm2', version: 1 }),
      'GET /meetings': () => jsonResponse({ items: [meeting], total: 1, page: 1, pageSize: 1 }),
    });
    const onDone = vi.fn();
    renderWithApp(<MeetingForm onDone={onDone} />);
    fireEvent.change(screen.getByLabelText(/^開催日/), { target: { value: '2023-12-13' } });
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>(/^回/).value).toBe('2'));
    expect(screen.getByLabelText<HTMLInputElement>(/^年度/).value).toBe('2023');
    // The derived official name, with the station's name from its other meetings.
    expect(screen.getByPlaceholderText('令和5年度第2回岩国警察署協議会')).toBeTruthy();
    const count = calls.find(
      (c) => c.method === 'GET' && c.path === '/meetings' && c.url.searchParams.get('to') === '2023-12-13',
    );
    expect(count?.url.searchParams.get('from')).toBe('2023-04-01');
    fireEvent.change(screen.getByLabelText(/^回/), { target: { value: '3' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.body).toMatchObject({ heldOn: '2023-12-13', sequence: 3 });
    expect(post?.body).not.toHaveProperty('fiscalYear');
  });

  it('adds discussion turns (the new row’s text field takes the focus) and sends them in order', async () => {
    const calls = mockFetch({
      'PATCH /meetings/m1': ({ body }) => jsonResponse({ ...meeting, ...(body as object), version: 4 }),
    });
    const onDone = vi.fn();
    renderWithApp(<MeetingForm meeting={meeting} onDone={onDone} />);
    fireEvent.click(screen.getByRole('button', { name: '発言を追加' }));
    const text3 = await screen.findByLabelText(/^発言内容 3/);
    await waitFor(() => expect(document.activeElement).toBe(text3));
    // After an answer comes a member again.
    expect(speakerInput(3).value).toBe('委員');
    fireEvent.change(text3, { target: { value: ' PR活動の現状について説明願う。 ' } });
    fireEvent.click(screen.getByRole('button', { name: '発言を追加' }));
    const text4 = await screen.findByLabelText(/^発言内容 4/);
    await waitFor(() => expect(document.activeElement).toBe(text4));
    expect(speakerInput(4).value).toBe('警備課長');
    fireEvent.change(text4, { target: { value: 'ホームページに掲載している。' } });
    fireEvent.click(screen.getByRole('button', { name: '発言1を下へ' }));
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const patch = calls.find((c) => c.method === 'PATCH');
    expect((patch?.body as { discussion: unknown[] }).discussion).toEqual([
      { speakerRole: '警備課長', speaker: null, text: '企業等を個別に訪問している。' },
      { speakerRole: '委員', speaker: null, text: 'アウトリーチ活動の具体的な内容について説明願う。' },
      { speakerRole: '委員', speaker: null, text: 'PR活動の現状について説明願う。' },
      { speakerRole: '警備課長', speaker: null, text: 'ホームページに掲載している。' },
    ]);
  });

  it('does not send an empty turn', async () => {
    const calls = mockFetch({});
    renderWithApp(<MeetingForm meeting={meeting} onDone={vi.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: '発言を追加' }));
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findAllByText('入力してください。')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(0);
  });

  it('edits with exactly UpdateMeetingDto fields and the version read', async () => {
    const calls = mockFetch({
      'PATCH /meetings/m1': ({ body }) => jsonResponse({ ...meeting, ...(body as object), version: 4 }),
    });
    const onDone = vi.fn();
    renderWithApp(<MeetingForm meeting={meeting} onDone={onDone} />);
    fireEvent.change(screen.getByLabelText('備考'), { target: { value: '次回は9月' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const patch = calls.find((c) => c.method === 'PATCH');
    expect(keys(patch?.body)).toEqual([...MEETING_KEYS, 'version'].sort());
    expect(patch?.body).toMatchObject({
      version: 3,
      notes: '次回は9月',
      attendance: { members: 11, police: 15 },
    });
  });

  it('on a stale version shows the newer meeting and saves on top of it', async () => {
    const calls = mockFetch({
      'PATCH /meetings/m1': ({ body }) =>
        (body as { version: number }).version === 3
          ? jsonResponse(
              { statusCode: 409, error: 'Conflict', code: 'meeting.stale_version', message: 'stale' },
              409,
            )
          : jsonResponse({ ...meeting, version: 5 }),
      'GET /meetings/m1': () => jsonResponse({ ...meeting, place: '岩国市民会館', version: 4 }),
    });
    const onDone = vi.fn();
    renderWithApp(<MeetingForm meeting={meeting} onDone={onDone} />);
    fireEvent.change(screen.getByLabelText('備考'), { target: { value: 'typed by me' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    expect(await screen.findByText('更新が競合しました')).toBeTruthy();
    expect(screen.getByText('岩国市民会館')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '最新版を読み込む（入力内容を保持）' }));
    await waitFor(() => expect(screen.queryByText('更新が競合しました')).toBeNull());
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const patches = calls.filter((c) => c.method === 'PATCH');
    expect(patches[1].body).toMatchObject({ version: 4, notes: 'typed by me' });
  });
});

describe('ItemForm', () => {
  it('creates with exactly CreateItemDto fields', async () => {
    const calls = mockFetch({
      'POST /meetings/m1/items': ({ body }) =>
        jsonResponse({ ...item, ...(body as object), id: 'i2', version: 1 }),
    });
    const onDone = vi.fn();
    renderWithApp(<ItemForm meetingId="m1" onDone={onDone} />);
    fireEvent.change(screen.getByLabelText(/^内容/), { target: { value: ' 相談窓口の設置について ' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.body).toEqual({
      kind: 'question',
      raisedBy: null,
      text: '相談窓口の設置について',
      response: null,
    });
  });

  it('edits with exactly UpdateItemDto fields (PATCH /items/:id)', async () => {
    const calls = mockFetch({
      'PATCH /items/i1': ({ body }) => jsonResponse({ ...item, ...(body as object), version: 3 }),
    });
    const onDone = vi.fn();
    renderWithApp(<ItemForm meetingId="m1" item={item} onDone={onDone} />);
    fireEvent.change(screen.getByLabelText('当署の回答'), { target: { value: '検討します' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const patch = calls.find((c) => c.method === 'PATCH');
    expect(patch?.body).toEqual({
      kind: 'question',
      raisedBy: '委員',
      text: item.text,
      response: '検討します',
      version: 2,
    });
  });
});

describe('follow-up forms', () => {
  it('creates a follow-up with exactly CreateFollowUpDto fields', async () => {
    const calls = mockFetch({
      'GET /users/station-officers': () =>
        jsonResponse({ items: [{ id: officer.id, displayName: officer.displayName, role: 'officer' }] }),
      'POST /follow-ups': () => jsonResponse(followUp),
    });
    const onDone = vi.fn();
    renderWithApp(<FollowUpCreateForm item={item} onDone={onDone} />);
    fireEvent.click(screen.getByRole('button', { name: 'フォローアップを作成' }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const post = calls.find((c) => c.method === 'POST');
    expect(keys(post?.body)).toEqual(['councilItemId', 'dueOn', 'ownerId', 'title']);
    expect(post?.body).toMatchObject({ councilItemId: 'i1', ownerId: officer.id, title: item.text });
  });

  it('edits a follow-up with exactly UpdateFollowUpDto fields', async () => {
    const calls = mockFetch({
      'PATCH /follow-ups/f1': ({ body }) => jsonResponse({ ...followUp, ...(body as object), version: 5 }),
    });
    const onDone = vi.fn();
    renderWithApp(<FollowUpEditForm followUp={followUp} onDone={onDone} />);
    fireEvent.change(screen.getByLabelText('結果'), { target: { value: '11月に講演した' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const patch = calls.find((c) => c.method === 'PATCH');
    expect(patch?.body).toEqual({
      title: followUp.title,
      status: 'open',
      ownerId: officer.id,
      dueOn: '2024-03-31',
      result: '11月に講演した',
      version: 4,
    });
  });

  it('shows the server’s message for an illegal move (not the conflict dialog)', async () => {
    mockFetch({
      'PATCH /follow-ups/f1': () =>
        jsonResponse(
          {
            statusCode: 409,
            error: 'Conflict',
            code: 'follow_up.illegal_transition',
            message: 'この状態には変更できません',
          },
          409,
        ),
    });
    renderWithApp(<FollowUpEditForm followUp={followUp} onDone={vi.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText('この状態には変更できません')).toBeTruthy();
    expect(screen.queryByText('更新が競合しました')).toBeNull();
  });

  it('links a visit with exactly one of CreateFollowUpLinkDto’s fields', async () => {
    const calls = mockFetch({
      'GET /visits': () =>
        jsonResponse({
          items: [{ id: 'v1', visitedOn: '2023-11-02', organizationName: '岩国精機株式会社' }],
          total: 1,
          page: 1,
          pageSize: 100,
        }),
      'POST /follow-ups/f1/links': () =>
        jsonResponse({
          id: 'l1',
          followUpId: 'f1',
          visitId: 'v1',
          seminarId: null,
          date: '2023-11-02',
          organizationName: '岩国精機株式会社',
          seminarTitle: null,
        }),
    });
    const onDone = vi.fn();
    renderWithApp(<LinkEvidenceForm followUp={followUp} onDone={onDone} />);
    await waitFor(() => expect(calls.some((c) => c.path === '/visits')).toBe(true));
    fireEvent.click(screen.getByRole('textbox', { name: /訪問記録を選択/ }));
    fireEvent.click(await screen.findByRole('option', { name: /岩国精機株式会社/, hidden: true }));
    fireEvent.click(screen.getByRole('button', { name: '記録を紐付け' }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ visitId: 'v1' });
  });
});

describe('MeetingDetailPage', () => {
  it('shows the items and their follow-ups from the meeting itself', async () => {
    const calls = mockFetch({ 'GET /meetings/m1': () => jsonResponse(meeting) });
    renderWithApp(
      <Routes>
        <Route path="/council/meetings/:id" element={<MeetingDetailPage />} />
      </Routes>,
      { route: '/council/meetings/m1' },
    );
    expect(await screen.findByText(item.text)).toBeTruthy();
    expect(screen.getByText('学校での講演の検討')).toBeTruthy();
    expect(screen.getByText(/委員 11人/)).toBeTruthy();
    expect(calls.some((c) => c.path.startsWith('/follow-ups') || c.path.endsWith('/items'))).toBe(false);
  });

  it('names the meeting officially, shows the turns and offers the 会議録 as PDF and Word', async () => {
    mockFetch({ 'GET /meetings/m1': () => jsonResponse(meeting) });
    renderWithApp(
      <Routes>
        <Route path="/council/meetings/:id" element={<MeetingDetailPage />} />
      </Routes>,
      { route: '/council/meetings/m1' },
    );
    expect(await screen.findByRole('heading', { name: '令和5年度第1回岩国警察署協議会' })).toBeTruthy();
    expect(screen.getAllByTestId('minutes-turn')).toHaveLength(2);
    expect(screen.getByText('木村、塩田')).toBeTruthy();
    expect(screen.getByText('午後2時50分〜午後5時')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '会議録 (PDF)' }));
    await waitFor(() => expect(downloads).toHaveBeenCalledWith(expect.objectContaining({ id: 'm1' }), 'pdf'));
    fireEvent.click(screen.getByRole('button', { name: '会議録 (Word)' }));
    await waitFor(() =>
      expect(downloads).toHaveBeenCalledWith(expect.objectContaining({ id: 'm1' }), 'docx'),
    );
  });
});
