import { renderPdfToBuffer } from '../../../../libs/files/pdf';
import { formatJapaneseDate } from '../../../../libs/japanese/era';
import { jstDateTimeOf } from '../../../../libs/japanese/jst';
import { ENUM_LABELS, type Labels, TERMS, VISIT_TEXTS } from '../../../../libs/glossary';
import type { VisitDetailDto } from './dto/visit.dto';

/** Words of the visit record sheet (訪問記録票): the screens' glossary. */
const FORMAT_LABELS: Labels = ENUM_LABELS.visitFormat;
const STATUS_LABELS: Labels = ENUM_LABELS.visitStatus;
const APPROVAL_ACTION_LABELS: Labels = VISIT_TEXTS.history.actions;
const FOLLOW_UP_STATUS_LABELS: Labels = ENUM_LABELS.followUpStatus;

/** 令和8年11月30日 14時05分 — the form of the station's written records. */
export function eraDateTime(iso: string | null): string {
  if (!iso) return '';
  const [day, time] = jstDateTimeOf(new Date(iso)).split(' ');
  const [h, m] = time.split(':');
  return `${formatJapaneseDate(day)} ${Number(h)}時${m}分`;
}

export interface VisitRecordNames {
  topics: Record<string, string>;
  partners: Record<string, string>;
  stationName: string | null;
}

/**
 * The visit record sheet with its 決裁欄: who approved and when, and every step of the approval
 * history (submissions, returns with their reasons, reopenings). For hq the station's staff
 * stay unnamed, as on the screen.
 */
export async function visitRecordPdf(visit: VisitDetailDto, names: VisitRecordNames): Promise<Buffer> {
  const hidden = visit.staffHidden;
  const staff = (name: string | null) => (hidden ? '（非表示）' : (name ?? ''));
  const approval = [...visit.approvalHistory].reverse().find((e) => e.action === 'approved');
  return renderPdfToBuffer(
    (pdf) => {
      pdf.title('アウトリーチ活動 訪問記録票');
      if (names.stationName) pdf.paragraph(names.stationName, { align: 'right' });
      pdf.heading(`${TERMS.approval}欄`);
      pdf.table(
        [
          { header: '状態', width: 1 },
          { header: '決裁者', width: 1.4 },
          { header: '決裁日時', width: 2 },
        ],
        [
          [
            STATUS_LABELS[visit.status] ?? visit.status,
            approval ? staff(approval.actorName) : '',
            approval ? eraDateTime(approval.at) : '',
          ],
        ],
      );
      pdf.space(0.5);
      pdf.keyValue([
        ['訪問日時', eraDateTime(visit.visitedAt)],
        ['訪問先', visit.organizationName],
        [TERMS.visitFormat, FORMAT_LABELS[visit.format] ?? visit.format],
        ['担当者', hidden ? '（非表示）' : visit.officers.map((o) => o.displayName).join('、')],
        [
          TERMS.jointWith,
          [
            ...visit.jointPartnerIds.map((id) => names.partners[id] ?? ''),
            ...(visit.jointWith ? [visit.jointWith] : []),
          ]
            .filter(Boolean)
            .join('、'),
        ],
        [
          '先方出席者',
          visit.attendees
            .map((a) => a.name ?? '')
            .filter(Boolean)
            .join('、'),
        ],
        ['提供した情報', visit.topics.map((c) => names.topics[c] ?? c).join('、')],
        ['配付資料', visit.materials.join('、')],
        ...(visit.purpose ? ([['目的', visit.purpose]] as const) : []),
        ['概要', visit.summary],
        ['先方の懸念・要望', visit.concernsRaised ?? ''],
      ]);
      if (visit.followUps.length > 0) {
        pdf.heading('対応事項', 2);
        pdf.table(
          [
            { header: '内容', width: 3 },
            { header: '期限', width: 1.3 },
            { header: '状況', width: 1 },
            { header: '結果', width: 2 },
          ],
          visit.followUps.map((f) => [
            f.title,
            f.dueOn ? formatJapaneseDate(f.dueOn) : '',
            FOLLOW_UP_STATUS_LABELS[f.status] ?? f.status,
            f.result ?? '',
          ]),
        );
      }
      pdf.heading('決裁の経過', 2);
      if (visit.approvalHistory.length === 0) pdf.paragraph('まだ提出されていません。');
      else
        pdf.table(
          [
            { header: '日時', width: 2 },
            { header: '区分', width: 1.2 },
            { header: '担当', width: 1.4 },
            { header: 'コメント・理由', width: 3 },
          ],
          visit.approvalHistory.map((e) => [
            eraDateTime(e.at),
            APPROVAL_ACTION_LABELS[e.action] ?? e.action,
            staff(e.actorName),
            e.comment ?? '',
          ]),
        );
    },
    { title: `訪問記録票 ${visit.organizationName} ${visit.visitedOn}`, pageMarking: '取扱注意' },
  );
}
