import { formatJapaneseDate, formatJapaneseDateWithWeekday } from '../../../../libs/japanese/era';
import { renderPdfToBuffer, type JapanesePdf } from '../../../../libs/files/pdf';
import { kinsokuParagraph } from '../../../../libs/files/pdf-kinsoku';
import { wrapJapanese } from '../../../../libs/files/kinsoku';
import {
  docxHeading,
  docxParagraph,
  docxTable,
  docxTitle,
  renderDocxToBuffer,
  type DocxBlock,
} from '../../../../libs/files/docx';
import type { MeetingRecord, ItemRecord } from './council.repository';
import type { DiscussionTurn } from './entities/council.entity';
import type { ReportBackDto } from './dto/report-back.dto';

/**
 * The council's official documents: the 会議録 (minutes) in the layout of the seed minutes
 * (seeds/000_…: 開催日時・開催場所・出席者・議題, then 1 会長挨拶 … 7 配付資料) and the 措置結果
 * report-back, each as PDF (Noto Sans JP embedded, 禁則 line breaking) and DOCX (for Word).
 * Both formats are written from the same list of blocks, so they say the same thing.
 */

/** '14:50' → '午後2時50分', '17:00' → '午後5時', '09:30' → '午前9時30分', '12:00' → '午後0時'. */
export function formatJapaneseTime(hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  const half = h < 12 ? '午前' : '午後';
  const hour = h % 12;
  return `${half}${hour}時${m ? `${m}分` : ''}`;
}

/** 開催日時: '令和5年6月21日（水） 午後2時50分から午後5時までの間'. */
export function meetingDateTimeText(heldOn: string, start: string | null, end: string | null): string {
  const date = formatJapaneseDateWithWeekday(heldOn);
  if (start && end) return `${date} ${formatJapaneseTime(start)}から${formatJapaneseTime(end)}までの間`;
  if (start) return `${date} ${formatJapaneseTime(start)}から`;
  if (end) return `${date} ${formatJapaneseTime(end)}まで`;
  return date;
}

const withSuffix = (name: string, suffix: string) => (name.endsWith(suffix) ? name : `${name}${suffix}`);

/** '木村委員、塩田委員 計2名' (the count is the recorded one, else the names counted). */
export function attendeesText(names: string[], count: number | undefined, suffix = ''): string {
  const list = names.map((n) => (suffix ? withSuffix(n.trim(), suffix) : n.trim())).filter(Boolean);
  const total = count ?? list.length;
  return [list.join('、'), `計${total}名`].filter(Boolean).join(' ');
}

export type MinutesBlock =
  | { kind: 'title'; text: string }
  | { kind: 'grid'; rows: { label: string; sub?: string; value: string }[] }
  | { kind: 'heading'; text: string; level: 1 | 2 }
  | { kind: 'text'; text: string; indent: number; firstLine?: number };

/** Body lines: '(1) …' and 'ア …' outline markers indent as the seed does; '- …' becomes a bullet. */
function outlineBlocks(text: string, baseIndent: number): MinutesBlock[] {
  const blocks: MinutesBlock[] = [];
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (!line) continue;
    if (/^(\(\d+\)|（\d+）)/.test(line)) blocks.push({ kind: 'text', text: line, indent: baseIndent });
    else if (/^[ア-ン][ \u3000]/.test(line))
      blocks.push({ kind: 'text', text: line, indent: baseIndent + 1 });
    else if (/^[-・•]\s*/.test(line))
      blocks.push({
        kind: 'text',
        text: `・${line.replace(/^[-・•]\s*/, '')}`,
        indent: baseIndent + 1,
        firstLine: -1,
      });
    else blocks.push({ kind: 'text', text: line, indent: baseIndent, firstLine: 1 });
  }
  return blocks;
}

