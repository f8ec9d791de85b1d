import { REGISTER_KIND_LEGAL_FORMS, REGISTER_PROCESS_CODES } from './parser/register-codes';
import { REGISTER_COLUMNS } from './parser/register-row';

/**
 * The staging tables of one import (temporary, dropped at commit) and the SQL that reads them.
 *
 * The file's records go into `register_raw` as they are, by PostgreSQL's own CSV reader
 * (`COPY … (FORMAT csv)`): one text column per register column, named after REGISTER_COLUMNS, and
 * `ord`, the record's number in the COPY (see RegisterRecordFramer.lineOf). Everything after that
 * is set-based SQL, except what needs the JavaScript text rules of the rest of the app: validation
 * with its reasons (register-row.ts) for the records the framer flagged, readings that are not plain
 * katakana (toKatakanaReading), and the search columns (organization-text.ts).
 */

const snake = (s: string): string => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Column names of `register_raw`, in file order (sequence_number … hihyoji). */
export const RAW_COLUMNS: readonly string[] = Object.entries(REGISTER_COLUMNS)
  .sort((a, b) => a[1] - b[1])
  .map(([name]) => snake(name));

export const RAW_TABLE = 'register_raw';
/** Rows the framer's inspection flagged (see inspect-register-record.ts): (ord, flags). */
export const NOTED_TABLE = 'register_noted';
/** Rows rejected by the JavaScript validation: (ord, reason). */
export const REJECTED_TABLE = 'register_rejected';
/** Readings that needed JavaScript normalisation: (ord, name_kana). */
export const KANA_TABLE = 'register_kana';
/** Search columns of the records to insert or update, computed in JavaScript. */
export const TEXT_TABLE = 'register_text';
export const MERGE_TABLE = 'register_merge';

export const RAW_TABLE_DDL = `(ord bigint GENERATED ALWAYS AS IDENTITY, ${RAW_COLUMNS.map((c) => `${c} text`).join(', ')})`;

export const COPY_RAW_SQL = `COPY ${RAW_TABLE} (${RAW_COLUMNS.join(', ')}) FROM STDIN (FORMAT csv)`;

const DIGITS = (n: number) => `'^[0-9]{${n}}$'`;

/** `col` is empty (COPY reads an empty unquoted field as NULL, a quoted one as ''). */
const empty = (col: string) => `coalesce(${col}, '') = ''`;

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

const CLOSING_PROCESSES = Object.entries(REGISTER_PROCESS_CODES)
  .filter(([, info]) => info.closes)
  .map(([code]) => sqlString(code))
  .join(', ');

const LEGAL_FORM_SQL = `CASE r.kind ${Object.entries(REGISTER_KIND_LEGAL_FORMS)
  .map(([kind, form]) => `WHEN ${sqlString(kind)} THEN ${sqlString(form)}`)
  .join(' ')} END`;

/**
 * A valid raw row in the registry's shape (the same values register-row.ts's toRow gives), over `r`
 * and `k` (KANA_TABLE, left-joined: the normalised reading of the rows flagged UNUSUAL_READING).
 */
export const REGISTER_ROW_SQL = `
  r.ord,
  r.sequence_number::bigint AS sequence_number,
  r.corporate_number,
  r.process,
  nullif(r.update_date, '')::date AS update_date,
  nullif(r.change_date, '')::date AS change_date,
  nullif(r.close_date, '')::date AS close_date,
  (NOT ${empty('r.close_date')} OR r.process IN (${CLOSING_PROCESSES})) AS closed,
  r.name,
  CASE WHEN k.ord IS NOT NULL THEN nullif(k.name_kana, '') ELSE nullif(r.furigana, '') END AS name_kana,
  ${LEGAL_FORM_SQL} AS legal_form,
  CASE WHEN NOT ${empty('r.prefecture_code')} AND NOT ${empty('r.city_code')} THEN r.prefecture_code || r.city_code END
    AS municipality_code,
  nullif(r.city_name, '') AS municipality_name,
  coalesce(nullif(coalesce(r.prefecture_name, '') || coalesce(r.city_name, '') || coalesce(r.street_number, ''), ''),
           nullif(r.address_outside, '')) AS address,
  CASE WHEN r.post_code ~ ${DIGITS(7)} THEN r.post_code
       WHEN regexp_replace(r.post_code, '-', '') ~ ${DIGITS(7)} THEN regexp_replace(r.post_code, '-', '') END AS postal_code`;

const NEEDS_ESCAPE = /[\\\n\r\t]/;
const ESCAPES = /[\\\n\r\t]/g;
const ESCAPE_OF: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One value in PostgreSQL's COPY text format: `\N` for null, backslash escapes for \ \n \r \t. */
export function copyTextValue(value: string | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPES, (c) => ESCAPE_OF[c]) : value;
}

const ARRAY_ELEMENT_ESCAPES = /["\\]/g;

/** A text[] literal with every element quoted: {"a","b"}. */
export function textArrayLiteral(values: string[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const escaped =
      v.includes('"') || v.includes('\\') ? v.replace(ARRAY_ELEMENT_ESCAPES, (c) => `\\${c}`) : v;
    out += (i ? ',"' : '"') + escaped + '"';
  }
  return out + '}';
}

/** One line of COPY text format from values (null → \N). */
export function copyLine(values: (string | null)[]): string {
  return values.map(copyTextValue).join('\t') + '\n';
}
