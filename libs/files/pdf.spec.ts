import { spawn } from 'child_process';
import { existsSync } from 'fs';
import { join } from 'path';
import {
  createJapanesePdf,
  japaneseFontPath,
  MISSING_GLYPH,
  PdfCell,
  renderPdfToBuffer,
  wrapText,
} from './pdf';

interface ParsedPdf {
  text: string;
  pages: { num: number; text: string }[];
  total: number;
}

/**
 * pdf-parse v2 (pdfjs) loads its worker with a dynamic import(), which jest's module sandbox
 * refuses without --experimental-vm-modules; so the PDF is parsed in a plain Node child process.
 */
const PARSE_SCRIPT = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  try {
    const r = await parser.getText();
    process.stdout.write(JSON.stringify({ text: r.text, total: r.total, pages: r.pages.map((p) => ({ num: p.num, text: p.text })) }));
  } finally {
    await parser.destroy();
  }
});
`;

function parsePdf(buffer: Buffer): Promise<ParsedPdf> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', PARSE_SCRIPT], { cwd: join(__dirname, '..', '..') });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`pdf-parse failed (${code}): ${Buffer.concat(err).toString('utf8')}`));
      else resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as ParsedPdf);
    });
    child.stdin.end(buffer);
  });
}

/** Text without the line breaks and spaces the extractor inserts where lines wrap. */
function flat(text: string): string {
  return text.replace(/\s+/g, '');
}

describe('japaneseFontPath', () => {
  it('finds the Noto Sans JP fonts in @embedpdf/fonts-jp', () => {
    expect(japaneseFontPath()).toMatch(/NotoSansJP-Regular\.otf$/);
    expect(existsSync(japaneseFontPath('Regular'))).toBe(true);
    expect(existsSync(japaneseFontPath('Bold'))).toBe(true);
  });
});

describe('renderPdfToBuffer', () => {
  let buffer: Buffer;
  let parsed: ParsedPdf;
  const longText =
    '技術流出事案の紹介、対日有害活動・サイバー攻撃の情勢、社内相談窓口の設置等について説明した。「営業秘密」の管理についても助言。';

  beforeAll(async () => {
    const rows: PdfCell[][] = [];
    for (let i = 0; i < 70; i++) {
      rows.push([
        `株式会社岩国テクノロジー${i}`,
        i % 2 ? '大学・研究機関' : '重要インフラ（電力）',
        i * 1000,
        longText,
      ]);
    }
    buffer = await renderPdfToBuffer(
      (pdf) => {
        pdf.title('経済安全保障に係るアウトリーチ活動 期間報告');
        pdf.paragraph('令和5年4月1日～令和6年3月31日 岩国警察署 警備課');
        pdf.heading('概要');
        pdf.keyValue([
          ['報告日', '令和5年6月21日'],
          ['訪問件数', 42],
          ['セミナー', '岩国商工会議所にてサイバーセキュリティセミナーを開催'],
        ]);
        pdf.heading('訪問実績', 2);
        pdf.table(
          [
            { header: '事業者名', width: 3 },
            { header: '区分', width: 2 },
            { header: '金額', width: 1.2 },
            { header: '提供情報', width: 5 },
          ],
          rows,
          { zebra: true },
        );
        pdf.paragraph('以上');
      },
      { title: '期間報告', pageMarking: '取扱注意', creationDate: new Date('2023-06-21T01:00:00Z') },
    );
    parsed = await parsePdf(buffer);
  });

  it('is a PDF with the Japanese font embedded (subset)', () => {
    expect(buffer.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(buffer.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansJP-Regular/);
    expect(buffer.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansJP-Bold/);
    expect(buffer.length).toBeLessThan(1_000_000); // subset, not the 4.5 MB font files
  });

  it('contains the Japanese text, extractable', () => {
    const text = flat(parsed.text);
    for (const s of [
      '経済安全保障に係るアウトリーチ活動期間報告',
      '令和5年4月1日～令和6年3月31日岩国警察署警備課',
      '概要',
      '報告日',
      '令和5年6月21日',
      '岩国商工会議所にてサイバーセキュリティセミナーを開催',
      '訪問実績',
      '株式会社岩国テクノロジー69',
      '重要インフラ（電力）',
      '大学・研究機関',
      '68,000',
      '以上',
      '取扱注意',
    ]) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain(MISSING_GLYPH);
  });

  it('wraps long cell text without losing characters', () => {
    const text = flat(parsed.text);
    expect(text.split(flat(longText)).length - 1).toBe(70);
  });

  it('breaks the table across pages, repeating the header and numbering pages', () => {
    expect(parsed.total).toBeGreaterThan(2);
    const pagesWithRows = parsed.pages.filter((p) => flat(p.text).includes('株式会社岩国テクノロジー'));
    expect(pagesWithRows.length).toBeGreaterThan(2);
    for (const page of parsed.pages) {
      const t = flat(page.text);
      expect(t).toContain(`${page.num}/${parsed.total}`);
      expect(t).toContain('取扱注意');
      // every page that carries table rows starts with the header row
      if (t.includes('株式会社岩国テクノロジー')) expect(t).toContain('事業者名区分金額提供情報');
    }
  });
});

describe('tables with rows taller than a page', () => {
  it('continue the row on the next pages', async () => {
    const paragraphs = Array.from({ length: 120 }, (_v, i) => `第${i + 1}項：関係機関との連携を強化する。`);
    const buffer = await renderPdfToBuffer((pdf) => {
      pdf.table(
        [{ header: '課題' }, { header: 'これまでの取組', width: 4 }],
        [['技術流出防止', paragraphs.join('\n')]],
      );
    });
    const parsed = await parsePdf(buffer);
    expect(parsed.total).toBeGreaterThan(1);
    const text = flat(parsed.text);
    for (const p of paragraphs) expect(text).toContain(flat(p));
    for (const page of parsed.pages) expect(flat(page.text)).toContain('課題これまでの取組');
  });
});

describe('glyph coverage', () => {
  it('renders JIS level 1/2 kanji, IBM/NEC extensions and kana, and marks unprintable characters with 〓', async () => {
    const buffer = await renderPdfToBuffer((pdf) => {
      pdf.paragraph('髙﨑 ①㈱ ｲﾜｸﾆ いわくに 〒740-0018 ～ ー');
      pdf.paragraph('絵文字😀\u0007');
    });
    const text = (await parsePdf(buffer)).text;
    expect(text).toContain('髙﨑 ①㈱ ｲﾜｸﾆ いわくに 〒740-0018 ～ ー');
    expect(text).toContain(`絵文字${MISSING_GLYPH}`);
  });
});

describe('createJapanesePdf', () => {
  it('exposes the pdfkit document as a readable stream and formats cell values', async () => {
    const pdf = createJapanesePdf({ layout: 'landscape' });
    expect(typeof pdf.doc.pipe).toBe('function');
    expect(pdf.doc.page.width).toBeGreaterThan(pdf.doc.page.height);
    expect(pdf.cellText(1234567)).toBe('1,234,567');
    expect(pdf.cellText(true)).toBe('○');
    expect(pdf.cellText(new Date('2023-03-31T15:30:00Z'))).toBe('2023-04-01 00:30');
    expect(pdf.cellText(null)).toBe('');
    const chunks: Buffer[] = [];
    pdf.doc.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((resolve) => pdf.doc.on('end', resolve));
    pdf.title('横向き').space().pageBreak().paragraph('2ページ目');
    pdf.end();
    await ended;
    expect(() => pdf.end()).toThrow(/ended/);
    const parsed = await parsePdf(Buffer.concat(chunks));
    expect(parsed.total).toBe(2);
    expect(flat(parsed.pages[1].text)).toContain('2ページ目');
  });

  it('accepts an object for keyValue and an async builder', async () => {
    const buffer = await renderPdfToBuffer(async (pdf) => {
      await Promise.resolve();
      pdf.keyValue({ 法人番号: '7000012050002', 郵便番号: '740-0018' });
    });
    const text = flat((await parsePdf(buffer)).text);
    expect(text).toContain('法人番号7000012050002');
    expect(text).toContain('郵便番号740-0018');
  });
});

describe('wrapText', () => {
  // Every character is 1 unit wide.
  const width = (s: string): number => Array.from(s).length;

  it('wraps Japanese text at any character, keeping all of it', () => {
    const lines = wrapText('あいうえおかきくけこさしすせそ', 5, width);
    expect(lines).toEqual(['あいうえお', 'かきくけこ', 'さしすせそ']);
  });

  it('never starts a line with 、。」）ー or small kana, nor ends one with 「（', () => {
    const lines = wrapText('あいうえ。かきくけ「こさ」しすせそっと', 5, width);
    for (const line of lines) {
      expect(line).not.toMatch(/^[、。」）ーっ]/u);
      expect(line).not.toMatch(/[「（]$/u);
    }
    expect(lines.join('')).toBe('あいうえ。かきくけ「こさ」しすせそっと');
  });

  it('keeps Latin words whole and breaks overlong ones', () => {
    expect(wrapText('hello world foo', 11, width)).toEqual(['hello world', 'foo']);
    expect(wrapText('abcdefghijkl', 5, width)).toEqual(['abcde', 'fghij', 'kl']);
  });

  it('honours explicit line breaks and empty text', () => {
    expect(wrapText('一\n\n二\r\n三', 10, width)).toEqual(['一', '', '二', '三']);
    expect(wrapText('', 10, width)).toEqual(['']);
  });
});
