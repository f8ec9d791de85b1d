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

describe('buildReportBack', () => {
  it('says there is nothing to report when no follow-up qualifies', () => {
    const report = buildReportBack({ id: 'm0', heldOn: '2023-06-21' }, null, [], [], new Map());
    expect(report.heading).toBe('令和5年6月21日 協議会 報告事項');
    expect(report.sections).toEqual([]);
    expect(report.text).toContain('報告すべき事項はありません');
  });

  it('groups follow-ups by meeting and item, numbers them, writes era dates and leaves out owners', () => {
    const report = buildReportBack(
      { id: 'm2', heldOn: '2023-12-13' },
      '2023-06-21',
      [
        row(),
        row({ id: 'f2', title: '広報', dueOn: '2024-03-31' }),
        row({ id: 'f3', itemId: 'i2', itemKind: 'question', itemText: 'PR活動は？' }),
      ],
      [seminarEvidence(['A校', 'B校', 'C校', 'D校', 'E校', 'F校', 'G校'])],
      new Map(),
    );
    expect(report.sections).toHaveLength(1);
    expect(report.sections[0].items.map((i) => i.followUps.length)).toEqual([2, 1]);
    const lines = report.text.split('\n');
    expect(lines).toContain('1 要望（委員）');
    expect(lines).toContain('2 質問（委員）');
    expect(report.text).toContain('(2) 広報（未着手、期限 令和6年3月31日）');
    expect(report.text).toContain(
      '令和元年5月1日 学校での講演「講演」（参加者10名、参加：A校、B校、C校、D校、E校 ほか2団体）',
    );
    expect(report.text).not.toContain('田中');
  });
});
