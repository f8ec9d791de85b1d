import { toKatakanaReading } from '../../../../libs/japanese/text';
import { organizationText, searchGrams } from '../organizations/organization-text';
import type { RegisterRow } from './parser/register-row';

/**
 * The staging table of one import: the fields of a register row that the merge needs, already in
 * the registry's shape (search columns computed in JS exactly as the organizations feature does).
 * Column order = the order of {@link stagingLine}'s fields.
 */
export const STAGING_COLUMNS = [
  'line',
  'sequence_number',
  'corporate_number',
  'process',
  'update_date',
  'change_date',
  'close_date',
  'closed',
  'name',
  'name_kana',
  'legal_form',
  'municipality_code',
  'municipality_name',
  'address',
  'postal_code',
  'search_text',
  'normalized_name',
  'sort_key',
  'search_grams',
] as const;

/** `CREATE TEMP TABLE` body of the staging table (dropped at the end of the transaction). */
export const STAGING_TABLE_DDL = `(
  line integer NOT NULL,
  sequence_number bigint NOT NULL,
  corporate_number text NOT NULL,
  process text NOT NULL,
  update_date date,
  change_date date,
  close_date date,
  closed boolean NOT NULL,
  name text NOT NULL,
  name_kana text,
  legal_form text,
  municipality_code text,
  municipality_name text,
  address text,
  postal_code text,
  search_text text NOT NULL,
  normalized_name text NOT NULL,
  sort_key text NOT NULL,
  search_grams text[] NOT NULL
)`;

const NEEDS_ESCAPE = /[\\\n\r\t]/;
const ESCAPES = /[\\\n\r\t]/g;
const ESCAPE_OF: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One value in PostgreSQL's COPY text format: `\N` for null, backslash escapes for \ \n \r \t. */
export function copyTextValue(value: string | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPES, (c) => ESCAPE_OF[c]) : value;
}

const POSTAL_CODE = /^\d{7}$/;
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

/** A register row as one line of COPY text (tab-separated, newline-terminated). */
export function stagingLine(line: number, row: RegisterRow): string {
  const nameKana = toKatakanaReading(row.furigana) || null;
  const text = organizationText({
    name: row.name,
    nameKana,
    address: row.address || null,
    corporateNumber: row.corporateNumber,
  });
  const postCode = row.postCode?.replace('-', '') ?? null;
  return (
    [
      String(line),
      String(row.sequenceNumber),
      row.corporateNumber,
      row.process,
      row.updateDate,
      row.changeDate,
      row.closeDate,
      row.closed ? 't' : 'f',
      row.name,
      nameKana,
      row.legalForm,
      row.municipalityCode,
      row.cityName,
      row.address || null,
      postCode !== null && POSTAL_CODE.test(postCode) ? postCode : null,
      text.searchText,
      text.normalizedName,
      text.sortKey,
      textArrayLiteral(searchGrams(text.searchText)),
    ]
      .map(copyTextValue)
      .join('\t') + '\n'
  );
}
