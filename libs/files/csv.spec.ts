import { Readable, Writable } from 'stream';
import { pipeline } from 'stream/promises';
import { parse } from 'csv-parse';
import * as iconv from 'iconv-lite';
import {
  createCsvEncoder,
  CsvCell,
  CsvEncoderOptions,
  csvContentType,
  decodeShiftJis,
  encodeShiftJis,
  formatCsvRow,
  quoteCsvField,
} from './csv';

async function encode(rows: readonly (readonly CsvCell[])[], options: CsvEncoderOptions): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await pipeline(
    Readable.from(rows, { objectMode: true }),
    createCsvEncoder(options),
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
    }),
  );
  return Buffer.concat(chunks);
}

function parseCsv(text: string): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    parse(text, { bom: true, relax_column_count: true }, (error, records: string[][]) =>
      error ? reject(error) : resolve(records),
    );
  });
}

describe('formatCsvRow / quoteCsvField', () => {
  it('quotes only when needed and doubles quotes (RFC 4180), CRLF line end', () => {
    expect(formatCsvRow(['a', 'b c', '岩国'])).toBe('a,b c,岩国\r\n');
    expect(formatCsvRow(['a,b', 'say "hi"', 'line1\nline2', 'cr\rx'])).toBe(
      '"a,b","say ""hi""","line1\nline2","cr\rx"\r\n',
    );
    expect(quoteCsvField('"')).toBe('""""');
    expect(formatCsvRow([])).toBe('\r\n');
  });

  it('writes numbers, booleans, bigints and empty values', () => {
    expect(formatCsvRow([1, -2, 3.5, 0, NaN, Infinity, 10n, true, false, null, undefined, ''])).toBe(
      '1,-2,3.5,0,,,10,TRUE,FALSE,,,\r\n',
    );
    expect(formatCsvRow([true, false], { booleanText: ['はい', 'いいえ'] })).toBe('はい,いいえ\r\n');
  });

  it('writes Dates as Japanese wall-clock time, or as the day in Japan for date columns', () => {
    const instant = new Date('2023-03-31T15:30:00Z'); // 2023-04-01 00:30 JST
    expect(formatCsvRow([instant, instant, new Date(NaN)], { dateColumns: [1] })).toBe(
      '2023-04-01 00:30,2023-04-01,\r\n',
    );
  });

  it('rejects values it cannot write', () => {
    expect(() => formatCsvRow([{} as unknown as CsvCell])).toThrow(TypeError);
    expect(() => formatCsvRow([Symbol('x') as unknown as CsvCell])).toThrow(TypeError);
  });
});

describe('formula injection', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+cmd', "'+cmd"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tfoo', "'\tfoo"],
    ['\rfoo', '"\'\rfoo"'],
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
  ])('text %j is written as %j', (value, field) => {
    expect(formatCsvRow([value])).toBe(`${field}\r\n`);
  });

  it('keeps a lone "-" and numbers (negative ones too) as they are', () => {
    expect(formatCsvRow(['-', -2, -0.5, 1])).toBe('-,-2,-0.5,1\r\n');
  });

  it('also protects the header row', () => {
    expect(formatCsvRow(['=cmd'])).toBe("'=cmd\r\n");
  });

  it('can be switched off for non-spreadsheet consumers', () => {
    expect(formatCsvRow(['=1+1'], { formulaSafe: false })).toBe('=1+1\r\n');
  });
});

