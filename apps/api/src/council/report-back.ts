import { formatJapaneseDate } from '../../../../libs/japanese/era';
import type { CouncilItemKind, FollowUpStatus } from './entities/council.entity';
import type {
  ReportBackDto,
  ReportEvidenceDto,
  ReportItemDto,
  ReportSectionDto,
} from './dto/report-back.dto';
import type { EvidenceRow, ReportFollowUpRow } from './council.repository';

export const ITEM_KIND_LABELS: Record<CouncilItemKind, string> = {
  question: '質問',
  request: '要望',
  opinion: '意見',
  consultation: '答申',
};

export const FOLLOW_UP_STATUS_LABELS: Record<FollowUpStatus, string> = {
  open: '未着手',
  in_progress: '対応中',
  done: '完了',
  dropped: '取りやめ',
};

const SEMINAR_KIND_LABELS: Record<string, string> = {
  seminar: 'セミナー',
  briefing: '情報提供',
  school_lecture: '学校での講演',
  exercise: '訓練',
  other: '講演等',
};

const MAX_NAMES = 5;
/** Full-width space: the indent of Japanese documents. */
const SP = '\u3000';

const meetingHeading = (m: { title: string; heldOn: string }) =>
  `${m.title}（${formatJapaneseDate(m.heldOn)}）`;

/** How an item stands: its follow-ups all closed, some still open, or answered in the meeting. */
function itemStatus(item: ReportItemDto): string {
  if (item.followUps.length === 0) return item.answeredInMeeting ? '会議において回答済み' : '未対応';
  const open = item.followUps.some((f) => f.status === 'open' || f.status === 'in_progress');
  return open ? '対応中' : '措置済み';
}

function toEvidence(row: EvidenceRow, topicLabels: Map<string, string>): ReportEvidenceDto {
  if (row.visitId)
    return {
      linkId: row.id,
      type: 'visit',
      visitId: row.visitId,
      date: row.date,
      organizationName: row.organizationName,
      attendeeCount: row.visitAttendees ?? 0,
      topics: (row.visitTopics ?? []).map((t) => topicLabels.get(t) ?? t),
    };
  return {
    linkId: row.id,
    type: 'seminar',
    seminarId: row.seminarId ?? undefined,
    date: row.date,
    title: row.seminarTitle ?? '',
    kind: row.seminarKind ?? 'other',
    totalAttendees: row.seminarTotal ?? 0,
    organizations: row.seminarOrganizations ?? [],
  };
}

function evidenceLine(e: ReportEvidenceDto): string {
  const date = formatJapaneseDate(e.date);
  if (e.type === 'visit') {
    const topics = e.topics && e.topics.length > 0 ? `、${e.topics.join('・')}` : '';
    return `${date} 個別訪問 ${e.organizationName ?? ''}（先方${e.attendeeCount ?? 0}名${topics}）`;
  }
  const names = e.organizations ?? [];
  const shown = names.slice(0, MAX_NAMES).join('、');
  const rest = names.length > MAX_NAMES ? ` ほか${names.length - MAX_NAMES}団体` : '';
  const who = names.length > 0 ? `、参加：${shown}${rest}` : '';
  const kind = SEMINAR_KIND_LABELS[e.kind ?? 'other'] ?? '講演等';
  return `${date} ${kind}「${e.title ?? ''}」（参加者${e.totalAttendees ?? 0}名${who}）`;
}

/**
 * The report-back (措置結果) for a meeting: every item of the earlier meetings of its fiscal year
 * (and older items still being worked on) grouped by meeting, with the follow-ups and their
 * evidence; an item with an answer and no follow-up is shown as answered in the meeting. The text
 * leaves out who owns each follow-up (per-officer data is not for outsiders). `asOf` is the day the
 * report is made (「…現在」).
 */
