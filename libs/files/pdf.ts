/**
 * Japanese PDF documents (reports, period summaries, the strategy table) with pdfkit and the
 * Noto Sans JP fonts shipped in the npm package @embedpdf/fonts-jp — so Japanese renders without
 * any system font. Fonts are embedded as subsets (only the glyphs used), so files stay small.
 *
 *   const buffer = await renderPdfToBuffer((pdf) => {
 *     pdf.title('アウトリーチ活動 期間報告').paragraph(formatJapaneseDateRange(from, to));
 *     pdf.heading('訪問件数').table([{ header: '区分' }, { header: '件数', align: 'right' }], rows);
 *   }, { title: '期間報告' });
 *
 * Layout: A4, 10.5 pt body text, page numbers "n / N" in the footer, an optional marking (e.g.
 * 取扱注意) at the top right of every page. Tables wrap text inside cells (Japanese line-breaking
 * rules: no 、。」）ー or small kana at a line start, no 「（ at a line end), break across pages and
 * repeat their header row on each new page; a row taller than a page continues on the next one.
 */
import { readFileSync } from 'fs';
import { dirname, join } from 'path';
import PDFDocument from 'pdfkit';
import { jstDateTimeOf } from '../japanese';

export type PdfFontWeight = 'Thin' | 'Light' | 'DemiLight' | 'Regular' | 'Medium' | 'Bold' | 'Black';

/** Directory of the Noto Sans JP .otf files (the package exports no package.json, so resolve its main). */
export function japaneseFontDir(): string {
  return join(dirname(require.resolve('@embedpdf/fonts-jp')), '..', 'fonts');
}

/** Absolute path of a Noto Sans JP weight, e.g. japaneseFontPath('Bold'). */
export function japaneseFontPath(weight: PdfFontWeight = 'Regular'): string {
  return join(japaneseFontDir(), `NotoSansJP-${weight}.otf`);
}

const fontCache = new Map<PdfFontWeight, Buffer>();

/** The font file's bytes, read once per process (each weight is ~4.5 MB). */
function fontBytes(weight: PdfFontWeight): Buffer {
  let bytes = fontCache.get(weight);
  if (!bytes) {
    bytes = readFileSync(japaneseFontPath(weight));
    fontCache.set(weight, bytes);
  }
  return bytes;
}

const FONT_REGULAR = 'NotoSansJP';
const FONT_BOLD = 'NotoSansJP-Bold';

export interface JapanesePdfOptions {
  /** Document info: Title (also used as the PDF's display title). */
  title?: string;
  author?: string;
  subject?: string;
  layout?: 'portrait' | 'landscape';
  /** Page margins in points (1 pt = 1/72 in). Default 50 left/right, 56 top/bottom. */
  margins?: { top: number; bottom: number; left: number; right: number };
  /** Body text size in points. Default 10.5 (the usual size of Japanese official documents). */
  fontSize?: number;
  /** Marking printed at the top right of every page, e.g. '取扱注意'. */
  pageMarking?: string;
  /** Footer text of a page; default `${page} / ${total}`. */
  footer?: (page: number, total: number) => string;
  /** Document creation date (info CreationDate); default now. Fix it for reproducible output. */
  creationDate?: Date;
}

export type PdfCell = string | number | boolean | Date | null | undefined;

export interface PdfTableColumn {
  header: string;
  /** Relative width (default 1): widths are shared out in proportion over the text width. */
  width?: number;
  /** Default 'left', or 'right' for columns whose first value is a number. */
  align?: 'left' | 'center' | 'right';
}

export interface PdfTableOptions {
  /** Cell text size; default the body size − 1. */
  fontSize?: number;
  /** Repeat the header row on each page the table continues on. Default true. */
  repeatHeader?: boolean;
  /** Shade every other row. Default false. */
  zebra?: boolean;
}

