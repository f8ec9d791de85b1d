import {
  docxFile,
  exeFile,
  jpegFile,
  pdfFile,
  plainZipFile,
  pngFile,
  pptxFile,
  sjisTextFile,
  utf16TextFile,
  utf8TextFile,
  xlsxFile,
} from '../../../../test/attachments/sample-files';
import { detectContent, textCharset } from './attachment-content';
import { repairLatin1, safeFileName } from './attachment-name';

describe('attachment content detection (from the bytes)', () => {
  const cases: Array<[string, () => Promise<Buffer> | Buffer, string, string]> = [
    ['a PDF', () => pdfFile(), 'pdf', 'application/pdf'],
    ['a JPEG', jpegFile, 'jpeg', 'image/jpeg'],
    ['a PNG', pngFile, 'png', 'image/png'],
    [
      'a DOCX',
      () => docxFile(),
      'docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    [
      'an XLSX',
      () => xlsxFile(),
      'xlsx',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    [
      'a PPTX',
      () => pptxFile(),
      'pptx',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    ['UTF-8 text', utf8TextFile, 'txt', 'text/plain; charset=utf-8'],
    ['Shift_JIS text', sjisTextFile, 'txt', 'text/plain; charset=shift_jis'],
  ];
  it.each(cases)('%s is recognised from its bytes', async (_label, make, kind, contentType) => {
    const result = await detectContent(await make());
    expect(result).toMatchObject({ ok: true, content: { kind, contentType } });
  });

  it.each([
    ['an executable', async () => exeFile()],
    ['a plain zip', plainZipFile],
    ['UTF-16 text (NUL bytes)', async () => utf16TextFile()],
    ['binary noise', async () => Buffer.from([0x00, 0xff, 0x10, 0x80, 0x01])],
  ])('refuses %s', async (_name, make) => {
    expect(await detectContent(await make())).toMatchObject({ ok: false });
  });

  it('tells text from bytes that decode neither as UTF-8 nor as Shift_JIS', () => {
    expect(textCharset(Buffer.from('plain ascii\n'))).toBe('utf-8');
    expect(textCharset(Buffer.from([0x82, 0x20]))).toBeNull();
    expect(textCharset(Buffer.from('a\u0000b'))).toBeNull();
  });
});

describe('attachment file names', () => {
  it('keeps Japanese names, NFC, without path parts or path characters', () => {
    expect(safeFileName('配付資料_令和5年度.pdf', ['pdf'])).toBe('配付資料_令和5年度.pdf');
    expect(safeFileName('C:\\Users\\x\\議事録.pdf', ['pdf'])).toBe('議事録.pdf');
    expect(safeFileName('../../etc/passwd.txt', ['txt'])).toBe('passwd.txt');
    expect(safeFileName('a<b>:c?.png', ['png'])).toBe('a_b__c_.png');
    expect(safeFileName('カ\u3099イト\u0000.pdf', ['pdf'])).toBe('ガイト.pdf');
    expect(safeFileName('..', ['pdf'])).toBe('file.pdf');
  });

  it('adds the extension of the content when the name has another', () => {
    expect(safeFileName('setup.exe', ['pdf'])).toBe('setup.exe.pdf');
    expect(safeFileName('写真', ['jpg', 'jpeg'])).toBe('写真.jpg');
    expect(safeFileName('photo.JPEG', ['jpg', 'jpeg'])).toBe('photo.JPEG');
  });

  it('decodes a Latin-1 reading of UTF-8 back', () => {
    const mojibake = Buffer.from('議事録.pdf', 'utf8').toString('latin1');
    expect(repairLatin1(mojibake)).toBe('議事録.pdf');
    expect(repairLatin1('café.pdf')).toBe('café.pdf');
  });

  it('shortens long names and keeps the extension', () => {
    const name = safeFileName(`${'資'.repeat(300)}.pdf`, ['pdf']);
    expect([...name]).toHaveLength(200);
    expect(name.endsWith('.pdf')).toBe(true);
  });
});
