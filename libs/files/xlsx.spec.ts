import { PassThrough, Writable } from 'stream';
import ExcelJS from 'exceljs';
import * as yauzl from 'yauzl';
import {
  createXlsxWorkbook,
  createXlsxWriter,
  displayWidth,
  sanitizeSheetName,
  writeXlsxRows,
  XlsxColumn,
  XLSX_CONTENT_TYPE,
} from './index';

function collect(): { output: Writable; bytes: () => Buffer } {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (c: Buffer) => chunks.push(c));
  return { output, bytes: () => Buffer.concat(chunks) };
}

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/** The raw XML of one zip entry, to check what Excel will actually read. */
async function zipEntry(bytes: Buffer, name: string): Promise<string> {
  const zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true });
  try {
    for (;;) {
      const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
        zip.once('entry', resolve);
        zip.once('end', () => resolve(null));
        zip.once('error', reject);
        zip.readEntry();
      });
      if (!entry) throw new Error(`no ${name} in the zip`);
      if (entry.fileName === name) {
        const stream = await zip.openReadStreamPromise(entry);
        const parts: Buffer[] = [];
        for await (const chunk of stream) parts.push(chunk as Buffer);
        return Buffer.concat(parts).toString('utf8');
      }
    }
  } finally {
    zip.close();
  }
}

const columns: XlsxColumn[] = [
  { header: '名称', key: 'name', type: 'string' },
  { header: '件数', key: 'count', type: 'number', numFmt: '#,##0' },
  { header: '訪問日', key: 'day', type: 'date' },
  { header: '訪問日時', key: 'at', type: 'datetime' },
  { header: '承認', key: 'approved', type: 'boolean' },
];

