/**
 * Body text for Japanese PDFs made with createJapanesePdf (libs/files/pdf.ts), broken into lines by
 * the 禁則 rules of ./kinsoku (pdfkit's own wrapper breaks anywhere: 「エスカレーショ／ン」, a 」 at a
 * line start). Indents are in characters (字) of the text size, as Japanese documents count them.
 *
 *   const buffer = await renderPdfToBuffer((pdf) => {
 *     pdf.title('会議録');
 *     kinsokuParagraph(pdf, '1 会長挨拶（要旨）', { bold: true });
 *     kinsokuParagraph(pdf, 'この度、会長を…', { indent: 1, firstLine: 1 });
 *   });
 */
import type { JapanesePdf } from './pdf';
import { wrapJapanese } from './kinsoku';

/** The font names createJapanesePdf registers. */
const FONT_REGULAR = 'NotoSansJP';
const FONT_BOLD = 'NotoSansJP-Bold';

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Measured widths per document, font and size (the same characters recur on every line). */
const widthCaches = new WeakMap<PDFKit.PDFDocument, Map<string, number>>();

export interface KinsokuParagraphOptions {
  /** Left indent of every line, in characters. */
  indent?: number;
  /** Extra indent of the first line in characters (字下げ); negative hangs it out (ぶら下げ). */
  firstLine?: number;
  /** Text size in points (default the document's 10.5). */
  size?: number;
  bold?: boolean;
  align?: 'left' | 'center' | 'right';
  /** Space after the paragraph in lines (default 0.35). */
  spaceAfter?: number;
  /** Keep the first lines with at least this many lines of what follows on the page (default 0). */
  keepWithNext?: number;
}

/** The lines a paragraph will take (for tests and for keeping blocks together). */
export function kinsokuLines(
  pdf: JapanesePdf,
  text: string,
  options: KinsokuParagraphOptions = {},
): string[] {
  const doc = pdf.doc;
  const size = options.size ?? 10.5;
  const font = options.bold ? FONT_BOLD : FONT_REGULAR;
  let docCache = widthCaches.get(doc);
  if (!docCache) {
    docCache = new Map();
    widthCaches.set(doc, docCache);
  }
  const cache = docCache;
  const prefix = `${font}@${size}:`;
  const widthOf = (s: string): number => {
    const key = prefix + s;
    let w = cache.get(key);
    if (w === undefined) {
      doc.font(font).fontSize(size);
      w = doc.widthOfString(s);
      cache.set(key, w);
    }
    return w;
  };
  const contentWidth = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const indent = (options.indent ?? 0) * size;
  const first = (options.firstLine ?? 0) * size;
  return wrapJapanese(
    text.replace(/\t/g, '    ').replace(CONTROL_CHARS, ''),
    Math.max(size, contentWidth - indent - Math.max(0, -first)),
    widthOf,
    { firstLineWidth: Math.max(size, contentWidth - indent - Math.max(0, first)) },
  );
}

/** Writes a paragraph at the cursor, breaking lines by the 禁則 rules and pages as needed. */
export function kinsokuParagraph(
  pdf: JapanesePdf,
  text: string,
  options: KinsokuParagraphOptions = {},
): void {
  const doc = pdf.doc;
  const size = options.size ?? 10.5;
  const font = options.bold ? FONT_BOLD : FONT_REGULAR;
  const lh = size * 1.6;
  const bottom = (): number => doc.page.height - doc.page.margins.bottom;
  const lines = kinsokuLines(pdf, text, options);
  const contentWidth = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const baseX = doc.page.margins.left + (options.indent ?? 0) * size;
  const first = (options.firstLine ?? 0) * size;
  const hang = Math.max(0, -first);
  const needed = Math.min(lines.length, 2) + (options.keepWithNext ?? 0);
  if (doc.y + needed * lh > bottom()) {
    doc.addPage();
    doc.y = doc.page.margins.top;
  }
  lines.forEach((line, i) => {
    if (doc.y + lh > bottom()) {
      doc.addPage();
      doc.y = doc.page.margins.top;
    }
    const x = i === 0 ? baseX + Math.max(0, first) : baseX + hang;
    const y = doc.y;
    doc.font(font).fontSize(size).fillColor('#000000');
    if (line) {
      const free =
        options.align === 'right' || options.align === 'center'
          ? contentWidth - (x - doc.page.margins.left) - doc.widthOfString(line)
          : 0;
      const dx = options.align === 'right' ? free : options.align === 'center' ? free / 2 : 0;
      doc.text(line, x + Math.max(0, dx), y, { lineBreak: false });
    }
    doc.y = y + lh;
  });
  doc.x = doc.page.margins.left;
  doc.y += (options.spaceAfter ?? 0.35) * size;
}
