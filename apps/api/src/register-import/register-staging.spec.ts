import { Client } from 'pg';
import { toKatakanaReading } from '../../../../libs/japanese/text';
import { toRegisterRowResult } from './parser/register-row';
import { REGISTER_RECORD_CASES } from '../../../../test/fixtures/nta/register-record-cases';
import {
  copyTextValue,
  KANA_TABLE,
  RAW_COLUMNS,
  RAW_TABLE,
  RAW_TABLE_DDL,
  REGISTER_ROW_SQL,
} from './register-staging';

const CASES = REGISTER_RECORD_CASES;

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
    // What the import does for readings flagged UNUSUAL_READING (those toKatakanaReading changes;
    // inspect-register-record.spec.ts checks that the flag is set for them).
    const readings = await client.query<{ ord: string; furigana: string }>(
      `SELECT ord::text, furigana FROM ${RAW_TABLE} WHERE furigana <> ''`,
    );
    for (const r of readings.rows) {
      const kana = toKatakanaReading(r.furigana);
      if (kana !== r.furigana) await client.query(`INSERT INTO ${KANA_TABLE} VALUES ($1, $2)`, [r.ord, kana]);
    }
  });

  afterAll(async () => {
    await client.end();
  });

  it('derives the same values as register-row.ts for every valid row', async () => {
    // Rows 1..n hold the cases with empty fields as '', rows n+1..2n as NULL.
    const validOrds = [...CASES, ...CASES].flatMap((record, i) =>
      toRegisterRowResult(record, 1).ok ? [i + 1] : [],
    );
    expect(validOrds.length).toBeGreaterThan(20);
    const { rows } = await client.query<Record<string, string | boolean | null>>(
      `SELECT ${REGISTER_ROW_SQL}, to_char(nullif(r.update_date, '')::date, 'YYYY-MM-DD') AS update_text,
              to_char(nullif(r.close_date, '')::date, 'YYYY-MM-DD') AS close_text, r.ord::text AS ord_text
         FROM ${RAW_TABLE} r LEFT JOIN ${KANA_TABLE} k ON k.ord = r.ord
        WHERE r.ord = ANY($1::bigint[]) ORDER BY r.ord`,
      [validOrds],
    );
    expect(rows.length).toBe(validOrds.length);
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
