import { Readable, pipeline } from 'node:stream';
import { CsvError, Parser } from 'csv-parse';
import { type RegisterRowResult, toRegisterRowResult } from './register-row';

function csvErrorReason(err: CsvError | undefined): string {
  switch (err?.code) {
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'CSVの引用符の閉じ方が不正です (invalid closing quote)';
    case 'INVALID_OPENING_QUOTE':
      return 'CSVの引用符の位置が不正です (invalid opening quote)';
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'CSVの引用符が閉じられていません (unclosed quote)';
    default:
      return `CSV構文エラー (${err?.message ?? 'unknown error'})`;
  }
}

function countCrLf(record: string[]): number {
  let n = 0;
  for (const field of record) {
    for (let i = field.indexOf('\r\n'); i !== -1; i = field.indexOf('\r\n', i + 2)) n++;
  }
  return n;
}

/**
 * csv-parse's streaming parser, turning each record into a RegisterRowResult as it is pushed. The
 * line number is read from the live `info.lines` counter at push time — the same value that
 * `info: true` / `on_record`'s context would report, without the two object copies per record those
 * options make (about a fifth of the parse time on a large file).
 */
class RegisterCsvParser extends Parser {
  /** csv-parse counts a CRLF inside a quoted field as two lines; `drift` undoes that. */
  private drift = 0;
  private previousLines = 0;

  constructor() {
    super({
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
    });
    // With skip_records_with_error csv-parse reports a broken record by emitting 'skip'
    // synchronously while parsing, so pushing the rejection here keeps it in file order.
    this.on('skip', (err: CsvError | undefined) => {
      this.previousLines = this.info.lines;
      const rejected: RegisterRowResult = {
        ok: false,
        line: this.info.lines - this.drift,
        reason: csvErrorReason(err),
        record: null,
      };
      super.push(rejected);
    });
  }

  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (!Array.isArray(chunk)) return super.push(chunk, encoding);
    const record = chunk as string[];
    const lines = this.info.lines;
    // Only a record that moved the line count by more than one (embedded line breaks, or skipped
    // empty lines) can contain a CRLF, so the common case costs nothing.
    if (lines - this.previousLines > 1) this.drift += countCrLf(record);
    this.previousLines = lines;
    return super.push(toRegisterRowResult(record, lines - this.drift));
  }
}

/**
 * Parses the text of a register file (see openRegisterStream) into one result per CSV record, in
 * file order. Invalid records — wrong column count, bad corporate number or check digit, impossible
 * date, broken quoting… — come out as `{ ok: false, line, reason }` and parsing goes on; only an
 * error of the input stream itself is thrown. `line` is the physical (1-based) line on which the
 * record ends. Breaking out of the loop destroys `text`.
 */
export function parseRegisterRows(text: Readable): AsyncIterable<RegisterRowResult> {
  // pipeline() forwards an error of `text` to the parser (and so to the consumer's loop) and
  // destroys `text` when the parser is destroyed early; the callback only keeps the error from
  // going unhandled. The parser is an object-mode stream of RegisterRowResult.
  return pipeline(text, new RegisterCsvParser(), () => {}) as AsyncIterable<RegisterRowResult>;
}