/** The discussion: the recorded turns, or (none recorded) the items raised with the station's answers. */
export function discussionOf(meeting: MeetingRecord, items: ItemRecord[]): DiscussionTurn[] {
  if (meeting.discussion.length > 0) return meeting.discussion;
  const turns: DiscussionTurn[] = [];
  for (const item of items) {
    turns.push({ speakerRole: item.raisedBy?.trim() || '委員', text: item.text });
    if (item.response?.trim()) turns.push({ speakerRole: '警察署', text: item.response });
  }
  return turns;
}

/** The 会議録 as blocks, section by section as in the seed minutes. */
export function minutesBlocks(meeting: MeetingRecord, items: ItemRecord[]): MinutesBlock[] {
  const blocks: MinutesBlock[] = [{ kind: 'title', text: `${meeting.title}会議録` }];
  const members = meeting.attendance.members;
  const police = meeting.attendance.police;
  blocks.push({
    kind: 'grid',
    rows: [
      { label: '開催日時', value: meetingDateTimeText(meeting.heldOn, meeting.startTime, meeting.endTime) },
      { label: '開催場所', value: meeting.place?.trim() || '' },
      { label: '出席者', sub: '委員', value: attendeesText(meeting.memberAttendees, members, '委員') },
      { label: '出席者', sub: '警察署', value: attendeesText(meeting.policeAttendees, police) },
      { label: '議題', value: meeting.agenda.join('\n') || meeting.consultationTopic?.trim() || '' },
    ],
  });
  let n = 0;
  const section = (title: string) => {
    n += 1;
    blocks.push({ kind: 'heading', text: `${n} ${title}`, level: 1 });
  };
  const body = (text: string | null | undefined, empty = '省略') => {
    const t = text?.trim();
    blocks.push(...(t ? outlineBlocks(t, 1) : [{ kind: 'text' as const, text: empty, indent: 1 }]));
  };

  section(meeting.chairGreeting?.trim() ? '会長挨拶（要旨）' : '会長挨拶');
  body(meeting.chairGreeting);
  section('署長挨拶');
  body(meeting.chiefGreeting);
  section(`業務推進状況説明（${meeting.businessReportBy?.trim() || '署長'}）`);
  body(meeting.businessReport);
  section('諮問事項説明');
  body(meeting.consultationExplanation?.trim() || meeting.consultationTopic, 'なし');
  section('協議');
  const turns = discussionOf(meeting, items);
  if (turns.length === 0) blocks.push({ kind: 'text', text: 'なし', indent: 1 });
  for (const turn of turns) {
    const who = turn.speaker?.trim() ? `${turn.speakerRole} ${turn.speaker.trim()}` : turn.speakerRole;
    blocks.push({ kind: 'heading', text: `(${who})`, level: 2 });
    blocks.push(...outlineBlocks(turn.text, 1));
  }
  section(meeting.reviewBy?.trim() ? `講評（${meeting.reviewBy.trim()}）` : '講評');
  body(meeting.review, 'なし');
  section('配付資料');
  if (meeting.handouts.length === 0) blocks.push({ kind: 'text', text: 'なし', indent: 1 });
  for (const h of meeting.handouts) blocks.push({ kind: 'text', text: h, indent: 1 });
  return blocks;
}

// --- rendering ---------------------------------------------------------------------------------

const PDF_FONT = 'NotoSansJP';
const PDF_FONT_BOLD = 'NotoSansJP-Bold';

/**
 * The head of the minutes as the seed lays it out: label | value rows, 出席者 spanning its
 * 委員 / 警察署 rows with the sub-label in a second column; cell text broken by the 禁則 rules.
 */
