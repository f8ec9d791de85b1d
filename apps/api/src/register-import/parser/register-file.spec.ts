import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import * as iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { RegisterRecordFramer } from './frame-register-records';
import { openRegisterStream } from './open-register-stream';
import { type RegisterRow, type RegisterRowResult, toRegisterRowResult } from './register-row';

const FIXTURES = join(__dirname, '../../../../../test/fixtures/nta');
const fixture = (name: string): string => join(FIXTURES, name);

/**
 * A register file read the way the import reads it: opened and decoded, framed into records, the
 * records split into fields (csv-parse here, PostgreSQL's COPY in the import) and validated by
 * register-row.ts; CSV-level rejections merged in file order.
 */
async function collect(input: string | Readable): Promise<RegisterRowResult[]> {
  const framer = new RegisterRecordFramer();
  const parts: Buffer[] = [];
  const results: RegisterRowResult[] = [];
  const take = (framed: ReturnType<RegisterRecordFramer['end']>) => {
    parts.push(framed.data);
    for (const r of framed.rejected)
      results.push({ ok: false, line: r.line, reason: r.reason, record: null });
  };
  for await (const chunk of await openRegisterStream(input)) take(framer.push(chunk as Buffer));
  take(framer.end());
  const records: string[][] = parse(Buffer.concat(parts), { relax_column_count: true });
  records.forEach((record, i) => results.push(toRegisterRowResult(record, framer.lineOf(i + 1))));
  return results.sort((a, b) => a.line - b.line);
}

const rejections = (results: RegisterRowResult[]): { line: number; reason: string }[] =>
  results.flatMap((r) => (r.ok ? [] : [{ line: r.line, reason: r.reason }]));

const okRows = (results: RegisterRowResult[]): RegisterRow[] => results.flatMap((r) => (r.ok ? [r.row] : []));

/** A valid 30-column line; `name` is written to the CSV as given (so it may carry its own quotes). */
function line(
  sequence: number,
  name = '"株式会社岩国精密"',
  extra: Partial<Record<number, string>> = {},
): string {
  const cols = [
    String(sequence),
    '7000012050002',
    '01',
    '0',
    '2015-10-05',
    '2015-10-05',
    name,
    '',
    '301',
    '"山口県"',
    '"岩国市"',
    '"麻里布町１丁目２番３号"',
    '',
    '35',
    '208',
    '7400018',
    '',
    '',
    '',
    '',
    '',
    '',
    '2015-10-05',
    '1',
    '',
    '',
    '',
    '',
    '"イワクニセイミツ"',
    '0',
  ];
  for (const [i, v] of Object.entries(extra)) cols[Number(i)] = v ?? '';
  return cols.join(',');
}

const csv = (...lines: string[]): Readable => Readable.from([Buffer.from(lines.join('\r\n') + '\r\n')]);

