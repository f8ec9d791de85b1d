import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { JapanesePdf, renderPdfToBuffer } from '../../../../libs/files/pdf';
import { safeCellText, stripXmlInvalidChars } from '../../../../libs/files/safe-cell';
import { createXlsxWorkbook } from '../../../../libs/files/xlsx';
import { asOfHeading, formatJapaneseDate } from '../../../../libs/japanese/era';
import { docxTable, docxTextWidth, renderDocxToBuffer } from '../../../../libs/files/docx';
import type { PeriodReportDto } from './dto/period.dto';
import type { StrategyBullet } from './entities/strategy-task.entity';
import { addBarCharts, XlsxBarChart } from './xlsx-chart';

export interface StrategyRow {
  number: string;
  heading: string;
  description: string;
  leadAgencies: string[];
  actionsSoFar: StrategyBullet[];
  plannedActions: StrategyBullet[];
}

export interface StrategyTable {
  asOf: string;
  heading: string;
  scopeLabel: string;
  rows: StrategyRow[];
}

const REPORT_TITLE = '経済安全保障アウトリーチ活動 期間報告';
/** The seed's title, repeated on every page with the as-of line. */
export const STRATEGY_TITLE = 'セキュリティ基本戦略に基づく取組';
const STRATEGY_COLUMNS = ['基本戦略における課題', 'これまでの取組', '今後の取組'] as const;

const pct = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

/** The report's headline figures as label / value pairs (dates in the Japanese era). */
function summaryRows(r: PeriodReportDto, generatedOn: string): [string, string | number][] {
  return [
    ['対象期間', r.period.label],
    ['期間', r.period.range],
    ['対象', r.stationName ?? '全警察署'],
    ['作成日', formatJapaneseDate(generatedOn)],
    ['個別訪問（決裁済み）件数', r.visits.total],
    ['うち共同訪問（同行）件数', r.jointVisits.total],
    ['訪問した事業者数', r.visits.organizations],
    ['接触した事業者数（訪問・セミナー）', r.organizations.reached],
    [
      `対象事業者数（${formatJapaneseDate(r.organizations.coverageAtEnd.asOf)}現在）`,
      r.organizations.coverageAtEnd.organizations,
    ],
    ['うち期限内に接触', r.organizations.coverageAtEnd.reached],
    ['うち期限超過', r.organizations.coverageAtEnd.overdue],
    ['うち未接触', r.organizations.coverageAtEnd.never],
    ['把握率（期間末）', pct(r.organizations.coverageAtEnd.coverage)],
    ['セミナー・講演等 回数', r.seminars.count],
    ['セミナー参加者数（延べ）', r.seminars.attendees],
    ['セミナー参加事業者数', r.seminars.organizations],
    ['相談・事案 受理件数', r.consultations.total],
    ['うち本部への報告（エスカレーション）', r.consultations.escalated],
    ['協議会フォローアップ 新規', r.followUps.opened],
    ['協議会フォローアップ 完了', r.followUps.done],
    ['協議会フォローアップ 期限超過（期間末）', r.followUps.overdue],
    ['関係機関との連絡調整 件数', r.liaisons.count],
    ['人材育成（教養・研修・訓練） 件数', r.activities.training.count],
    ['人材育成 参加者数（延べ）', r.activities.training.participants],
    ['広報（ウェブサイト・報道・注意喚起） 件数', r.activities.pr.count],
  ];
}

interface Section {
  name: string;
  columns: string[];
  rows: (string | number)[][];
}

