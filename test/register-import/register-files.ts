import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Helpers to read and rewrite register fixture files in tests. */
export const NTA = join(__dirname, '../fixtures/nta');
export const SAMPLE = join(NTA, 'yamaguchi-sample.csv');
export const AREA = ['35208', '35321'];

/** 0-based columns of the 基本3情報 CSV used by the tests. */
export const COL = {
  seq: 0,
  number: 1,
  process: 2,
  updateDate: 4,
  changeDate: 5,
  name: 6,
  prefCode: 13,
  cityCode: 14,
  streetNumber: 11,
  closeDate: 18,
  latest: 23,
  furigana: 28,
} as const;

export function readRecords(file = SAMPLE): string[][] {
  const records: string[][] = parse(readFileSync(file), { relax_column_count: true });
  return records;
}

const cell = (v: string) => (/[",\r\n]/.test(v) || /[^\x20-\x7e]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** CSV text in the register's layout (CRLF line ends). */
export function toCsv(records: string[][]): string {
  return records.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

export const municipality = (r: string[]) => r[COL.prefCode] + r[COL.cityCode];
export const inArea = (r: string[], area = AREA) => area.includes(municipality(r)) && r[COL.latest] === '1';
