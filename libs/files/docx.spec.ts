import mammoth from 'mammoth';
import { docxHeading, docxParagraph, docxTable, docxTitle, renderDocxToBuffer } from './docx';

describe('Japanese DOCX', () => {
  it('writes real headings, paragraphs and tables with East Asian fonts', async () => {
    const buffer = await renderDocxToBuffer(
      [
        docxTitle('令和5年度第1回岩国警察署協議会会議録'),
        docxTable([{ width: 1, shaded: true }, { width: 4 }], [['開催日時', '令和5年6月21日（水）']]),
        docxHeading('1 会長挨拶（要旨）'),
        docxParagraph('この度、会長を引き受けることとなった。\n二行目', { indent: 1, firstLine: 1 }),
        docxHeading('(1) 犯罪情勢', 2),
      ],
      { title: '会議録', header: ['セキュリティ基本戦略に基づく取組', '令和8年11月現在'] },
    );
    expect(buffer.subarray(0, 2).toString()).toBe('PK');
    const html = (await mammoth.convertToHtml({ buffer })).value;
    expect(html).toContain('<h1>1 会長挨拶（要旨）</h1>');
    expect(html).toContain('<h2>(1) 犯罪情勢</h2>');
    expect(html).toContain('<table>');
    const text = (await mammoth.extractRawText({ buffer })).value;
    expect(text.indexOf('令和5年度第1回岩国警察署協議会会議録')).toBeLessThan(text.indexOf('開催日時'));
    expect(text).toContain('この度、会長を引き受けることとなった。');
    const JSZip = (await import('jszip')).default;
    const zip = await JSZip.loadAsync(buffer);
    const styles = await zip.file('word/styles.xml')!.async('string');
    expect(styles).toContain('w:eastAsia="ＭＳ 明朝"');
    expect(styles).toContain('w:eastAsia="ja-JP"');
    const header = await zip.file(/word\/header\d*\.xml/)[0].async('string');
    expect(header).toContain('令和8年11月現在');
  });
});