/** Sections of the report (one XLSX sheet / PDF table each). */
function sections(r: PeriodReportDto): Section[] {
  const list: Section[] = [
    {
      name: '業種別訪問件数',
      columns: ['業種', '件数'],
      rows: r.visits.bySector.map((x) => [x.label, x.count]),
    },
    {
      name: '市区町村別訪問件数',
      columns: ['市区町村', '件数'],
      rows: r.visits.byMunicipality.map((x) => [x.label, x.count]),
    },
    {
      name: '話題別訪問件数',
      columns: ['話題', '件数'],
      rows: r.visits.byTopic.map((x) => [x.label, x.count]),
    },
    {
      name: '共同訪問',
      columns: ['同行した機関・部隊', '件数'],
      rows: r.jointVisits.byPartner.map((x) => [x.label, x.count]),
    },
    { name: 'セミナー等', columns: ['種別', '回数'], rows: r.seminars.byKind.map((x) => [x.label, x.count]) },
    {
      name: '相談・事案',
      columns: ['種別', '件数', 'うちエスカレーション'],
      rows: r.consultations.byCategory.map((x) => [x.label, x.count, x.escalated]),
    },
    {
      name: '教養・広報',
      columns: ['種別', '件数', '参加者数'],
      rows: r.activities.byKind.map((x) => [x.label, x.count, x.participants]),
    },
  ];
  if (r.byStation)
    list.push({
      name: STATION_SHEET,
      columns: [
        '警察署',
        '個別訪問',
        'うち共同訪問',
        '訪問事業者数',
        '接触事業者数',
        'セミナー等',
        'セミナー参加者数',
        '相談・事案',
        '教養・広報',
      ],
      rows: r.byStation.map((x) => [
        x.stationName,
        x.visits,
        x.jointVisits,
        x.organizationsVisited,
        x.organizationsReached,
        x.seminars,
        x.seminarAttendees,
        x.consultations,
        x.activities,
      ]),
    });
  return list;
}

const STATION_SHEET = '警察署別';
const CHART_SHEET = 'グラフ';
const CHART_TITLE = '活動の概要（件数）';

/** The headline counts charted in both formats. */
function chartRows(r: PeriodReportDto): [string, number][] {
  return [
    ['個別訪問', r.visits.total],
    ['うち共同訪問', r.jointVisits.total],
    ['セミナー・講演等', r.seminars.count],
    ['相談・事案', r.consultations.total],
    ['人材育成', r.activities.training.count],
    ['広報', r.activities.pr.count],
  ];
}

/**
 * One sheet per section, with the libs/files streaming writer (collected: reports are small), then
 * native bar charts (xlsx-chart.ts) on the グラフ sheet and, for hq, on 警察署別.
 */
export async function periodReportXlsx(r: PeriodReportDto, generatedOn: string): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = createXlsxWorkbook(out);
  const summary = wb.addSheet('概要', {
    columns: [
      { header: '項目', type: 'string', width: 40 },
      { header: '値', type: 'string', width: 36 },
    ],
  });
  for (const [label, value] of summaryRows(r, generatedOn)) summary.addRow([label, String(value)]);
  const chart = wb.addSheet(CHART_SHEET, {
    columns: [
      { header: '区分', type: 'string', width: 20 },
      { header: '件数', type: 'number', width: 10 },
    ],
  });
  const counts = chartRows(r);
  for (const row of counts) chart.addRow(row);
  const list = sections(r);
  for (const s of list) {
    const sheet = wb.addSheet(s.name, {
      columns: s.columns.map((header, i) => ({
        header,
        type: i === 0 ? 'string' : 'number',
        width: i === 0 ? 30 : 12,
      })),
    });
    for (const row of s.rows) sheet.addRow(row);
  }
  await wb.finish();
  await done;
  const charts: XlsxBarChart[] = [
    {
      sheetName: CHART_SHEET,
      title: `${CHART_TITLE} ${r.period.label}`,
      categories: { column: 'A', firstRow: 2, lastRow: 1 + counts.length },
      series: [{ name: '件数', column: 'B' }],
      anchor: { col: 3, row: 1, width: 9, height: 18 },
    },
  ];
  const stations = list.find((s) => s.name === STATION_SHEET);
  if (stations && stations.rows.length > 0)
    charts.push({
      sheetName: STATION_SHEET,
      title: `警察署別 個別訪問・セミナー等 ${r.period.label}`,
      categories: { column: 'A', firstRow: 2, lastRow: 1 + stations.rows.length },
      series: [
        { name: '個別訪問', column: 'B' },
        { name: 'うち共同訪問', column: 'C' },
        { name: 'セミナー等', column: 'F' },
      ],
      anchor: { col: 10, row: 1, width: 10, height: Math.max(16, stations.rows.length * 2 + 4) },
      direction: 'bar',
    });
  return addBarCharts(Buffer.concat(chunks), charts);
}