function pdfGrid(pdf: JapanesePdf, rows: { label: string; sub?: string; value: string }[]): void {
  const doc = pdf.doc;
  const size = 10.5;
  const lh = size * 1.5;
  const pad = 4;
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const labelW = 72;
  const subW = 54;
  const widthOf = (font: string) => (t: string) => {
    doc.font(font).fontSize(size);
    return doc.widthOfString(t);
  };
  const regular = widthOf(PDF_FONT);
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const cellLines = (text: string, w: number) => wrapJapanese(text, w - 2 * pad, regular);
  /** A list of names or posts breaks after its 、 (木村委員、／塩田委員), not inside a name. */
  const listLines = (text: string, w: number) => {
    const max = w - 2 * pad;
    const lines: string[] = [];
    let line = '';
    for (const part of text.split(/(?<=、)/)) {
      if (regular(line + part) <= max) line += part;
      else if (regular(part) <= max) {
        if (line) lines.push(line);
        line = part;
      } else {
        const broken = wrapJapanese(line + part, max, regular);
        lines.push(...broken.slice(0, -1));
        line = broken[broken.length - 1];
      }
    }
    lines.push(line);
    return lines;
  };
  const draw = (lines: string[], x: number, y: number, bold = false) => {
    doc
      .font(bold ? PDF_FONT_BOLD : PDF_FONT)
      .fontSize(size)
      .fillColor('#000000');
    lines.forEach(
      (line, i) => line && doc.text(line, x + pad, y + pad + i * lh - size * 0.05, { lineBreak: false }),
    );
  };
  const rect = (x: number, y: number, w: number, h: number, fill?: string) => {
    if (fill) doc.rect(x, y, w, h).fill(fill);
    doc.lineWidth(0.5).strokeColor('#8c8c8c').rect(x, y, w, h).stroke();
  };
  let i = 0;
  while (i < rows.length) {
    // A label with sub-labels takes its consecutive rows along (出席者: 委員, 警察署).
    let j = i + 1;
    if (rows[i].sub) while (j < rows.length && rows[j].sub && rows[j].label === rows[i].label) j++;
    const group = rows.slice(i, j);
    const valueW = width - labelW - (rows[i].sub ? subW : 0);
    const linesOf = (r: (typeof rows)[number]) => (r.sub ? listLines : cellLines)(r.value, valueW);
    const heights = group.map((r) => Math.max(1, linesOf(r).length) * lh + 2 * pad);
    const total = heights.reduce((a, b) => a + b, 0);
    if (doc.y + total > bottom()) {
      doc.addPage();
      doc.y = doc.page.margins.top;
    }
    const y0 = doc.y;
    rect(left, y0, labelW, total, '#f0f0f0');
    draw([rows[i].label], left, y0, true);
    let y = y0;
    group.forEach((r, k) => {
      const h = heights[k];
      if (r.sub) {
        rect(left + labelW, y, subW, h, '#f7f7f7');
        draw([r.sub], left + labelW, y, true);
        rect(left + labelW + subW, y, valueW, h);
        draw(linesOf(r), left + labelW + subW, y);
      } else {
        rect(left + labelW, y, valueW, h);
        draw(linesOf(r), left + labelW, y);
      }
      y += h;
    });
    doc.y = y;
    i = j;
  }
  doc.x = left;
  doc.y += size * 0.8;
}

function writePdfBlocks(pdf: JapanesePdf, blocks: MinutesBlock[]): void {
  for (const b of blocks) {
    if (b.kind === 'title') {
      pdf.title(b.text);
      pdf.space(0.3);
    } else if (b.kind === 'grid') {
      pdfGrid(pdf, b.rows);
    } else if (b.kind === 'heading') {
      pdf.doc.y += b.level === 1 ? 4 : 2;
      kinsokuParagraph(pdf, b.text, {
        bold: b.level === 1,
        indent: b.level === 1 ? 0 : 0.5,
        keepWithNext: 1,
        spaceAfter: 0.15,
      });
    } else {
      kinsokuParagraph(pdf, b.text, { indent: b.indent, firstLine: b.firstLine });
    }
  }
}