export interface JapanesePdf {
  /** The pdfkit document: a Readable stream of the PDF bytes (pipe it before calling end()). */
  readonly doc: PDFKit.PDFDocument;
  /** Document title, bold and centred. */
  title(text: string): JapanesePdf;
  /** Section heading (level 1 larger, level 2 smaller); never left alone at the foot of a page. */
  heading(text: string, level?: 1 | 2): JapanesePdf;
  /** Body text, wrapped, breaking pages as needed. */
  paragraph(
    text: string,
    options?: { align?: 'left' | 'center' | 'right' | 'justify'; fontSize?: number },
  ): JapanesePdf;
  /** Label / value rows as a two-column grid (labels shaded): [['日時', '令和5年6月21日'], …]. */
  keyValue(
    rows: readonly (readonly [string, PdfCell])[] | Readonly<Record<string, PdfCell>>,
    options?: { labelWidth?: number },
  ): JapanesePdf;
  /** A grid table with a bold, shaded header row. */
  table(
    columns: readonly PdfTableColumn[],
    rows: Iterable<readonly PdfCell[]>,
    options?: PdfTableOptions,
  ): JapanesePdf;
  /** Vertical space in lines of body text (default 1). */
  space(lines?: number): JapanesePdf;
  pageBreak(): JapanesePdf;
  /** Text for a cell value: numbers with thousands separators, Dates as JST 'YYYY-MM-DD HH:mm', booleans ○/×. */
  cellText(value: PdfCell): string;
  /** Writes page numbers (and markings) on every page and ends the document. Call once. */
  end(): void;
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Geta mark 〓: the customary Japanese placeholder for a character that cannot be printed. */
export const MISSING_GLYPH = '\u3013';

interface FontkitLike {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

const LINE_START_FORBIDDEN =
  /^[、。，．,.)\]｝}〕〉》」』】〙〗〟’”｠»ヽヾーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖㇰ-ㇿ々〻‐゠–〜～？！?!‼⁇⁈⁉・:;／/%％°′″℃¢￠]/u;