describe('createCsvEncoder (UTF-8)', () => {
  const header = ['法人番号', '名称', '件数', '訪問日時', '承認'];
  const rows: CsvCell[][] = [
    ['7000012050002', '株式会社 岩国, "テクノ"', 3, new Date('2023-06-21T01:05:00Z'), true],
    [null, '複数行\r\nの備考', -2, null, false],
    ['=1+1', '-', 0, new Date('2023-03-31T15:30:00Z'), null],
  ];

  it('starts with the UTF-8 BOM and parses back', async () => {
    const bytes = await encode(rows, { encoding: 'utf8', header });
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(await parseCsv(text)).toEqual([
      header,
      ['7000012050002', '株式会社 岩国, "テクノ"', '3', '2023-06-21 10:05', 'TRUE'],
      ['', '複数行\r\nの備考', '-2', '', 'FALSE'],
      ["'=1+1", '-', '0', '2023-04-01 00:30', ''],
    ]);
  });

  it('uses CRLF between records', async () => {
    const text = (await encode([['a'], ['b']], { encoding: 'utf8', bom: false, header: ['h'] })).toString(
      'utf8',
    );
    expect(text).toBe('h\r\na\r\nb\r\n');
  });

  it('writes the BOM and header even without rows, and nothing at all without a header', async () => {
    expect((await encode([], { encoding: 'utf8', header: ['a', 'b'] })).toString('utf8')).toBe(
      '\ufeffa,b\r\n',
    );
    expect((await encode([], { encoding: 'utf8', bom: false })).length).toBe(0);
    expect([...(await encode([], { encoding: 'utf8' }))]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('batches output into chunks and keeps multi-byte characters intact across them', async () => {
    const encoder = createCsvEncoder({ encoding: 'utf8', header: ['n', '名称'], chunkSize: 1000 });
    const chunks: Buffer[] = [];
    encoder.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise((resolve) => encoder.on('end', resolve));
    for (let i = 0; i < 2000; i++) encoder.write([i, `岩国市産業振興部 商工振興課 ${i}`]);
    encoder.end();
    await done;
    expect(chunks.length).toBeGreaterThan(10);
    expect(chunks.length).toBeLessThan(200); // batched, not one chunk per row
    for (const c of chunks) expect(c.toString('utf8')).not.toContain('\ufffd');
    const records = await parseCsv(Buffer.concat(chunks).toString('utf8'));
    expect(records).toHaveLength(2001);
    expect(records[2000]).toEqual(['1999', '岩国市産業振興部 商工振興課 1999']);
  });

  it('fails the stream on a row that is not an array', async () => {
    await expect(
      encode([{ a: 1 } as unknown as CsvCell[]], { encoding: 'utf8', header: ['a'] }),
    ).rejects.toThrow(/array/);
  });

  it('streams 200,000 rows quickly', async () => {
    const started = Date.now();
    let bytes = 0;
    let lines = 0;
    const instant = new Date('2023-06-21T01:05:00Z');
    function* many(): Generator<CsvCell[]> {
      for (let i = 0; i < 200_000; i++)
        yield [i, `株式会社岩国テクノロジー${i}`, '2023-06-21', instant, i % 2 === 0, '=x'];
    }
    await pipeline(
      Readable.from(many()),
      createCsvEncoder({ encoding: 'utf8', header: ['a', 'b', 'c', 'd', 'e', 'f'] }),
      new Writable({
        write(chunk: Buffer, _e, cb) {
          bytes += chunk.length;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
          cb();
        },
      }),
    );
    expect(lines).toBe(200_001);
    expect(bytes).toBeGreaterThan(200_000 * 40);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('createCsvEncoder (Shift_JIS)', () => {
  it('round-trips Japanese text through iconv-lite, without a BOM', async () => {
    const rows: CsvCell[][] = [
      ['岩国警察署協議会', 'ｲﾜｸﾆ', '髙﨑', '①㈱', 'アウトリーチ活動'],
      ['経済安全保障', 12, '=1+1', '¥100', '〒740-0018'],
    ];
    const bytes = await encode(rows, {
      encoding: 'shift_jis',
      header: ['名称', 'カナ', '氏名', '記号', '備考'],
    });
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(bytes.subarray(0, 2).equals(iconv.encode('名', 'Shift_JIS'))).toBe(true);
    const text = iconv.decode(bytes, 'Shift_JIS');
    expect(await parseCsv(text)).toEqual([
      ['名称', 'カナ', '氏名', '記号', '備考'],
      ['岩国警察署協議会', 'ｲﾜｸﾆ', '髙﨑', '①㈱', 'アウトリーチ活動'],
      ['経済安全保障', '12', "'=1+1", '¥100'.replace('¥', '\\'), '〒740-0018'],
    ]);
    expect(decodeShiftJis(bytes)).toBe(text);
  });

  it('maps Unicode look-alikes to CP932 and replaces the rest with ?', () => {
    expect(decodeShiftJis(encodeShiftJis('9時〜17時 −5 —'))).toBe('9時～17時 －5 ―');
    expect(decodeShiftJis(encodeShiftJis('絵文字😀 é 𠮷'))).toBe('絵文字? ? ?');
  });

  it('declares the charset in the content type', () => {
    expect(csvContentType('shift_jis')).toBe('text/csv; charset=Shift_JIS');
    expect(csvContentType('utf8')).toBe('text/csv; charset=utf-8');
  });
});
