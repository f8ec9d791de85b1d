import { Client } from 'pg';
import { toKatakanaReading } from '../../../../libs/japanese/text';
import { toRegisterRowResult } from './parser/register-row';
import {
  copyTextValue,
  KANA_TABLE,
  LOOKS_VALID_SQL,
  PLAIN_READING_SQL,
  RAW_COLUMNS,
  RAW_TABLE,
  RAW_TABLE_DDL,
  REGISTER_ROW_SQL,
} from './register-staging';

const BASE = [
  '7',
  '7000012050002',
  '01',
  '0',
  '2015-10-05',
  '2015-10-06',
  '株式会社岩国精密',
  '',
  '301',
  '山口県',
  '岩国市',
  '麻里布町１丁目２番３号',
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
  'イワクニセイミツ',
  '0',
];

const variant = (overrides: Record<number, string>): string[] => {
  const cols = [...BASE];
  for (const [i, v] of Object.entries(overrides)) cols[Number(i)] = v;
  return cols;
};

/** Valid and invalid records: every rule of register-row.ts, and the derived columns' edge cases. */
const CASES: string[][] = [
  BASE,
  variant({ 0: '' }),
  variant({ 0: '-1' }),
  variant({ 0: '1234567890123456' }),
  variant({ 0: '123456789012345' }),
  variant({ 0: '１' }),
  variant({ 1: '7000012050003' }),
  variant({ 1: '700001205000' }),
  variant({ 1: '70000120500021' }),
  variant({ 1: '7000O12050002' }),
  variant({ 1: '1500000007919' }),
  variant({ 1: '９000012050002' }),
  variant({ 2: '1' }),
  variant({ 2: '21' }),
  variant({ 2: '71', 18: '' }),
  variant({ 2: '99' }),
  variant({ 2: 'ab' }),
  variant({ 4: '2019-02-29' }),
  variant({ 4: '2020-02-29' }),
  variant({ 4: '1900-02-29' }),
  variant({ 4: '2000-02-29' }),
  variant({ 4: '0000-01-01' }),
  variant({ 4: '2019-13-01' }),
  variant({ 4: '2019-04-31' }),
  variant({ 4: '2019-12-31' }),
  variant({ 4: '2019-1-31' }),
  variant({ 4: '20191231' }),
  variant({ 4: '' }),
  variant({ 5: '2019-00-10' }),
  variant({ 18: '2020-01-31' }),
  variant({ 18: '2020-01-32' }),
  variant({ 22: '2015-1o-05' }),
  variant({ 6: '' }),
  variant({ 6: '"引用符"と\tタブ\nと改行' }),
  variant({ 8: '30' }),
  variant({ 8: '999' }),
  variant({ 8: '399' }),
  variant({ 8: '401' }),
  variant({ 23: '0' }),
  variant({ 23: '2' }),
  variant({ 23: '' }),
  variant({ 13: '3' }),
  variant({ 13: '' }),
  variant({ 14: '' }),
  variant({ 14: '2089' }),
  variant({ 13: '', 14: '', 16: 'アメリカ合衆国ニューヨーク州' }),
  variant({ 9: '', 10: '', 11: '', 13: '', 14: '', 16: 'Singapore' }),
  variant({ 13: '35', 14: '', 16: 'Singapore' }),
  variant({ 9: '', 10: '', 11: '' }),
  variant({ 15: '740-0018' }),
  variant({ 15: '74-00018' }),
  variant({ 15: '74000' }),
  variant({ 15: '７４０００１８' }),
  variant({ 15: '' }),
  variant({ 28: '' }),
  variant({ 28: 'いわくにｾｲﾐﾂ' }),
  variant({ 28: 'ｲﾜｸﾆ ｾｲﾐﾂ' }),
  variant({ 28: 'イワクニ　　セイミツ ' }),
  variant({ 28: 'アイ・ビー・エム' }),
  variant({ 28: 'アイ ビー' }),
  variant({ 28: 'セキュリティ-' }),
  variant({ 28: 'カ\u3099イ' }),
  variant({ 28: '   ' }),
];

