import {
  attendeesText,
  discussionOf,
  formatJapaneseTime,
  meetingDateTimeText,
  minutesBlocks,
} from './council.documents';
import type { ItemRecord, MeetingRecord } from './council.repository';

const meeting = (overrides: Partial<MeetingRecord> = {}): MeetingRecord => ({
  id: 'm1',
  stationId: 's1',
  heldOn: '2023-06-21',
  place: '岩国警察署5階 講堂',
  attendance: { members: 11, police: 15 },
  agenda: ['警察における経済安全保障に関する取組の推進'],
  consultationTopic: '警察における経済安全保障に関する取組の推進',
  notes: null,
  fiscalYear: 2023,
  sequence: 1,
  title: '令和5年度第1回岩国警察署協議会',
  titleDerived: true,
  startTime: '14:50',
  endTime: '17:00',
  memberAttendees: ['木村', '塩田委員'],
  policeAttendees: ['署長', '警備課長'],
  chairGreeting: null,
  chiefGreeting: null,
  businessReport: null,
  businessReportBy: null,
  consultationExplanation: null,
  discussion: [],
  review: null,
  reviewBy: null,
  handouts: [],
  itemCount: 0,
  openFollowUps: 0,
  version: 1,
  ...overrides,
});

describe('council documents', () => {
  it('writes times and the 開催日時 line as the minutes do', () => {
    expect(formatJapaneseTime('14:50')).toBe('午後2時50分');
    expect(formatJapaneseTime('17:00')).toBe('午後5時');
    expect(formatJapaneseTime('09:05')).toBe('午前9時5分');
    expect(formatJapaneseTime('12:00')).toBe('午後0時');
    expect(formatJapaneseTime('00:30')).toBe('午前0時30分');
    expect(meetingDateTimeText('2023-06-21', '14:50', '17:00')).toBe(
      '令和5年6月21日（水） 午後2時50分から午後5時までの間',
    );
    expect(meetingDateTimeText('2019-05-01', '10:00', null)).toBe('令和元年5月1日（水） 午前10時から');
    expect(meetingDateTimeText('2023-06-21', null, null)).toBe('令和5年6月21日（水）');
  });

  it('lists 委員 by name with 委員 once and the recorded count', () => {
    expect(attendeesText(['木村', '塩田委員'], 11, '委員')).toBe('木村委員、塩田委員 計11名');
    expect(attendeesText(['署長', '警備課長'], undefined)).toBe('署長、警備課長 計2名');
    expect(attendeesText([], 9)).toBe('計9名');
  });

  it('numbers the sections in the seed order, 省略 / なし for what is empty', () => {
    const blocks = minutesBlocks(meeting({ reviewBy: '副会長', chairGreeting: '挨拶' }), []);
    const headings = blocks.flatMap((b) => (b.kind === 'heading' && b.level === 1 ? [b.text] : []));
    expect(headings).toEqual([
      '1 会長挨拶（要旨）',
      '2 署長挨拶',
      '3 業務推進状況説明（署長）',
      '4 諮問事項説明',
      '5 協議',
      '6 講評（副会長）',
      '7 配付資料',
    ]);
    expect(blocks[0]).toEqual({ kind: 'title', text: '令和5年度第1回岩国警察署協議会会議録' });
    const texts = blocks.filter((b) => b.kind === 'text').map((b) => b.text);
    expect(texts).toContain('省略');
  });

  it('indents the outline of 業務推進状況説明 and turns bullets into ・', () => {
    const blocks = minutesBlocks(
      meeting({
        businessReport: '(1) 犯罪情勢\nア 刑法犯認知・検挙状況',
        discussion: [{ speakerRole: '警備課長', text: '具体的には、\n- 技術流出事案の紹介' }],
      }),
      [],
    );
    const find = (text: string) => blocks.find((b) => b.kind === 'text' && b.text === text);
    expect(find('(1) 犯罪情勢')).toMatchObject({ indent: 1 });
    expect(find('ア 刑法犯認知・検挙状況')).toMatchObject({ indent: 2 });
    expect(find('・技術流出事案の紹介')).toMatchObject({ indent: 2, firstLine: -1 });
    expect(blocks).toContainEqual({ kind: 'heading', text: '(警備課長)', level: 2 });
  });

  it('falls back to the items and answers when no turns are recorded', () => {
    const items = [
      { raisedBy: null, text: 'PR活動は？', response: 'ホームページに掲載' },
      { raisedBy: '委員（商工会議所）', text: '講演を', response: null },
    ] as unknown as ItemRecord[];
    expect(discussionOf(meeting(), items)).toEqual([
      { speakerRole: '委員', text: 'PR活動は？' },
      { speakerRole: '警察署', text: 'ホームページに掲載' },
      { speakerRole: '委員（商工会議所）', text: '講演を' },
    ]);
  });
});
