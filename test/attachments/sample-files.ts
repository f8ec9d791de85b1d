import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import PDFDocument from 'pdfkit';
import { buildZip } from '../register-import/zip-writer';

/** Real files of each kind, made by the libraries that write them (no fixture files to keep). */

export async function pdfFile(text = 'Outreach attachment'): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.text(text);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

/** A 1×1 PNG. */
export const pngFile = (): Buffer =>
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );

/** A 1×1 baseline JPEG. */
export const jpegFile = (): Buffer =>
  Buffer.from(
    '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
    'base64',
  );

export async function docxFile(text = '配付資料'): Promise<Buffer> {
  const doc = new Document({ sections: [{ children: [new Paragraph(text)] }] });
  return Packer.toBuffer(doc);
}

export async function xlsxFile(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('訪問').addRow(['岩国市', 3]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const entry = (name: string, text: string) => ({ name, chunks: [Buffer.from(text, 'utf8')] });

/** A minimal presentation: [Content_Types].xml naming the presentation part, and that part. */
export function pptxFile(): Promise<Buffer> {
  return buildZip([
    entry(
      '[Content_Types].xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>`,
    ),
    entry(
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="ppt/presentation.xml"/></Relationships>`,
    ),
    entry(
      'ppt/presentation.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>`,
    ),
  ]);
}

/** A zip that is no office document. */
export const plainZipFile = (): Promise<Buffer> => buildZip([entry('readme.txt', 'hello')]);

export const utf8TextFile = (): Buffer =>
  Buffer.from('岩国警察署協議会 議事メモ\r\n学校での講演を検討\n', 'utf8');
export const sjisTextFile = (): Buffer =>
  iconv.encode('岩国市産業振興部 商工振興課\r\n連絡先一覧\r\n', 'shift_jis');

/** The start of a Windows executable (MZ header, PE signature). */
export function exeFile(): Buffer {
  const b = Buffer.alloc(1024);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  b.write('This program cannot be run in DOS mode.', 0x4e, 'latin1');
  return b;
}

/** UTF-16 text: NUL bytes, so not accepted as text. */
export const utf16TextFile = (): Buffer => Buffer.from('\ufeffhello', 'utf16le');
