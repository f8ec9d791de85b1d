import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CSV_REASONS, MAX_RECORD_BYTES, RegisterRecordFramer } from './frame-register-records';

const SAMPLE = join(__dirname, '../../../../../test/fixtures/nta/yamaguchi-sample.csv');

/** A 30-field record; `name` is written as given (so it may carry its own quotes). */
function record(sequence: number, name = '"株式会社岩国精密"', fields = 30): string {
  const cols = [String(sequence), '7000012050002', '01', name];
  while (cols.length < fields) cols.push('');
  return cols.slice(0, fields).join(',');
}

interface Framed {
  csv: string;
  records: number;
  rejected: { line: number; reason: string }[];
  lines: number[];
}

/** Frames `input` fed in pieces of `chunkSize` bytes. */
function frame(input: string | Buffer, chunkSize = 1 << 20): Framed {
  const bytes = typeof input === 'string' ? Buffer.from(input) : input;
  const framer = new RegisterRecordFramer();
  const parts: Buffer[] = [];
  const rejected: { line: number; reason: string }[] = [];
  let records = 0;
  const take = (f: ReturnType<RegisterRecordFramer['end']>) => {
    parts.push(f.data);
    rejected.push(...f.rejected);
    records += f.records;
  };
  for (let i = 0; i < bytes.length; i += chunkSize) take(framer.push(bytes.subarray(i, i + chunkSize)));
  take(framer.end());
  const lines = Array.from({ length: records }, (_, i) => framer.lineOf(i + 1));
  return { csv: Buffer.concat(parts).toString('utf8'), records, rejected, lines };
}

const fieldsOf = (csv: string): string[][] => {
  const rows: string[][] = parse(csv, { relax_column_count: true });
  return rows;
};

describe('RegisterRecordFramer', () => {
  it('passes the 500-row sample through byte for byte', () => {
    const bytes = readFileSync(SAMPLE);
    const framed = frame(bytes, 4096);
    expect(framed.records).toBe(500);
    expect(framed.rejected).toEqual([]);
    expect(framed.csv).toBe(bytes.toString('utf8'));
    expect(framed.lines).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
  });

  it('gives the same result whatever the chunk boundaries', () => {
    const input = [
      record(1),
      record(2, '"株式会社""岩国"",精密"'),
      record(3, '"複数行の\r\n名前"'),
      record(4, '"閉じ"方"'),
      '',
      record(5, 'ab"c'),
      record(6, '"最後"', 29),
      record(7),
    ].join('\r\n');
    const whole = frame(input);
    for (const size of [1, 2, 3, 7, 64]) expect(frame(input, size)).toEqual(whole);
    expect(whole.records).toBe(4);
  });

  it('keeps quoted commas, doubled quotes and line breaks for COPY to split', () => {
    const framed = frame(
      [record(1, '"株式会社""岩国"",精密"'), record(2, '"複数行の\r\n名前"'), record(3)].join('\r\n') +
        '\r\n',
    );
    expect(framed.rejected).toEqual([]);
    const rows = fieldsOf(framed.csv);
    expect(rows.map((r) => r[3])).toEqual(['株式会社"岩国",精密', '複数行の\r\n名前', '株式会社岩国精密']);
    expect(rows.every((r) => r.length === 30)).toBe(true);
    // Record 2 ends on line 3, so record 3 is on line 4.
    expect(framed.lines).toEqual([1, 3, 4]);
  });

  it('rejects a wrong column count, broken quoting and NUL, with their lines, and goes on', () => {
    const framed = frame(
      [
        record(1),
        record(2, '"名前"', 29),
        record(3, '"閉じ"方"'),
        record(4, '名"前'),
        record(5, '"名\u0000前"'),
        record(6, '"名前"', 31),
        record(7),
      ].join('\r\n'),
    );
    expect(framed.rejected).toEqual([
      { line: 2, reason: CSV_REASONS.columnCount(29) },
      { line: 3, reason: CSV_REASONS.invalidClosingQuote },
      { line: 4, reason: CSV_REASONS.invalidOpeningQuote },
      { line: 5, reason: CSV_REASONS.nul },
      { line: 6, reason: CSV_REASONS.columnCount(31) },
    ]);
    expect(fieldsOf(framed.csv).map((r) => r[0])).toEqual(['1', '7']);
    expect(framed.lines).toEqual([1, 7]);
  });

  it('rejects a quote left open at the end of the file', () => {
    const framed = frame([record(1), record(2, '"開いたまま'), record(3, '名前')].join('\r\n') + '\r\n');
    expect(framed.records).toBe(1);
    expect(framed.rejected).toEqual([{ line: 4, reason: CSV_REASONS.quoteNotClosed }]);
  });

  it('gives up on a record longer than any register record and reads on after the next line end', () => {
    const long = '"開いたまま' + 'あ'.repeat(MAX_RECORD_BYTES);
    const input = [record(1), record(2, long), record(3, '名前')].join('\r\n') + '\r\n';
    const framed = frame(input, 8192);
    expect(framed.rejected).toEqual([{ line: 2, reason: CSV_REASONS.quoteNotClosed }]);
    expect(fieldsOf(framed.csv).map((r) => r[0])).toEqual(['1', '3']);
    expect(framed.lines).toEqual([1, 3]);
  });

  it('skips empty lines and writes every record with the first record’s line end', () => {
    const framed = frame(`${record(1)}\r\n\r\n${record(2)}\n\n${record(3)}`);
    expect(framed.rejected).toEqual([]);
    expect(framed.csv).toBe(`${record(1)}\r\n${record(2)}\r\n${record(3)}\r\n`);
    expect(framed.lines).toEqual([1, 3, 5]);
  });

  it('rejects a bare carriage return outside quotes', () => {
    const framed = frame(`${record(1)}\r\n${record(2, 'a\rb')}\r\n${record(3)}\r\n`);
    expect(framed.rejected).toEqual([{ line: 2, reason: CSV_REASONS.strayCarriageReturn }]);
    expect(framed.records).toBe(2);
  });

  it('replaces invalid UTF-8 so that COPY never fails on it', () => {
    const [before, after] = record(1, '"名@前"').split('@');
    const bytes = Buffer.concat([
      Buffer.from(before),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(after + '\r\n'),
    ]);
    const framed = frame(bytes);
    expect(framed.records).toBe(1);
    expect(fieldsOf(framed.csv)[0][3]).toBe('名\ufffd\ufffd前');
  });
});