describe('parseRegisterRows', () => {
  let sample: RegisterRowResult[];
  beforeAll(async () => {
    sample = await collect(fixture('yamaguchi-sample.csv'));
  });

  it('parses the 500-row sample completely', () => {
    expect(sample).toHaveLength(500);
    expect(rejections(sample)).toEqual([]);
    expect(sample.map((r) => r.line)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
  });

  it('maps the columns of a row', () => {
    const first = sample[0];
    expect(first).toEqual({
      ok: true,
      line: 1,
      row: {
        sequenceNumber: 1,
        corporateNumber: '1500000007919',
        process: '11',
        processLabel: '商号又は名称の変更',
        correct: '0',
        updateDate: '2019-12-13',
        changeDate: '2019-12-13',
        name: '一般社団法人山陽ファーマ',
        kind: '399',
        legalForm: 'other_registered',
        prefectureName: '山口県',
        cityName: '周南市',
        streetNumber: '装束町２丁目１３番５号',
        prefectureCode: '35',
        cityCode: '215',
        municipalityCode: '35215',
        postCode: '7451544',
        addressOutside: null,
        closeDate: null,
        closeCause: null,
        successorCorporateNumber: null,
        changeCause: null,
        assignmentDate: '2015-10-05',
        latest: true,
        enName: null,
        enPrefectureName: 'Yamaguchi',
        enCityName: null,
        enAddressOutside: null,
        furigana: 'サンヨウファーマ',
        hihyoji: '0',
        address: '山口県周南市装束町２丁目１３番５号',
        closed: false,
      },
    });
  });

  it('derives municipality code, legal form and the closed flag', () => {
    const rows = okRows(sample);
    const iwakuni = rows.find((r) => r.cityName === '岩国市');
    expect(iwakuni?.municipalityCode).toBe('35208');
    expect(rows.find((r) => r.kind === '301')?.legalForm).toBe('kabushiki');
    expect(rows.find((r) => r.kind === '305')?.legalForm).toBe('godo');
    const closed = rows.filter((r) => r.closed);
    expect(closed.length).toBeGreaterThan(0);
    for (const r of closed) {
      expect(r.process).toBe('21');
      expect(r.closeDate).not.toBeNull();
      expect(r.closeCause).toBe('01');
    }
    expect(rows.filter((r) => r.process === '21').length).toBe(closed.length);
  });

  it('rejects rows with a wrong column count, keeping the others', async () => {
    const results = await collect(fixture('bad-columns.csv'));
    expect(results).toHaveLength(20);
    expect(rejections(results)).toEqual([
      { line: 5, reason: '列数が30ではありません (31)' },
      { line: 12, reason: '列数が30ではありません (29)' },
    ]);
    expect(okRows(results)).toHaveLength(18);
  });

  it('rejects corporate numbers with a bad check digit', async () => {
    const results = await collect(fixture('bad-check-digit.csv'));
    expect(results).toHaveLength(20);
    expect(rejections(results)).toEqual([
      { line: 1, reason: '法人番号のチェックデジットが不正です: 2500000007919' },
      { line: 2, reason: '法人番号のチェックデジットが不正です: 3500000015838' },
      { line: 3, reason: '法人番号のチェックデジットが不正です: 4500000023757' },
    ]);
    expect(okRows(results).map((r) => r.sequenceNumber)).toEqual(Array.from({ length: 17 }, (_, i) => i + 4));
  });

  it('rejects impossible or malformed dates', async () => {
    const results = await collect(fixture('bad-dates.csv'));
    expect(results).toHaveLength(20);
    expect(rejections(results)).toEqual([
      { line: 7, reason: '日付が不正です: updateDate "2023-02-30"' },
      { line: 14, reason: '日付が不正です: assignmentDate "2015-13-05"' },
      { line: 18, reason: '日付が不正です: closeDate "2024/01/10"' },
    ]);
    expect(okRows(results)).toHaveLength(17);
  });

  it('parses the Shift_JIS edition identically', async () => {
    const sjis = iconv.encode(await readFile(fixture('yamaguchi-sample.csv'), 'utf8'), 'Shift_JIS');
    expect(await collect(Readable.from([sjis]))).toEqual(sample);
  });

  it('parses a zip (path or stream) identically', async () => {
    expect(await collect(fixture('yamaguchi-sample.zip'))).toEqual(sample);
    expect(await collect(createReadStream(fixture('yamaguchi-sample.zip')))).toEqual(sample);
  });

  it('strips a UTF-8 BOM', async () => {
    const bytes = await readFile(fixture('yamaguchi-sample.csv'));
    const results = await collect(Readable.from([Buffer.from([0xef, 0xbb, 0xbf]), bytes]));
    expect(results).toEqual(sample);
  });

  it('reads a quoted field with a comma and doubled quotes', async () => {
    const [result] = await collect(csv(line(1, '"株式会社""岩国, 精密"""')));
    expect(result).toMatchObject({ ok: true, line: 1, row: { name: '株式会社"岩国, 精密"' } });
  });

  it('reports every problem of a row and the line of records after embedded line breaks', async () => {
    const results = await collect(
      csv(
        line(1),
        line(2, '"株式会社\r\n岩国\r\n精密"'),
        line(3, '"x"', { 1: '1234', 2: '1', 13: '', 23: '2' }),
        '',
        line(5),
      ),
    );
    expect(results.map((r) => r.line)).toEqual([1, 4, 5, 7]);
    expect(results[1]).toMatchObject({ ok: true, row: { name: '株式会社\r\n岩国\r\n精密' } });
    expect(results[2]).toEqual({
      ok: false,
      line: 5,
      reason: [
        '法人番号が13桁の数字ではありません: "1234"',
        '処理区分が不正です: "1"',
        '最新履歴が0/1ではありません: "2"',
        '都道府県コードが不正です: ""',
      ].join('; '),
      record: expect.any(Array),
    });
  });

  it('rejects broken quoting as a row and goes on', async () => {
    const results = await collect(csv(line(1), line(2, '"株式"会社"'), line(3, '株式"会社'), line(4)));
    expect(results.map((r) => (r.ok ? r.line : `${r.line}: ${r.reason}`))).toEqual([
      1,
      '2: CSVの引用符の閉じ方が不正です (invalid closing quote)',
      '3: CSVの引用符の位置が不正です (invalid opening quote)',
      4,
    ]);
  });

  it('rejects a quote left open at the end of the file', async () => {
    const results = await collect(Readable.from([Buffer.from(`${line(1)}\r\n2,"unterminated`)]));
    expect(results.map((r) => (r.ok ? r.line : `${r.line}: ${r.reason}`))).toEqual([
      1,
      '2: CSVの引用符が閉じられていません (unclosed quote)',
    ]);
  });

  it('accepts a last line without CRLF and a foreign-address corporation without domestic codes', async () => {
    const foreign = line(2, '"Foo Inc."', {
      8: '401',
      9: '',
      10: '',
      11: '',
      13: '',
      14: '',
      15: '',
      16: '"アメリカ合衆国カリフォルニア州"',
    });
    const results = await collect(Readable.from([Buffer.from(`${line(1)}\r\n${foreign}`)]));
    expect(results).toHaveLength(2);
    expect(results[1]).toMatchObject({
      ok: true,
      line: 2,
      row: {
        legalForm: 'foreign_company',
        prefectureCode: null,
        municipalityCode: null,
        address: 'アメリカ合衆国カリフォルニア州',
      },
    });
  });

  it('marks merged and closed corporations', async () => {
    const results = await collect(
      csv(
        line(1, '"a"', { 2: '71', 18: '2020-04-01', 19: '11', 20: '7000012050002' }),
        line(2, '"b"', { 2: '21' }),
        line(3, '"c"', { 2: '22' }),
      ),
    );
    expect(okRows(results).map((r) => [r.processLabel, r.closed])).toEqual([
      ['吸収合併', true],
      ['登記記録の閉鎖等', true],
      ['登記記録の復活等', false],
    ]);
  });
});