function docxBlocks(blocks: MinutesBlock[]): DocxBlock[] {
  const out: DocxBlock[] = [];
  for (const b of blocks) {
    if (b.kind === 'title') out.push(docxTitle(b.text));
    else if (b.kind === 'grid') {
      const rows = b.rows.map((r, i) => {
        const prev = b.rows[i - 1];
        if (r.sub) {
          // 出席者 spans its 委員 / 警察署 rows, as in the seed.
          const first = !prev || prev.label !== r.label;
          const span = first ? b.rows.filter((x) => x.label === r.label).length : 0;
          return first ? [{ text: r.label, rowSpan: span }, r.sub, r.value] : [r.sub, r.value];
        }
        return [r.label, { text: r.value, colSpan: 2 }];
      });
      out.push(
        docxTable([{ width: 1.2, shaded: true, bold: true }, { width: 1, shaded: true }, { width: 6 }], rows),
      );
      out.push(docxParagraph(''));
    } else if (b.kind === 'heading')
      out.push(docxHeading(b.text, b.level, { indent: b.level === 2 ? 0.5 : 0 }));
    else out.push(docxParagraph(b.text, { indent: b.indent, firstLine: b.firstLine }));
  }
  return out;
}

export function minutesPdf(meeting: MeetingRecord, items: ItemRecord[]): Promise<Buffer> {
  const blocks = minutesBlocks(meeting, items);
  return renderPdfToBuffer((pdf) => writePdfBlocks(pdf, blocks), {
    title: `${meeting.title}会議録`,
    subject: '会議録',
  });
}

export function minutesDocx(meeting: MeetingRecord, items: ItemRecord[]): Promise<Buffer> {
  return renderDocxToBuffer(docxBlocks(minutesBlocks(meeting, items)), { title: `${meeting.title}会議録` });
}

// --- report back (措置結果) ------------------------------------------------------------------------

/** The report-back as blocks: the as-of line, then per earlier meeting its items with what was done. */
export function reportBackBlocks(r: ReportBackDto): MinutesBlock[] {
  const blocks: MinutesBlock[] = [{ kind: 'title', text: r.title }];
  blocks.push({ kind: 'text', text: r.asOfLabel, indent: 0 });
  blocks.push({ kind: 'text', text: r.lead, indent: 0, firstLine: 1 });
  let n = 0;
  for (const section of r.sections) {
    blocks.push({ kind: 'heading', text: `【${section.heading}】`, level: 1 });
    for (const item of section.items) {
      n += 1;
      blocks.push({
        kind: 'heading',
        text: `${n} ${item.kindLabel}${item.raisedBy ? `（${item.raisedBy}）` : ''}\u3000${item.statusLabel}`,
        level: 2,
      });
      blocks.push({ kind: 'text', text: `「${item.text.trim()}」`, indent: 1 });
      if (item.response?.trim())
        blocks.push({ kind: 'text', text: `当署の回答：${item.response.trim()}`, indent: 1, firstLine: -6 });
      if (item.answeredInMeeting)
        blocks.push({ kind: 'text', text: '（会議において回答済み。追加の措置なし）', indent: 1 });
      item.followUps.forEach((f, i) => {
        blocks.push({
          kind: 'text',
          text: `(${i + 1}) ${f.title}（${f.statusLabel}、期限 ${formatJapaneseDate(f.dueOn)}）`,
          indent: 1,
        });
        if (f.result?.trim())
          blocks.push({ kind: 'text', text: `措置結果：${f.result.trim()}`, indent: 2, firstLine: -5 });
        for (const line of f.evidenceLines)
          blocks.push({ kind: 'text', text: `・${line}`, indent: 2, firstLine: -1 });
      });
    }
  }
  return blocks;
}

export function reportBackPdf(r: ReportBackDto): Promise<Buffer> {
  const blocks = reportBackBlocks(r);
  return renderPdfToBuffer(
    (pdf) => {
      const [title, asOf, ...rest] = blocks;
      writePdfBlocks(pdf, [title]);
      if (asOf.kind === 'text') kinsokuParagraph(pdf, asOf.text, { align: 'right' });
      writePdfBlocks(pdf, rest);
    },
    { title: r.title, subject: '措置結果' },
  );
}

export function reportBackDocx(r: ReportBackDto): Promise<Buffer> {
  const [title, asOf, ...rest] = reportBackBlocks(r);
  return renderDocxToBuffer(
    [
      ...docxBlocks([title]),
      docxParagraph(asOf.kind === 'text' ? asOf.text : '', { align: 'right' }),
      ...docxBlocks(rest),
    ],
    { title: r.title },
  );
}