const LINE_END_FORBIDDEN = /[（(［[｛{〔〈《「『【〘〖〝‘“｟«$＄￥¥£￡#＃]$/u;
/** A Latin word (with its trailing spaces) stays together; every other character is its own token. */
const TOKEN = /[A-Za-z0-9\u00c0-\u024f.,:;!?'"@#$%&*+=_~^|\\/<>()[\]{}-]+ */gu;

/** Splits a paragraph into break units, gluing characters that must not start / end a line. */
function tokenize(text: string): string[] {
  const raw: string[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    for (const ch of text.slice(last, m.index)) raw.push(ch);
    raw.push(m[0]);
    last = m.index + m[0].length;
  }
  for (const ch of text.slice(last)) raw.push(ch);

  const tokens: string[] = [];
  for (const tok of raw) {
    const prev = tokens.length ? tokens[tokens.length - 1] : undefined;
    if (
      prev !== undefined &&
      (LINE_START_FORBIDDEN.test(tok) || LINE_END_FORBIDDEN.test(prev) || tok === ' ')
    ) {
      tokens[tokens.length - 1] = prev + tok;
    } else {
      tokens.push(tok);
    }
  }
  return tokens;
}

/** Greedy line wrapping of text to a width, with a width function for the current font. */
export function wrapText(text: string, maxWidth: number, widthOf: (s: string) => number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    let line = '';
    let lineWidth = 0;
    const pushLine = (): void => {
      lines.push(line.trimEnd());
      line = '';
      lineWidth = 0;
    };
    for (const token of tokenize(paragraph)) {
      const w = widthOf(token);
      // Trailing spaces may hang over the edge: fit on the width of the visible part.
      const visible = token.endsWith(' ') ? widthOf(token.trimEnd()) : w;
      if (lineWidth + visible <= maxWidth) {
        line += token;
        lineWidth += w;
        continue;
      }
      if (line !== '' && visible <= maxWidth) {
        pushLine();
        const t = token.trimStart();
        line = t;
        lineWidth = widthOf(t);
        continue;
      }
      // A token wider than a whole line: break it between characters.
      for (const ch of token) {
        const cw = widthOf(ch);
        if (lineWidth + cw > maxWidth && line !== '') pushLine();
        if (line === '' && ch === ' ') continue;
        line += ch;
        lineWidth += cw;
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

/**
 * A new A4 Japanese document. Pipe `pdf.doc` somewhere (or use renderPdfToBuffer), add content
 * with the helpers (or pdfkit directly on `pdf.doc`), then call `pdf.end()`.
 */
export function createJapanesePdf(options: JapanesePdfOptions = {}): JapanesePdf {
  const margins = options.margins ?? { top: 56, bottom: 56, left: 50, right: 50 };
  const bodySize = options.fontSize ?? 10.5;
  const doc = new PDFDocument({
    size: 'A4',
    layout: options.layout ?? 'portrait',
    margins,
    bufferPages: true,
    autoFirstPage: true,
    lang: 'ja-JP',
    displayTitle: options.title !== undefined,
    info: {
      // pdfkit cannot take undefined info entries
      ...(options.title !== undefined ? { Title: options.title } : {}),
      ...(options.author !== undefined ? { Author: options.author } : {}),
      ...(options.subject !== undefined ? { Subject: options.subject } : {}),
      Creator: 'outreach-crm',
      Producer: 'outreach-crm (pdfkit)',
      CreationDate: options.creationDate ?? new Date(),
    },
  });
  doc.registerFont(FONT_REGULAR, fontBytes('Regular'));
  doc.registerFont(FONT_BOLD, fontBytes('Bold'));
  doc.font(FONT_REGULAR).fontSize(bodySize).fillColor('#000000');

  // --- glyph coverage: characters the font lacks print as 〓 instead of an empty box ------------
  const glyphCache = new Map<number, boolean>();
  const fontkit = (doc as unknown as { _font?: { font?: FontkitLike } })._font?.font;
  const printable = (text: string): string => {
    const cleaned = text.replace(/\t/g, '    ').replace(CONTROL_CHARS, '');
    if (!fontkit || !/[^\u0020-\u007e\n\r]/.test(cleaned)) return cleaned;
    let result = '';
    for (const ch of cleaned) {
      const cp = ch.codePointAt(0) ?? 0;
      if (cp < 0x80) {
        result += ch;
        continue;
      }
      let ok = glyphCache.get(cp);
      if (ok === undefined) {
        ok = fontkit.hasGlyphForCodePoint(cp);
        glyphCache.set(cp, ok);
      }
      if (ok) result += ch;
      // Variation selectors and joiners have no glyph of their own: drop them silently.
      else if (!(cp >= 0xfe00 && cp <= 0xfe0f) && !(cp >= 0xe0100 && cp <= 0xe01ef) && cp !== 0x200d) {
        result += MISSING_GLYPH;
      }
    }
    return result;
  };

  // --- geometry ------------------------------------------------------------------------------
  const left = (): number => doc.page.margins.left;
  const contentWidth = (): number => doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const bottom = (): number => doc.page.height - doc.page.margins.bottom;
  const lineHeight = (size: number): number => size * 1.45;

  const widthCache = new Map<string, Map<string, number>>();
  const widthFn = (font: string, size: number): ((s: string) => number) => {
    const key = `${font}@${size}`;
    let cache = widthCache.get(key);
    if (!cache) {
      cache = new Map();
      widthCache.set(key, cache);
    }
    const c = cache;
    return (s: string): number => {
      let w = c.get(s);
      if (w === undefined) {
        doc.font(font).fontSize(size);
        w = doc.widthOfString(s);
        c.set(s, w);
      }
      return w;
    };
  };

  const numberFormat = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 20 });
  const cellText = (value: PdfCell): string => {
    if (value === null || value === undefined) return '';
    if (typeof value === 'number') return Number.isFinite(value) ? numberFormat.format(value) : '';
    if (typeof value === 'boolean') return value ? '○' : '×';
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : jstDateTimeOf(value);
    return value;
  };

  const resetCursor = (y: number): void => {
    doc.x = left();
    doc.y = y;
    doc.font(FONT_REGULAR).fontSize(bodySize).fillColor('#000000');
  };

  const ensureSpace = (height: number): void => {
    if (doc.y + height > bottom()) {
      doc.addPage();
      resetCursor(doc.page.margins.top);
    }
  };

  // --- table engine (also used by keyValue) ---------------------------------------------------
  interface GridColumn {
    width: number;
    align: 'left' | 'center' | 'right';
    bold: boolean;
    fill?: string;
  }

  const PAD_X = 4;
  const PAD_Y = 3;
  const BORDER = '#8c8c8c';

  const drawGrid = (
    columns: readonly GridColumn[],
    header: readonly string[] | undefined,
    rows: Iterable<readonly PdfCell[]>,
    size: number,
    opts: { repeatHeader: boolean; zebra: boolean },
  ): void => {
    const lh = lineHeight(size);
    const x0 = left();
    const xs: number[] = [];
    let acc = x0;
    for (const c of columns) {
      xs.push(acc);
      acc += c.width;
    }
    const regularWidth = widthFn(FONT_REGULAR, size);
    const boldWidth = widthFn(FONT_BOLD, size);

    const layout = (cells: readonly string[], bold: (i: number) => boolean): string[][] =>
      columns.map((c, i) =>
        wrapText(
          printable(cells[i] ?? ''),
          Math.max(1, c.width - 2 * PAD_X),
          bold(i) ? boldWidth : regularWidth,
        ),
      );

    const headerLines = header ? layout(header, () => true) : undefined;
    const headerHeight = headerLines ? Math.max(...headerLines.map((l) => l.length)) * lh + 2 * PAD_Y : 0;

    /** Draws lines [from, to) of each cell as one band of a row at the current y. */
    const drawBand = (
      lines: string[][],
      from: number,
      to: number,
      bold: (i: number) => boolean,
      fill: (i: number) => string | undefined,
    ): void => {
      const height = (to - from) * lh + 2 * PAD_Y;
      const y = doc.y;
      columns.forEach((c, i) => {
        const f = fill(i);
        if (f) doc.rect(xs[i], y, c.width, height).fill(f);
      });
      doc.lineWidth(0.5).strokeColor(BORDER);
      columns.forEach((c, i) => doc.rect(xs[i], y, c.width, height).stroke());
      doc.fillColor('#000000');
      columns.forEach((c, i) => {
        const font = bold(i) ? FONT_BOLD : FONT_REGULAR;
        const measure = bold(i) ? boldWidth : regularWidth;
        doc.font(font).fontSize(size);
        const cellLines = lines[i];
        for (let k = from; k < Math.min(to, cellLines.length); k++) {
          const line = cellLines[k];
          if (!line) continue;
          const free = c.width - 2 * PAD_X - measure(line);
          const dx =
            c.align === 'right' ? Math.max(0, free) : c.align === 'center' ? Math.max(0, free / 2) : 0;
          doc.text(line, xs[i] + PAD_X + dx, y + PAD_Y + (k - from) * lh - size * 0.05, {
            lineBreak: false,
          });
        }
      });
      doc.y = y + height;
    };

    const drawHeader = (): void => {
      if (headerLines) {
        drawBand(
          headerLines,
          0,
          Math.max(...headerLines.map((l) => l.length)),
          () => true,
          () => '#e6e6e6',
        );
      }
    };

    const newPage = (withHeader: boolean): void => {
      doc.addPage();
      resetCursor(doc.page.margins.top);
      if (withHeader) drawHeader();
    };

    // Header plus at least one line of the first row must fit; otherwise start on a new page.
    if (doc.y + headerHeight + lh + 2 * PAD_Y > bottom()) newPage(false);
    drawHeader();

    const linesFitting = (): number => Math.floor((bottom() - doc.y - 2 * PAD_Y) / lh);
    const pageCapacity = Math.floor(
      (bottom() - doc.page.margins.top - (opts.repeatHeader ? headerHeight : 0) - 2 * PAD_Y) / lh,
    );
    const boldAt = (i: number): boolean => columns[i].bold;

    let index = 0;
    for (const row of rows) {
      const lines = layout(
        columns.map((_c, i) => cellText(row[i])),
        boldAt,
      );
      const total = Math.max(1, ...lines.map((l) => l.length));
      const shade = opts.zebra && index % 2 === 1 ? '#f5f5f5' : undefined;
      const fillAt = (i: number): string | undefined => columns[i].fill ?? shade;
      let done = 0;
      while (done < total) {
        const remaining = total - done;
        let fit = linesFitting();
        // A row that does not fit moves to a new page, unless it is taller than a whole page:
        // then it starts here (if a line fits) and continues on the following pages.
        if (fit < remaining && !(remaining > pageCapacity && fit >= 1)) {
          newPage(opts.repeatHeader);
          fit = linesFitting();
        }
        const take = Math.max(1, Math.min(fit, remaining));
        drawBand(lines, done, done + take, boldAt, fillAt);
        done += take;
        if (done < total) newPage(opts.repeatHeader);
      }
      index++;
    }
    resetCursor(doc.y + size * 0.8);
  };

  let ended = false;
  const api: JapanesePdf = {
    doc,
    cellText,

    title(text) {
      const size = bodySize + 6;
      ensureSpace(lineHeight(size) * 2);
      doc
        .font(FONT_BOLD)
        .fontSize(size)
        .text(printable(text), left(), doc.y, { width: contentWidth(), align: 'center' });
      resetCursor(doc.y + size * 0.6);
      return api;
    },

    heading(text, level = 1) {
      const size = level === 1 ? bodySize + 3 : bodySize + 1;
      // Keep the heading with at least two lines of what follows.
      ensureSpace(lineHeight(size) + lineHeight(bodySize) * 2 + size * 0.6);
      doc.y += size * 0.4;
      doc.font(FONT_BOLD).fontSize(size).text(printable(text), left(), doc.y, { width: contentWidth() });
      if (level === 1) {
        const y = doc.y + 1;
        doc
          .moveTo(left(), y)
          .lineTo(left() + contentWidth(), y)
          .lineWidth(0.75)
          .strokeColor('#404040')
          .stroke();
      }
      resetCursor(doc.y + size * 0.45);
      return api;
    },

    paragraph(text, opts = {}) {
      const size = opts.fontSize ?? bodySize;
      doc
        .font(FONT_REGULAR)
        .fontSize(size)
        .text(printable(text), left(), doc.y, {
          width: contentWidth(),
          align: opts.align ?? 'left',
          lineGap: size * 0.45,
        });
      resetCursor(doc.y + size * 0.5);
      return api;
    },

    keyValue(rows, opts = {}) {
      const entries: (readonly [string, PdfCell])[] = Array.isArray(rows)
        ? [...(rows as readonly (readonly [string, PdfCell])[])]
        : Object.entries(rows as Readonly<Record<string, PdfCell>>);
      const w = contentWidth();
      const labelWidth = opts.labelWidth ?? Math.round(w * 0.25);
      drawGrid(
        [
          { width: labelWidth, align: 'left', bold: true, fill: '#f0f0f0' },
          { width: w - labelWidth, align: 'left', bold: false },
        ],
        undefined,
        entries.map(([k, v]) => [k, v]),
        bodySize,
        { repeatHeader: false, zebra: false },
      );
      return api;
    },

    table(columns, rows, opts = {}) {
      if (columns.length === 0) throw new RangeError('a table needs at least one column');
      const size = opts.fontSize ?? bodySize - 1;
      const w = contentWidth();
      const weights = columns.map((c) => (c.width !== undefined && c.width > 0 ? c.width : 1));
      const sum = weights.reduce((a, b) => a + b, 0);
      const rowList = Array.isArray(rows) ? (rows as readonly (readonly PdfCell[])[]) : [...rows];
      const first = rowList[0];
      drawGrid(
        columns.map((c, i) => ({
          width: (w * weights[i]) / sum,
          align: c.align ?? (first && typeof first[i] === 'number' ? 'right' : 'left'),
          bold: false,
        })),
        columns.map((c) => c.header),
        rowList,
        size,
        { repeatHeader: opts.repeatHeader ?? true, zebra: opts.zebra ?? false },
      );
      return api;
    },

    space(lines = 1) {
      doc.y += lineHeight(bodySize) * lines;
      if (doc.y > bottom()) {
        doc.addPage();
        resetCursor(doc.page.margins.top);
      }
      return api;
    },

    pageBreak() {
      doc.addPage();
      resetCursor(doc.page.margins.top);
      return api;
    },

    end() {
      if (ended) throw new Error('PDF already ended');
      ended = true;
      const footer = options.footer ?? ((page: number, total: number) => `${page} / ${total}`);
      const range = doc.bufferedPageRange();
      const size = 8.5;
      for (let i = range.start; i < range.start + range.count; i++) {
        doc.switchToPage(i);
        const page = doc.page;
        doc.font(FONT_REGULAR).fontSize(size).fillColor('#404040');
        const measure = widthFn(FONT_REGULAR, size);
        const text = printable(footer(i - range.start + 1, range.count));
        const x =
          page.margins.left + (page.width - page.margins.left - page.margins.right - measure(text)) / 2;
        // lineBreak: false draws the text where asked, without the wrapper's page-overflow logic.
        doc.text(text, x, page.height - page.margins.bottom / 2 - size / 2, { lineBreak: false });
        if (options.pageMarking) {
          const mark = printable(options.pageMarking);
          doc
            .font(FONT_BOLD)
            .fontSize(size + 1)
            .text(
              mark,
              page.width - page.margins.right - widthFn(FONT_BOLD, size + 1)(mark),
              page.margins.top / 2 - size / 2,
              {
                lineBreak: false,
              },
            );
        }
      }
      doc.end();
    },
  };
  return api;
}

/**
 * Builds a PDF in memory: `await renderPdfToBuffer((pdf) => { pdf.title('…'); … })`. The builder may
 * be async; end() is called for you.
 */
export async function renderPdfToBuffer(
  build: (pdf: JapanesePdf) => void | Promise<void>,
  options?: JapanesePdfOptions,
): Promise<Buffer> {
  const pdf = createJapanesePdf(options);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.doc.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.doc.on('error', reject);
  });
  await build(pdf);
  pdf.end();
  return done;
}