describe('register staging SQL (against PostgreSQL)', () => {
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: process.env.OUTREACH_TEST_ADMIN_URL });
    await client.connect();
    await client.query(`CREATE TEMP TABLE ${RAW_TABLE} ${RAW_TABLE_DDL}`);
    await client.query(`CREATE TEMP TABLE ${KANA_TABLE} (ord bigint PRIMARY KEY, name_kana text)`);
    // Each case twice: empty fields as '' (a quoted "" in the CSV) and as NULL (an unquoted empty field).
    for (const emptyAs of ['', null]) {
      for (const record of CASES) {
        await client.query(
          `INSERT INTO ${RAW_TABLE} (${RAW_COLUMNS.join(', ')}) VALUES (${RAW_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
          record.map((v) => (v === '' ? emptyAs : v)),
        );
      }
    }
    // What the import does for readings the plain-katakana test does not pass.
    const unusual = await client.query<{ ord: string; furigana: string }>(
      `SELECT ord::text, furigana FROM ${RAW_TABLE} r WHERE coalesce(r.furigana, '') <> '' AND NOT coalesce(${PLAIN_READING_SQL}, false)`,
    );
    for (const r of unusual.rows)
      await client.query(`INSERT INTO ${KANA_TABLE} VALUES ($1, $2)`, [r.ord, toKatakanaReading(r.furigana)]);
  });

  afterAll(async () => {
    await client.end();
  });

  it('passes only rows that register-row.ts accepts, and every one of them', async () => {
    const { rows } = await client.query<{ ord: string; ok: boolean }>(
      `SELECT ord::text, ${LOOKS_VALID_SQL} AS ok FROM ${RAW_TABLE} r ORDER BY r.ord`,
    );
    expect(rows).toHaveLength(CASES.length * 2);
    const mismatches = rows.filter((r) => {
      const js = toRegisterRowResult(CASES[(Number(r.ord) - 1) % CASES.length], 1);
      return js.ok !== r.ok;
    });
    expect(mismatches.map((m) => CASES[(Number(m.ord) - 1) % CASES.length])).toEqual([]);
    expect(rows.filter((r) => r.ok).length).toBeGreaterThan(CASES.length / 2);
    expect(rows.filter((r) => !r.ok).length).toBeGreaterThan(CASES.length / 2);
  });

  it('derives the same values as register-row.ts for every valid row', async () => {
    const { rows } = await client.query<Record<string, string | boolean | null>>(
      `SELECT ${REGISTER_ROW_SQL}, to_char(nullif(r.update_date, '')::date, 'YYYY-MM-DD') AS update_text,
              to_char(nullif(r.close_date, '')::date, 'YYYY-MM-DD') AS close_text, r.ord::text AS ord_text
         FROM ${RAW_TABLE} r LEFT JOIN ${KANA_TABLE} k ON k.ord = r.ord
        WHERE ${LOOKS_VALID_SQL} ORDER BY r.ord`,
    );
    expect(rows.length).toBeGreaterThan(20);
    for (const sql of rows) {
      const record = CASES[(Number(sql.ord_text) - 1) % CASES.length];
      const js = toRegisterRowResult(record, 1);
      if (!js.ok) throw new Error(js.reason);
      const row = js.row;
      const postCode = row.postCode?.replace('-', '') ?? null;
      expect({ ...sql, ord: undefined, ord_text: undefined }).toEqual({
        ord: undefined,
        ord_text: undefined,
        sequence_number: String(row.sequenceNumber),
        corporate_number: row.corporateNumber,
        process: row.process,
        update_date: row.updateDate === null ? null : expect.anything(),
        change_date: row.changeDate === null ? null : expect.anything(),
        close_date: row.closeDate === null ? null : expect.anything(),
        update_text: row.updateDate,
        close_text: row.closeDate,
        closed: row.closed,
        name: row.name,
        name_kana: toKatakanaReading(row.furigana) || null,
        legal_form: row.legalForm,
        municipality_code: row.municipalityCode,
        municipality_name: row.cityName,
        address: row.address || null,
        postal_code: postCode !== null && /^\d{7}$/.test(postCode) ? postCode : null,
      });
    }
  });
});

describe('COPY text values', () => {
  it('escapes values for the COPY text format', () => {
    expect(copyTextValue(null)).toBe('\\N');
    expect(copyTextValue('plain 名前')).toBe('plain 名前');
    expect(copyTextValue('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyTextValue('\\N')).toBe('\\\\N');
  });
});