/** A horizontal bar chart drawn with pdfkit on the current page (values labelled at the bars). */
function pdfBarChart(pdf: JapanesePdf, rows: [string, number][]): void {
  const doc = pdf.doc;
  const barHeight = 14;
  const gap = 6;
  const labelWidth = 130;
  const height = rows.length * (barHeight + gap) + 10;
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) pdf.pageBreak();
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right - labelWidth - 40;
  const top = doc.y + 4;
  const max = Math.max(1, ...rows.map(([, v]) => v));
  doc.save();
  doc.font('NotoSansJP').fontSize(9);
  rows.forEach(([label, value], i) => {
    const y = top + i * (barHeight + gap);
    doc
      .fillColor('#000000')
      .text(label, left, y + 2, { width: labelWidth - 6, align: 'right', lineBreak: false });
    const w = (value / max) * width;
    if (w > 0) doc.rect(left + labelWidth, y, w, barHeight).fill(i === 1 ? '#7aa6d6' : '#2f5f98');
    doc.fillColor('#000000').text(String(value), left + labelWidth + w + 4, y + 2, { lineBreak: false });
  });
  doc
    .moveTo(left + labelWidth, top - 2)
    .lineTo(left + labelWidth, top + height - 8)
    .lineWidth(0.5)
    .stroke('#666666');
  doc.restore();
  doc.x = left;
  doc.y = top + height;
}

export function periodReportPdf(r: PeriodReportDto, generatedOn: string): Promise<Buffer> {
  return renderPdfToBuffer(
    (pdf) => {
      pdf.title(REPORT_TITLE);
      pdf.paragraph(r.period.label, { align: 'center' });
      if (r.period.label !== r.period.range) pdf.paragraph(`（${r.period.range}）`, { align: 'center' });
      pdf.space();
      pdf.heading('概要');
      pdf.keyValue(summaryRows(r, generatedOn).map(([k, v]) => [k, v] as const));
      pdf.heading(CHART_TITLE, 2);
      pdfBarChart(pdf, chartRows(r));
      for (const s of sections(r)) {
        pdf.heading(s.name, 2);
        if (s.rows.length === 0) pdf.paragraph('（該当なし）');
        else
          pdf.table(
            s.columns.map((header, i) => ({
              header,
              width: i === 0 ? 3 : 1,
              align: i === 0 ? 'left' : 'right',
            })),
            s.rows,
          );
        if (s.name === STATION_SHEET && s.rows.length > 0) {
          pdf.heading('警察署別 個別訪問件数', 2);
          pdfBarChart(
            pdf,
            s.rows.map((row) => [String(row[0]), Number(row[1])]),
          );
        }
      }
    },
    { title: REPORT_TITLE, pageMarking: '取扱注意' },
  );
}

const cellText = (s: string) => safeCellText(stripXmlInvalidChars(s));

/** 課題 cell: the numbered heading, then the descriptive paragraph (「4 情報収集・分析の強化」 / 「国内外及び…」). */
export function taskCellLines(r: StrategyRow): string[] {
  const heading = r.number ? `${r.number} ${r.heading}` : r.heading;
  return r.description ? [heading, r.description] : [heading];
}

/** A bullet as printed: 「・text」, with (再掲) when the action is listed under another task too. */
export const bulletLine = (b: StrategyBullet) => `・${b.text}${b.repeated ? '(再掲)' : ''}`;

/** これまでの取組 cell: 【lead agencies】 at its head, then the bullets. */
export function actionsCellLines(r: StrategyRow): string[] {
  return [
    ...(r.leadAgencies.length ? [`【${r.leadAgencies.join('、')}】`] : []),
    ...r.actionsSoFar.map(bulletLine),
  ];
}

const plannedCellLines = (r: StrategyRow) => r.plannedActions.map(bulletLine);

const asOfLine = (t: StrategyTable) => `${asOfHeading(t.asOf)}（${t.scopeLabel}）`;

/**
 * The seed's three-column table: 課題 / これまでの取組 / 今後の取組. The title and the as-of line
 * are rows 1-2 and, with the column heads (row 4), the print titles of every printed page; the
 * page header repeats them too.
 */