export function buildReportBack(
  meeting: { id: string; heldOn: string; title: string; fiscalYear: number },
  previousMeetingOn: string | null,
  rows: ReportFollowUpRow[],
  evidence: EvidenceRow[],
  topicLabels: Map<string, string>,
  asOf: string,
): ReportBackDto {
  const evidenceByFollowUp = new Map<string, ReportEvidenceDto[]>();
  for (const row of evidence) {
    const list = evidenceByFollowUp.get(row.followUpId) ?? [];
    list.push(toEvidence(row, topicLabels));
    evidenceByFollowUp.set(row.followUpId, list);
  }
  const sections: ReportSectionDto[] = [];
  const items = new Map<string, ReportItemDto>();
  for (const row of rows) {
    let section = sections[sections.length - 1];
    if (!section || section.meeting.id !== row.meetingId) {
      const ref = { title: row.meetingTitle, heldOn: row.meetingHeldOn };
      section = {
        heading: meetingHeading(ref),
        meeting: {
          id: row.meetingId,
          heldOn: row.meetingHeldOn,
          title: row.meetingTitle,
          heading: meetingHeading(ref),
        },
        items: [],
      };
      sections.push(section);
    }
    let item = items.get(row.itemId);
    if (!item) {
      item = {
        id: row.itemId,
        kind: row.itemKind,
        kindLabel: ITEM_KIND_LABELS[row.itemKind] ?? row.itemKind,
        raisedBy: row.raisedBy,
        text: row.itemText,
        response: row.response,
        followUps: [],
        answeredInMeeting: false,
        statusLabel: '',
      };
      items.set(row.itemId, item);
      section.items.push(item);
    }
    if (row.id && row.title && row.status && row.dueOn) {
      const ev = evidenceByFollowUp.get(row.id) ?? [];
      item.followUps.push({
        id: row.id,
        title: row.title,
        status: row.status,
        statusLabel: FOLLOW_UP_STATUS_LABELS[row.status] ?? row.status,
        ownerId: row.ownerId,
        ownerName: row.ownerName,
        dueOn: row.dueOn,
        result: row.result,
        closedAt: row.closedAt,
        evidence: ev,
        evidenceLines: ev.map(evidenceLine),
      });
    }
  }
  for (const item of items.values()) {
    item.answeredInMeeting = item.followUps.length === 0 && !!item.response?.trim();
    item.statusLabel = itemStatus(item);
  }

  const heading = `${meeting.title} 報告事項`;
  const title = `${meeting.title} 協議会意見等に対する措置結果`;
  const asOfLabel = `${formatJapaneseDate(asOf)}現在`;
  const lead =
    sections.length === 0
      ? '本年度のこれまでの協議会でいただいたご意見・ご要望について、報告すべき事項はありません。'
      : '本年度のこれまでの協議会でいただいたご意見・ご要望について、その後の対応状況を報告します。';
  const lines: string[] = [title, asOfLabel, '', lead];
  let n = 0;
  for (const section of sections) {
    lines.push('', `【${section.heading}】`);
    for (const item of section.items) {
      n += 1;
      lines.push(
        `${n} ${item.kindLabel}${item.raisedBy ? `（${item.raisedBy}）` : ''}${SP}${item.statusLabel}`,
      );
      lines.push(`${SP}「${item.text.trim()}」`);
      if (item.response?.trim()) lines.push(`${SP}当署の回答：${item.response.trim()}`);
      if (item.answeredInMeeting) lines.push(`${SP}（会議において回答済み。追加の措置なし）`);
      item.followUps.forEach((f, index) => {
        lines.push(`${SP}(${index + 1}) ${f.title}（${f.statusLabel}、期限 ${formatJapaneseDate(f.dueOn)}）`);
        if (f.result?.trim()) lines.push(`${SP}${SP}措置結果：${f.result.trim()}`);
        if (f.evidenceLines.length > 0) {
          lines.push(`${SP}${SP}実施状況：`);
          for (const e of f.evidenceLines) lines.push(`${SP}${SP}・${e}`);
        }
      });
    }
  }
  const ref = { title: meeting.title, heldOn: meeting.heldOn };
  return {
    meeting: { id: meeting.id, heldOn: meeting.heldOn, title: meeting.title, heading: meetingHeading(ref) },
    fiscalYear: meeting.fiscalYear,
    previousMeetingOn,
    heading,
    title,
    asOf,
    asOfLabel,
    lead,
    sections,
    text: lines.join('\n') + '\n',
  };
}
