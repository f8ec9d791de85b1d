import type { EvidenceRow, ReportFollowUpRow } from './council.repository';
import { buildReportBack } from './report-back';

const row = (overrides: Partial<ReportFollowUpRow> = {}): ReportFollowUpRow => ({
  id: 'f1',
  title: '学校での講演の実施',
  status: 'open',
  ownerId: 'u1',
  ownerName: '警備課 田中',
  dueOn: '2023-12-28',
  result: null,
  closedAt: null,
  itemId: 'i1',
  itemKind: 'request',
  raisedBy: '委員',
  itemText: '学校での講演なども行ってはいかがか。',
  response: null,
  meetingId: 'm1',
  meetingHeldOn: '2023-06-21',
  meetingTitle: '令和5年度第1回岩国警察署協議会',
  ...overrides,
});

const noFollowUp = (overrides: Partial<ReportFollowUpRow> = {}): ReportFollowUpRow =>
  row({
    id: null,
    title: null,
    status: null,
    ownerId: null,
    ownerName: null,
    dueOn: null,
    ...overrides,
  });

const seminarEvidence = (names: string[]): EvidenceRow => ({
  id: 'l1',
  followUpId: 'f1',
  visitId: null,
  seminarId: 's1',
  date: '2019-05-01',
  organizationName: null,
  visitTopics: null,
  visitAttendees: null,
  seminarTitle: '講演',
  seminarKind: 'school_lecture',
  seminarTotal: 10,
  seminarOrganizations: names,
});

const december = {
  id: 'm2',
  heldOn: '2023-12-13',
  title: '令和5年度第2回岩国警察署協議会',
  fiscalYear: 2023,
};

describe('buildReportBack', () => {
  it('says there is nothing to report when there are no earlier items; the as-of date is the one given', () => {
    const report = buildReportBack(
      { id: 'm0', heldOn: '2023-06-21', title: '令和5年度第1回岩国警察署協議会', fiscalYear: 2023 },
      null,
      [],
      [],
      new Map(),
      '2023-06-01',
    );
    expect(report.heading).toBe('令和5年度第1回岩国警察署協議会 報告事項');
    expect(report.asOfLabel).toBe('令和5年6月1日現在');
    expect(report.sections).toEqual([]);
    expect(report.text).toContain('報告すべき事項はありません');
  });

  it('groups follow-ups by meeting and item, numbers them, writes era dates and leaves out owners', () => {
    const report = buildReportBack(
      december,
      '2023-06-21',
      [
        row(),
        row({ id: 'f2', title: '広報', dueOn: '2024-03-31' }),
        row({ id: 'f3', itemId: 'i2', itemKind: 'question', itemText: 'PR活動は？' }),
      ],
      [seminarEvidence(['A校', 'B校', 'C校', 'D校', 'E校', 'F校', 'G校'])],
      new Map(),
      '2023-12-01',
    );
    expect(report.sections).toHaveLength(1);
    expect(report.sections[0].heading).toBe('令和5年度第1回岩国警察署協議会（令和5年6月21日）');
    expect(report.sections[0].items.map((i) => i.followUps.length)).toEqual([2, 1]);
    const lines = report.text.split('\n');
    expect(lines[0]).toBe('令和5年度第2回岩国警察署協議会 協議会意見等に対する措置結果');
    expect(lines[1]).toBe('令和5年12月1日現在');
    expect(lines).toContain('1 要望（委員）　対応中');
    expect(lines).toContain('2 質問（委員）　対応中');
    expect(report.text).toContain('(2) 広報（未着手、期限 令和6年3月31日）');
    expect(report.text).toContain(
      '令和元年5月1日 学校での講演「講演」（参加者10名、参加：A校、B校、C校、D校、E校 ほか2団体）',
    );
    expect(report.text).not.toContain('田中');
  });

  it('keeps items answered in the meeting (no follow-up) and says so', () => {
    const report = buildReportBack(
      december,
      '2023-06-21',
      [
        noFollowUp({
          itemId: 'i1',
          itemKind: 'question',
          itemText: 'PR活動の現状は？',
          response: 'ホームページに掲載',
        }),
        noFollowUp({ itemId: 'i2', itemKind: 'opinion', itemText: '教育が必要', response: null }),
        row({ itemId: 'i3', status: 'done', result: '講演を実施した。' }),
      ],
      [],
      new Map(),
      '2023-12-01',
    );
    const items = report.sections[0].items;
    expect(items.map((i) => [i.answeredInMeeting, i.statusLabel, i.followUps.length])).toEqual([
      [true, '会議において回答済み', 0],
      [false, '未対応', 0],
      [false, '措置済み', 1],
    ]);
    expect(report.text).toContain('1 質問（委員）　会議において回答済み');
    expect(report.text).toContain('当署の回答：ホームページに掲載');
    expect(report.text).toContain('措置結果：講演を実施した。');
  });
});