describe('createXlsxWriter', () => {
  let bytes: Buffer;

  beforeAll(async () => {
    const { output, bytes: get } = collect();
    const writer = createXlsxWriter(output, { sheetName: '訪問記録', columns });
    writer.addRow(['岩国テクノ株式会社', 1234, '2023-04-01', new Date('2023-03-31T15:30:00Z'), true]);
    writer.addRow(['=1+1', -2, new Date('2023-03-31T15:30:00Z'), '2023-06-21T10:05:00+09:00', false]);
    writer.addRow({ name: '@SUM(A1)', count: '42', day: null, at: undefined, approved: 'true' });
    writer.addRow(['-', null, '2023-02-30', 'not a date', 'maybe']);
    expect(writer.rowCount).toBe(4);
    await writer.finish();
    bytes = get();
  });

  it('writes a readable xlsx (zip) file', () => {
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(XLSX_CONTENT_TYPE).toContain('spreadsheetml');
  });

  it('has a bold header row, a frozen first row and an auto filter', async () => {
    const ws = (await load(bytes)).getWorksheet('訪問記録')!;
    expect(ws).toBeDefined();
    expect(ws.getRow(1).values).toEqual([undefined, '名称', '件数', '訪問日', '訪問日時', '承認']);
    for (let c = 1; c <= 5; c++) expect(ws.getRow(1).getCell(c).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBe('A1:E5');
    expect(ws.rowCount).toBe(5);
  });

  it('types cells by column', async () => {
    const ws = (await load(bytes)).getWorksheet('訪問記録')!;
    const r2 = ws.getRow(2);
    expect(r2.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(r2.getCell(2).value).toBe(1234);
    expect(r2.getCell(2).numFmt).toBe('#,##0');
    expect(r2.getCell(3).type).toBe(ExcelJS.ValueType.Date);
    expect(r2.getCell(3).numFmt).toBe('yyyy-mm-dd');
    expect(r2.getCell(4).numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(r2.getCell(5).value).toBe(true);
    const r3 = ws.getRow(3);
    expect(r3.getCell(2).value).toBe(-2);
    expect(r3.getCell(5).value).toBe(false);
    const r4 = ws.getRow(4);
    expect(r4.getCell(1).value).toBe("'@SUM(A1)");
    expect(r4.getCell(2).value).toBe(42); // numeric text in a number column
    expect(r4.getCell(3).value).toBeNull();
    expect(r4.getCell(5).value).toBe(true);
  });

  it('shows dates and times as Japanese wall-clock values', async () => {
    const ws = (await load(bytes)).getWorksheet('訪問記録')!;
    // exceljs reads Excel serials back as UTC Dates: the UTC fields are what Excel displays.
    expect((ws.getRow(2).getCell(3).value as Date).toISOString()).toBe('2023-04-01T00:00:00.000Z');
    expect((ws.getRow(2).getCell(4).value as Date).toISOString()).toBe('2023-04-01T00:30:00.000Z');
    expect((ws.getRow(3).getCell(3).value as Date).toISOString()).toBe('2023-04-01T00:00:00.000Z');
    expect((ws.getRow(3).getCell(4).value as Date).toISOString()).toBe('2023-06-21T10:05:00.000Z');
  });

  it('stores Excel serials for the JST wall clock in the sheet XML', async () => {
    const xml = await zipEntry(bytes, 'xl/worksheets/sheet1.xml');
    // 2023-04-01 = serial 45017; 00:30 = 0.5/24 of a day
    expect(xml).toMatch(/<c r="C2"[^>]*><v>45017<\/v><\/c>/);
    const d2 = /<c r="D2"[^>]*><v>([\d.]+)<\/v><\/c>/.exec(xml);
    expect(Number(d2?.[1])).toBeCloseTo(45017 + 0.5 / 24, 8);
    expect(xml).toContain('<pane ySplit="1"');
    expect(xml).toContain('state="frozen"');
    expect(xml).toContain('<autoFilter ref="A1:E5"');
  });

  it('never writes formulas: formula-like text is an apostrophe-prefixed string', async () => {
    const ws = (await load(bytes)).getWorksheet('訪問記録')!;
    const cell = ws.getRow(3).getCell(1);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe("'=1+1");
    expect(cell.formula).toBeUndefined();
    const xml = await zipEntry(bytes, 'xl/worksheets/sheet1.xml');
    expect(xml).not.toContain('<f>');
    expect(ws.getRow(5).getCell(1).value).toBe('-');
  });

  it('falls back to text for values that do not fit the column type', async () => {
    const ws = (await load(bytes)).getWorksheet('訪問記録')!;
    const r5 = ws.getRow(5);
    expect(r5.getCell(2).value).toBeNull();
    expect(r5.getCell(3).value).toBe('2023-02-30');
    expect(r5.getCell(4).value).toBe('not a date');
    expect(r5.getCell(5).value).toBe('maybe');
  });
});

describe('cell text hygiene', () => {
  it('strips XML-invalid characters, truncates to Excel’s 32,767 and joins arrays', async () => {
    const { output, bytes } = collect();
    const writer = createXlsxWriter(output, {
      sheetName: 'x',
      columns: [
        { header: 'a', type: 'string' },
        { header: 'b', type: 'string' },
        { header: 'c', type: 'string' },
        { header: 'd', type: 'string' },
      ],
    });
    writer.addRow([
      'a\u0000b\u0007c',
      'x'.repeat(40_000),
      ['leak_cases', 'cyber_trends'],
      new Date('2023-03-31T15:30:00Z'),
    ]);
    await writer.finish();
    const ws = (await load(bytes())).worksheets[0];
    expect(ws.getRow(2).getCell(1).value).toBe('abc');
    expect((ws.getRow(2).getCell(2).value as string).length).toBe(32_767);
    expect(ws.getRow(2).getCell(3).value).toBe('leak_cases, cyber_trends');
    expect(ws.getRow(2).getCell(4).value).toBe('2023-04-01 00:30');
  });
});

describe('createXlsxWorkbook (several sheets)', () => {
  it('writes sheets one after another with unique, valid names', async () => {
    const { output, bytes } = collect();
    const wb = createXlsxWorkbook(output, { creator: 'test' });
    const a = wb.addSheet('訪問', { columns: [{ header: '件数', type: 'number' }] });
    a.addRow([1]);
    a.addRow([2]);
    const b = wb.addSheet('訪問', { columns: [{ header: '名称', type: 'string' }], freezeHeader: false });
    expect(() => a.addRow([3])).toThrow(/committed/);
    b.addRow(['岩国']);
    const c = wb.addSheet('集計[2023/04]:?*', {
      columns: [{ header: 'x', type: 'string' }],
      autoFilter: false,
    });
    c.addRow(['y']);
    await wb.finish();
    await expect(wb.finish()).rejects.toThrow(/finished/);

    const loaded = await load(bytes());
    expect(loaded.worksheets.map((w) => w.name)).toEqual(['訪問', '訪問 (2)', '集計_2023_04____']);
    expect(loaded.worksheets[0].rowCount).toBe(3);
    expect(loaded.worksheets[0].autoFilter).toBe('A1:A3');
    expect(loaded.worksheets[1].getRow(2).getCell(1).value).toBe('岩国');
    expect((loaded.worksheets[1].views ?? []).some((v) => v.state === 'frozen')).toBe(false);
    expect(loaded.worksheets[2].autoFilter ?? undefined).toBeUndefined();
  });

  it('writes a valid workbook even with no sheet', async () => {
    const { output, bytes } = collect();
    await createXlsxWorkbook(output).finish();
    expect((await load(bytes())).worksheets).toHaveLength(1);
  });

  it('writeXlsxRows consumes async sources with back-pressure', async () => {
    const { output, bytes } = collect();
    const writer = createXlsxWriter(output, {
      sheetName: 'many',
      columns: [
        { header: 'n', type: 'number' },
        { header: '名称', type: 'string' },
        { header: '日時', type: 'datetime' },
      ],
    });
    async function* source(): AsyncGenerator<unknown[]> {
      const at = new Date('2023-06-21T01:00:00Z');
      for (let i = 0; i < 20_000; i++) yield [i, `株式会社岩国${i}`, at];
    }
    expect(await writeXlsxRows(writer, source())).toBe(20_000);
    await writer.finish();
    const ws = (await load(bytes())).worksheets[0];
    expect(ws.rowCount).toBe(20_001);
    expect(ws.getRow(20_001).getCell(2).value).toBe('株式会社岩国19999');
    expect((ws.getRow(20_001).getCell(3).value as Date).toISOString()).toBe('2023-06-21T10:00:00.000Z');
  });
});

describe('a client that goes away', () => {
  it('makes drain() and finish() reject instead of hanging', async () => {
    const output = new PassThrough();
    output.resume();
    const writer = createXlsxWriter(output, { sheetName: 'x', columns: [{ header: 'n', type: 'number' }] });
    writer.addRow([1]);
    await writer.drain();
    output.destroy();
    await expect(writer.drain()).rejects.toThrow(/closed/);
    await expect(writer.finish()).rejects.toThrow(/closed/);
  });

  it('stops writeXlsxRows', async () => {
    const output = new PassThrough();
    output.resume();
    const writer = createXlsxWriter(output, { sheetName: 'x', columns: [{ header: 'n', type: 'number' }] });
    let produced = 0;
    function* rows(): Generator<number[]> {
      for (let i = 0; i < 1_000_000; i++) {
        produced++;
        if (i === 1_200) output.destroy();
        yield [i];
      }
    }
    await expect(writeXlsxRows(writer, rows())).rejects.toThrow(/closed/);
    expect(produced).toBeLessThan(2_000);
  });
});

describe('helpers', () => {
  it('sanitizeSheetName', () => {
    expect(sanitizeSheetName('a/b\\c?d*e[f]g:h')).toBe('a_b_c_d_e_f_g_h');
    expect(sanitizeSheetName("'quoted'")).toBe('quoted');
    expect(sanitizeSheetName('')).toBe('Sheet');
    expect(Array.from(sanitizeSheetName('経'.repeat(40)))).toHaveLength(31);
  });

  it('displayWidth counts full-width characters double', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('岩国')).toBe(4);
    expect(displayWidth('ｲﾜｸﾆ')).toBe(4);
    expect(displayWidth('ＡＢ')).toBe(4);
  });
});
