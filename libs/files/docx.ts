/**
 * Japanese Word documents (DOCX) with the `docx` library, for documents the station edits in Word
 * before filing them (会議録, 措置結果, the strategy table). Real Word structure: heading styles
 * (見出し 1/2, so the navigation pane and mammoth see them), ordinary paragraphs with first-line or
 * hanging indents in characters, tables with a repeated header row; East Asian font settings
 * (本文 ＭＳ 明朝 / Century, 見出し ＭＳ ゴシック, language ja-JP), A4, 10.5 pt. Word applies its
 * own 禁則処理 when it lays the text out.
 *
 *   const buffer = await renderDocxToBuffer(
 *     [docxTitle('令和5年度第1回岩国警察署協議会会議録'), docxHeading('1 会長挨拶'), docxParagraph('…', { indent: 1 })],
 *     { title: '会議録', header: ['セキュリティ基本戦略に基づく取組', '令和8年11月現在'] },
 *   );
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Fonts of an official Japanese document: 明朝 for body text, ゴシック for headings. */
export const DOCX_FONTS = {
  body: { ascii: 'Century', hAnsi: 'Century', eastAsia: 'ＭＳ 明朝', cs: 'Century' },
  heading: { ascii: 'Arial', hAnsi: 'Arial', eastAsia: 'ＭＳ ゴシック', cs: 'Arial' },
} as const;

/** 10.5 pt body text, in Word's half-points. */
const BODY_HALF_POINTS = 21;
/** One character of 10.5 pt text in twentieths of a point (for indents in 字). */
const CHAR_TWIPS = 210;
/** A4 width minus 25 mm margins, in twips. */
const A4 = { width: 11906, height: 16838, margin: 1418 };

// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const clean = (s: string): string => s.replace(XML_INVALID, '');

export type DocxBlock = Paragraph | Table;

export interface DocxTextOptions {
  bold?: boolean;
  /** Text size in points (default 10.5). */
  size?: number;
  align?: 'left' | 'center' | 'right' | 'justify';
  /** Left indent of every line, in characters (字). */
  indent?: number;
  /** First-line indent in characters (字下げ); negative values hang the first line out (ぶら下げ). */
  firstLine?: number;
  /** Keep with the next paragraph (headings, labels). */
  keepNext?: boolean;
  /** Space after in points (default 0). */
  spaceAfter?: number;
  spaceBefore?: number;
}

const alignment = (a: DocxTextOptions['align']) =>
  a === 'center'
    ? AlignmentType.CENTER
    : a === 'right'
      ? AlignmentType.RIGHT
      : a === 'justify'
        ? AlignmentType.JUSTIFIED
        : AlignmentType.LEFT;

/** Runs of a text, a line break (Shift+Enter) for each newline. */
export function docxRuns(text: string, options: { bold?: boolean; size?: number } = {}): TextRun[] {
  return clean(text)
    .split(/\r\n|\r|\n/)
    .map(
      (line, i) =>
        new TextRun({
          text: line,
          break: i > 0 ? 1 : undefined,
          bold: options.bold,
          size: options.size ? Math.round(options.size * 2) : undefined,
        }),
    );
}

/** A body paragraph (one Word paragraph; newlines inside become line breaks). */
export function docxParagraph(text: string, options: DocxTextOptions = {}): Paragraph {
  const first = options.firstLine ?? 0;
  return new Paragraph({
    children: docxRuns(text, options),
    alignment: alignment(options.align),
    keepNext: options.keepNext,
    spacing: {
      after: Math.round((options.spaceAfter ?? 0) * 20),
      before: Math.round((options.spaceBefore ?? 0) * 20),
    },
    indent: {
      left: Math.round(((options.indent ?? 0) + (first < 0 ? -first : 0)) * CHAR_TWIPS),
      ...(first > 0 ? { firstLine: Math.round(first * CHAR_TWIPS) } : {}),
      ...(first < 0 ? { hanging: Math.round(-first * CHAR_TWIPS) } : {}),
    },
  });
}

/** The document title (Word's Title style, centred). */
export function docxTitle(text: string): Paragraph {
  return new Paragraph({
    heading: HeadingLevel.TITLE,
    alignment: AlignmentType.CENTER,
    children: docxRuns(text),
    spacing: { after: 240 },
  });
}

/** A heading (見出し 1 or 2) — a real Word heading, kept with what follows. */
export function docxHeading(text: string, level: 1 | 2 = 1, options: { indent?: number } = {}): Paragraph {
  return new Paragraph({
    heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
    children: docxRuns(text),
    keepNext: true,
    indent: options.indent ? { left: Math.round(options.indent * CHAR_TWIPS) } : undefined,
  });
}

export interface DocxTableColumn {
  header?: string;
  /** Relative width (default 1). */
  width?: number;
  /** Shade the cells of this column (labels of a key/value grid). */
  shaded?: boolean;
  bold?: boolean;
}

export interface DocxTableOptions {
  /** Repeat the header row on every page (default true when there are headers). */
  repeatHeader?: boolean;
  /** Text size in points (default 10.5). */
  size?: number;
  /** Total width as a fraction of the text width (default 1). */
  widthFraction?: number;
  /** Text width in twips; default that of A4 portrait with the default margins. */
  textWidth?: number;
}

/**
 * A table; a cell is a string (newlines are line breaks), a list of paragraphs' texts, or
 * `{ text, rowSpan?, colSpan? }` for merged cells (a cell spanned over is left out of its row).
 */
export type DocxCell = string | string[] | { text: string | string[]; rowSpan?: number; colSpan?: number };

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '808080' };