export async function strategyTableXlsx(t: StrategyTable): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'outreach-crm';
  const ws = wb.addWorksheet('取組状況', {
    pageSetup: {
      orientation: 'landscape',
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:4',
    },
    headerFooter: {
      oddHeader: `&C&"-,Bold"${STRATEGY_TITLE}&R${asOfLine(t).replace(/&/g, '&&')}`,
      oddFooter: '&C&P / &N',
    },
    views: [{ state: 'frozen', ySplit: 4 }],
  });
  ws.columns = [{ width: 45 }, { width: 70 }, { width: 55 }];
  ws.mergeCells('A1:C1');
  ws.getCell('A1').value = STRATEGY_TITLE;
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  ws.mergeCells('A2:C2');
  ws.getCell('A2').value = cellText(asOfLine(t));
  ws.getCell('A2').alignment = { horizontal: 'right' };
  const header = ws.getRow(4);
  header.values = [...STRATEGY_COLUMNS];
  header.font = { bold: true };
  const border: Partial<ExcelJS.Borders> = {
    top: { style: 'thin' },
    left: { style: 'thin' },
    bottom: { style: 'thin' },
    right: { style: 'thin' },
  };
  header.eachCell((c) => {
    c.border = border;
    c.alignment = { horizontal: 'center' };
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
  });
  t.rows.forEach((r, i) => {
    const row = ws.getRow(5 + i);
    const [heading, ...description] = taskCellLines(r);
    row.getCell(1).value = {
      richText: [
        { text: cellText(heading), font: { bold: true } },
        ...(description.length ? [{ text: `\n${cellText(description.join('\n'))}` }] : []),
      ],
    };
    const actions = actionsCellLines(r);
    row.getCell(2).value = cellText(actions.join('\n'));
    row.getCell(3).value = cellText(plannedCellLines(r).join('\n'));
    for (let c = 1; c <= 3; c++) {
      row.getCell(c).alignment = { wrapText: true, vertical: 'top' };
      row.getCell(c).border = border;
    }
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** PDF: the title and the as-of line at the head of every page, the column heads repeated. */
export function strategyTablePdf(t: StrategyTable): Promise<Buffer> {
  return renderPdfToBuffer(
    (pdf) => {
      pdf.table(
        [
          { header: STRATEGY_COLUMNS[0], width: 3 },
          { header: STRATEGY_COLUMNS[1], width: 4 },
          { header: STRATEGY_COLUMNS[2], width: 3 },
        ],
        t.rows.map((r) => [
          taskCellLines(r).join('\n'),
          actionsCellLines(r).join('\n'),
          plannedCellLines(r).join('\n'),
        ]),
        { repeatHeader: true },
      );
      const doc = pdf.doc;
      const range = doc.bufferedPageRange();
      for (let i = range.start; i < range.start + range.count; i++) {
        doc.switchToPage(i);
        const left = doc.page.margins.left;
        const width = doc.page.width - left - doc.page.margins.right;
        doc.font('NotoSansJP-Bold').fontSize(14).fillColor('#000000');
        doc.text(STRATEGY_TITLE, left, 34, { width, align: 'center', lineBreak: false });
        doc.font('NotoSansJP').fontSize(10);
        doc.text(asOfLine(t), left, 56, { width, align: 'right', lineBreak: false });
      }
    },
    {
      title: STRATEGY_TITLE,
      layout: 'landscape',
      pageMarking: '取扱注意',
      margins: { top: 80, bottom: 50, left: 40, right: 40 },
    },
  );
}

/** DOCX: the title and the as-of line in the page header (every page), the column heads a repeated header row. */
export function strategyTableDocx(t: StrategyTable): Promise<Buffer> {
  return renderDocxToBuffer(
    [
      docxTable(
        STRATEGY_COLUMNS.map((header, i) => ({ header, width: i === 1 ? 4 : 3 })),
        t.rows.map((r) => [taskCellLines(r), actionsCellLines(r), plannedCellLines(r)]),
        { repeatHeader: true, size: 9, textWidth: docxTextWidth(true) },
      ),
    ],
    {
      title: STRATEGY_TITLE,
      landscape: true,
      header: [STRATEGY_TITLE, asOfLine(t)],
      pageMarking: '取扱注意',
    },
  );
}
