/**
 * Streaming CSV export that opens cleanly in Excel (Japanese locale).
 *
 * RFC 4180: CRLF line ends, fields quoted only when they contain '"', ',', CR or LF, quotes doubled.
 * UTF-8 with a BOM by default (Excel needs the BOM to detect UTF-8), or Shift_JIS on request
 * (encoded as Windows-31J/CP932, the Shift_JIS that Japanese Excel reads; characters it lacks —
 * emoji, most accented Latin, rare kanji outside JIS X 0208 + IBM/NEC extensions — become '?').
 *
 * Rows are buffered into ~64 KiB chunks before encoding, so a 1,000,000-row export costs one string
 * build per row and a few thousand Buffer allocations in total.
 */
import { Transform, TransformCallback } from 'stream';
import * as iconv from 'iconv-lite';
import { jstDateOf, jstDateTimeOf } from '../japanese';
import { safeCellText } from './safe-cell';

export type CsvEncoding = 'utf8' | 'shift_jis';

/** What a CSV cell can be given as. null/undefined → empty. */
export type CsvCell = string | number | boolean | bigint | Date | null | undefined;

export interface CsvFormatOptions {
  /**
   * Column indexes (0-based) whose Date values are calendar dates, written 'YYYY-MM-DD' (the day in
   * Japan). Dates in other columns are instants, written 'YYYY-MM-DD HH:mm' in Japanese time.
   * (Calendar dates already held as 'YYYY-MM-DD' strings need nothing: strings are written as is.)
   */
  dateColumns?: readonly number[];
  /** Text of true / false. Default ['TRUE', 'FALSE'] (Excel reads them as booleans). */
  booleanText?: readonly [string, string];
  /** Prefix formula-like text with an apostrophe (see safeCellText). Default true; keep it on for exports. */
  formulaSafe?: boolean;
}

export interface CsvEncoderOptions extends CsvFormatOptions {
  encoding: CsvEncoding;
  /** Write a UTF-8 byte order mark first. Default true for utf8; never written for shift_jis. */
  bom?: boolean;
  /** Header row, written first (even when no data row follows). */
  header?: readonly string[];
  /** Approximate size of the output chunks in characters. Default 65,536. */
  chunkSize?: number;
}

export const UTF8_BOM = '\ufeff';
const NEEDS_QUOTES = /[",\r\n]/;
const QUOTE = /"/g;

/** Unicode characters that have a CP932 look-alike at the same JIS code point (the "wave dash problem"). */
const CP932_LOOKALIKES: Readonly<Record<string, string>> = {
  '\u301c': '\uff5e', // 〜 WAVE DASH → ～ FULLWIDTH TILDE
  '\u2212': '\uff0d', // − MINUS SIGN → － FULLWIDTH HYPHEN-MINUS
  '\u2014': '\u2015', // — EM DASH → ― HORIZONTAL BAR
  '\u2016': '\u2225', // ‖ DOUBLE VERTICAL LINE → ∥ PARALLEL TO
  '\u00a2': '\uffe0', // ¢ → ￠
  '\u00a3': '\uffe1', // £ → ￡
  '\u00ac': '\uffe2', // ¬ → ￢
  '\u00a6': '\uffe4', // ¦ → ￤
};
const CP932_LOOKALIKE_CHARS = /[\u301c\u2212\u2014\u2016\u00a2\u00a3\u00ac\u00a6]/g;

/**
 * Encodes text as Shift_JIS (CP932). First maps the usual Unicode look-alikes (〜 − — ‖ ¢ £ ¬) to the
 * characters CP932 has, then every character CP932 lacks becomes '?'.
 */
export function encodeShiftJis(text: string): Buffer {
  return iconv.encode(
    text.replace(CP932_LOOKALIKE_CHARS, (c) => CP932_LOOKALIKES[c] ?? c),
    'cp932',
  );
}

/** Decodes Shift_JIS (CP932) bytes, e.g. an uploaded file. */
export function decodeShiftJis(bytes: Buffer | Uint8Array): string {
  return iconv.decode(Buffer.from(bytes), 'cp932');
}

/** Quotes a field when RFC 4180 requires it. */
export function quoteCsvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(QUOTE, '""')}"` : text;
}

/** Builds a row formatter with the options resolved once (the hot path of an export). */
export function createCsvRowFormatter(options: CsvFormatOptions = {}): (row: readonly CsvCell[]) => string {
  const dateColumns = new Set(options.dateColumns ?? []);
  const [trueText, falseText] = options.booleanText ?? ['TRUE', 'FALSE'];
  const formulaSafe = options.formulaSafe ?? true;

  const cell = (value: CsvCell, index: number): string => {
    if (value === null || value === undefined) return '';
    switch (typeof value) {
      case 'string':
        return quoteCsvField(formulaSafe ? safeCellText(value) : value);
      case 'number':
        return Number.isFinite(value) ? String(value) : '';
      case 'bigint':
        return String(value);
      case 'boolean':
        return quoteCsvField(value ? trueText : falseText);
      case 'object':
        if (value instanceof Date) {
          if (Number.isNaN(value.getTime())) return '';
          return dateColumns.has(index) ? jstDateOf(value) : jstDateTimeOf(value);
        }
        throw new TypeError(
          `unsupported CSV cell value at column ${index}: ${Object.prototype.toString.call(value)}`,
        );
      default:
        throw new TypeError(`unsupported CSV cell value at column ${index}: ${typeof value}`);
    }
  };

  return (row) => {
    let line = '';
    for (let i = 0; i < row.length; i++) {
      if (i > 0) line += ',';
      line += cell(row[i], i);
    }
    return line + '\r\n';
  };
}

/** One CSV record with its CRLF. */
export function formatCsvRow(row: readonly CsvCell[], options?: CsvFormatOptions): string {
  return createCsvRowFormatter(options)(row);
}

/**
 * A Transform stream: write arrays of cells (object mode), read encoded CSV bytes. Pipe it to a
 * response or file with stream.pipeline, e.g.
 *
 *   await pipeline(rowsReadable, createCsvEncoder({ encoding: 'utf8', header: ['法人番号', '名称'] }), res);
 */
export function createCsvEncoder(options: CsvEncoderOptions): Transform {
  const format = createCsvRowFormatter(options);
  const encode: (text: string) => Buffer =
    options.encoding === 'shift_jis' ? encodeShiftJis : (text) => Buffer.from(text, 'utf8');
  const chunkSize = Math.max(1, options.chunkSize ?? 65_536);

  let pending = options.encoding === 'utf8' && (options.bom ?? true) ? UTF8_BOM : '';
  if (options.header) pending += format(options.header);

  return new Transform({
    writableObjectMode: true,
    readableObjectMode: false,
    transform(row: unknown, _encoding: BufferEncoding, callback: TransformCallback): void {
      if (!Array.isArray(row)) {
        callback(new TypeError('CSV encoder expects each row as an array of cells'));
        return;
      }
      try {
        pending += format(row as CsvCell[]);
      } catch (error) {
        callback(error as Error);
        return;
      }
      if (pending.length >= chunkSize) {
        const text = pending;
        pending = '';
        callback(null, encode(text));
      } else {
        callback();
      }
    },
    flush(callback: TransformCallback): void {
      const text = pending;
      pending = '';
      callback(null, text ? encode(text) : undefined);
    },
  });
}

/** Content-Type header value for a CSV export. */
export function csvContentType(encoding: CsvEncoding): string {
  return encoding === 'shift_jis' ? 'text/csv; charset=Shift_JIS' : 'text/csv; charset=utf-8';
}