export function docxTable(
  columns: readonly DocxTableColumn[],
  rows: readonly (readonly DocxCell[])[],
  options: DocxTableOptions = {},
): Table {
  const total = Math.round((options.textWidth ?? A4.width - 2 * A4.margin) * (options.widthFraction ?? 1));
  const weights = columns.map((c) => (c.width && c.width > 0 ? c.width : 1));
  const sum = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => Math.floor((total * w) / sum));
  const size = options.size;
  const cell = (value: DocxCell, col: number, header: boolean): TableCell => {
    const spec = typeof value === 'object' && !Array.isArray(value) ? value : { text: value };
    const texts = Array.isArray(spec.text) ? spec.text : [spec.text];
    const column = columns[col] ?? {};
    const span = spec.colSpan ?? 1;
    const width = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
    return new TableCell({
      children: texts.map(
        (t) =>
          new Paragraph({
            children: docxRuns(t, { bold: header || column.bold, size }),
            alignment: header ? AlignmentType.CENTER : AlignmentType.LEFT,
          }),
      ),
      rowSpan: spec.rowSpan,
      columnSpan: spec.colSpan,
      width: { size: width, type: WidthType.DXA },
      verticalAlign: VerticalAlign.TOP,
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      shading:
        header || column.shaded ? { type: ShadingType.CLEAR, color: 'auto', fill: 'EDEDED' } : undefined,
      borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER },
    });
  };
  const hasHeader = columns.some((c) => c.header !== undefined);
  const tableRows: TableRow[] = [];
  if (hasHeader)
    tableRows.push(
      new TableRow({
        tableHeader: options.repeatHeader ?? true,
        cantSplit: true,
        children: columns.map((c, i) => cell(c.header ?? '', i, true)),
      }),
    );
  // Columns still covered by a cell spanning rows from above (their continuation cells are added by docx).
  const covered = columns.map(() => 0);
  for (const row of rows) {
    const skip = covered.map((c) => c > 0);
    covered.forEach((c, i) => (covered[i] = Math.max(0, c - 1)));
    // Cells are placed left to right; a cell with colSpan takes the following columns too.
    let col = 0;
    const cells: TableCell[] = [];
    for (const value of row) {
      while (skip[col]) col++;
      const spec = typeof value === 'object' && !Array.isArray(value) ? value : undefined;
      const span = spec?.colSpan ?? 1;
      if (spec?.rowSpan && spec.rowSpan > 1)
        for (let k = col; k < col + span && k < covered.length; k++) covered[k] = spec.rowSpan - 1;
      cells.push(cell(value, col, false));
      col += span;
    }
    tableRows.push(new TableRow({ children: cells }));
  }
  return new Table({
    rows: tableRows,
    width: { size: total, type: WidthType.DXA },
    columnWidths: widths,
  });
}

export interface JapaneseDocxOptions {
  /** Document properties: title (dc:title). */
  title?: string;
  creator?: string;
  landscape?: boolean;
  /** Lines printed at the top of every page (right-aligned after the first, which is centred). */
  header?: string[];
  /** Page numbers "n / N" at the foot of every page (default true). */
  pageNumbers?: boolean;
  /** A marking at the top right of every page, e.g. 取扱注意. */
  pageMarking?: string;
}

/** The A4 text width in twips for the orientation (to size tables). */
export function docxTextWidth(landscape = false): number {
  return (landscape ? A4.height : A4.width) - 2 * A4.margin;
}

/** Packs blocks into a DOCX file with the Japanese styles. */
export async function renderDocxToBuffer(
  blocks: readonly DocxBlock[],
  options: JapaneseDocxOptions = {},
): Promise<Buffer> {
  const headerParagraphs: Paragraph[] = [];
  if (options.pageMarking)
    headerParagraphs.push(
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        children: docxRuns(options.pageMarking, { bold: true }),
      }),
    );
  (options.header ?? []).forEach((line, i) =>
    headerParagraphs.push(
      new Paragraph({
        alignment: i === 0 ? AlignmentType.CENTER : AlignmentType.RIGHT,
        children: docxRuns(line, { bold: i === 0 }),
      }),
    ),
  );
  const doc = new Document({
    title: options.title,
    creator: options.creator ?? 'outreach-crm',
    styles: {
      default: {
        document: {
          run: {
            font: DOCX_FONTS.body,
            size: BODY_HALF_POINTS,
            language: { value: 'en-US', eastAsia: 'ja-JP' },
          },
          paragraph: { spacing: { line: 300 } },
        },
        title: {
          run: { font: DOCX_FONTS.heading, size: 28, bold: true, color: '000000' },
          paragraph: { alignment: AlignmentType.CENTER },
        },
        heading1: {
          run: { font: DOCX_FONTS.heading, size: 22, bold: true, color: '000000' },
          paragraph: { spacing: { before: 200, after: 60 }, keepNext: true },
        },
        heading2: {
          run: { font: DOCX_FONTS.heading, size: BODY_HALF_POINTS, bold: true, color: '000000' },
          paragraph: { spacing: { before: 120, after: 40 }, keepNext: true },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: {
              width: A4.width,
              height: A4.height,
              orientation: options.landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
            },
            margin: { top: A4.margin, bottom: A4.margin, left: A4.margin, right: A4.margin },
          },
        },
        headers: headerParagraphs.length
          ? { default: new Header({ children: headerParagraphs }) }
          : undefined,
        footers:
          options.pageNumbers === false
            ? undefined
            : {
                default: new Footer({
                  children: [
                    new Paragraph({
                      alignment: AlignmentType.CENTER,
                      children: [
                        new TextRun({ children: [PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES] }),
                      ],
                    }),
                  ],
                }),
              },
        children: [...blocks],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
