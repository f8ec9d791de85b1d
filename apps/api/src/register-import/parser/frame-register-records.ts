import { isUtf8 } from 'node:buffer';
import { REGISTER_COLUMN_COUNT } from './register-row';

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const CRLF = Buffer.from('\r\n');
const NEWLINE = Buffer.from('\n');

/** A register record is a few hundred bytes; anything longer is a quote left open. */
export const MAX_RECORD_BYTES = 64 * 1024;

export const CSV_REASONS = {
  invalidClosingQuote: 'CSVの引用符の閉じ方が不正です (invalid closing quote)',
  invalidOpeningQuote: 'CSVの引用符の位置が不正です (invalid opening quote)',
  quoteNotClosed: 'CSVの引用符が閉じられていません (unclosed quote)',
  strayCarriageReturn: 'CSV構文エラー (改行コードCRのみ / bare carriage return)',
  nul: 'NUL文字が含まれています (NUL character in a field)',
  columnCount: (n: number) => `列数が${REGISTER_COLUMN_COUNT}ではありません (${n})`,
} as const;

export interface FramedRejection {
  /** Physical (1-based) line on which the record ends. */
  line: number;
  reason: string;
}

/** What one pushed chunk gave: CSV for `COPY … (FORMAT csv)` and the records left out of it. */
export interface FramedChunk {
  /** Whole, well-formed 30-field records, in file order, with one line-end style throughout. */
  data: Buffer;
  /** Records put into `data`. */
  records: number;
  rejected: FramedRejection[];
  /** Records passed on for which the inspector returned flags (see RecordInspector). */
  noted: { record: number; flags: number }[];
}

/**
 * Looks at a well-formed record's fields as bytes (`starts`/`ends`: content offsets of each field,
 * inside the quotes of a quoted field) and returns flags to note for it, 0 for none.
 */
export type RecordInspector = (buf: Buffer, starts: Int32Array, ends: Int32Array) => number;

/** Field content offsets of the record being scanned (the first REGISTER_COLUMN_COUNT fields). */
const STARTS = new Int32Array(REGISTER_COLUMN_COUNT);
const ENDS = new Int32Array(REGISTER_COLUMN_COUNT);

interface Scan {
  /** Offset just past the record and its line end. */
  next: number;
  /** Offset of the record's line end (= next when the record ends the data without one). */
  contentEnd: number;
  /** The line end written after the record: CRLF, LF or none. */
  eol: Buffer | null;
  fields: number;
  /** Line feeds inside the record's quoted fields. */
  innerLines: number;
  error: string | null;
}

/**
 * Cuts register CSV bytes (UTF-8, see openRegisterStream) into whole records without building a
 * string per field: each record is checked for RFC 4180 syntax (quoted fields, doubled quotes) and
 * for 30 fields, and the good ones are passed on byte for byte, so that PostgreSQL's own CSV reader
 * (`COPY … (FORMAT csv)`) does the field splitting. Broken records are left out and reported with
 * their line number; empty lines are skipped. Records are numbered 1, 2, … in the order they are
 * passed on ({@link lineOf} maps that number back to the file's line).
 */
export class RegisterRecordFramer {
  private pending: Buffer = Buffer.alloc(0);
  /** 1-based physical line where the next record starts. */
  private line = 1;
  private emitted = 0;
  private eol: Buffer | null = null;
  /** [first record number, line − record number] wherever that difference changes. */
  private readonly offsets: number[][] = [];
  private offset = Number.NaN;
  private total = 0;

  constructor(private readonly inspect?: RecordInspector) {}

  /** Records read so far (passed on and rejected). */
  get recordsRead(): number {
    return this.total;
  }

  push(chunk: Buffer): FramedChunk {
    const buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    return this.frame(buf, false);
  }

  end(): FramedChunk {
    return this.frame(this.pending, true);
  }

  /** The physical line on which passed-on record `record` (1-based) ends. */
  lineOf(record: number): number {
    let lo = 0;
    let hi = this.offsets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.offsets[mid][0] <= record) lo = mid;
      else hi = mid - 1;
    }
    return record + this.offsets[lo][1];
  }

  private frame(buf: Buffer, eof: boolean): FramedChunk {
    const parts: Buffer[] = [];
    const rejected: FramedRejection[] = [];
    const noted: { record: number; flags: number }[] = [];
    const hasNul = buf.indexOf(0) !== -1;
    let records = 0;
    let runStart = -1;
    let pos = 0;
    const closeRun = (end: number): void => {
      if (runStart !== -1 && end > runStart) parts.push(buf.subarray(runStart, end));
      runStart = -1;
    };
    while (pos < buf.length) {
      const b = buf[pos];
      if (b === LF || (b === CR && buf[pos + 1] === LF)) {
        // An empty line: skipped.
        closeRun(pos);
        pos += b === LF ? 1 : 2;
        this.line++;
        continue;
      }
      if (b === CR && pos + 1 === buf.length && !eof) break;
      const scan = scanRecord(buf, pos, eof);
      if (scan === null) break;
      this.total++;
      const endLine = this.line + scan.innerLines;
      let error = scan.error;
      if (error === null && scan.fields !== REGISTER_COLUMN_COUNT)
        error = CSV_REASONS.columnCount(scan.fields);
      if (error === null && hasNul && buf.subarray(pos, scan.contentEnd).indexOf(0) !== -1)
        error = CSV_REASONS.nul;
      if (error !== null) {
        closeRun(pos);
        rejected.push({ line: endLine, reason: error });
      } else {
        this.emitted++;
        records++;
        const flags = this.inspect?.(buf, STARTS, ENDS) ?? 0;
        if (flags !== 0) noted.push({ record: this.emitted, flags });
        if (endLine - this.emitted !== this.offset) {
          this.offset = endLine - this.emitted;
          this.offsets.push([this.emitted, this.offset]);
        }
        this.eol ??= scan.eol ?? CRLF;
        if (scan.eol === this.eol) {
          if (runStart === -1) runStart = pos;
        } else {
          // PostgreSQL wants one line-end style in a COPY: write this record's end as the first one's.
          closeRun(pos);
          parts.push(buf.subarray(pos, scan.contentEnd), this.eol);
        }
      }
      this.line = endLine + (scan.eol === null ? 0 : 1);
      pos = scan.next;
    }
    closeRun(pos);
    if (!eof && buf.length - pos > MAX_RECORD_BYTES) {
      // A quote left open swallows the rest of the file: give up on this record at the next line end.
      const lf = buf.indexOf(LF, pos + MAX_RECORD_BYTES);
      if (lf !== -1) {
        this.total++;
        this.line += countLf(buf, pos, lf);
        rejected.push({ line: this.line, reason: CSV_REASONS.quoteNotClosed });
        this.line++;
        pos = lf + 1;
      }
    }
    this.pending = pos < buf.length ? Buffer.from(buf.subarray(pos)) : Buffer.alloc(0);
    let data = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    // Invalid UTF-8 would fail the whole COPY: decode such records with replacement characters.
    if (!isUtf8(data)) data = Buffer.from(data.toString('utf8'), 'utf8');
    return { data, records, rejected, noted };
  }
}

function countLf(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = buf.indexOf(LF, from); i !== -1 && i < to; i = buf.indexOf(LF, i + 1)) n++;
  return n;
}

/**
 * Reads one record starting at `start`: null when the data ends before the record does (and more
 * may come). A broken record runs to the next line feed.
 */
function scanRecord(buf: Buffer, start: number, eof: boolean): Scan | null {
  const len = buf.length;
  let i = start;
  let fields = 1;
  let innerLines = 0;
  const broken = (reason: string, from: number): Scan | null => {
    const lf = buf.indexOf(LF, from);
    if (lf === -1 && !eof) return null;
    const contentEnd = lf === -1 ? len : lf;
    return {
      next: lf === -1 ? len : lf + 1,
      contentEnd,
      eol: lf === -1 ? null : NEWLINE,
      fields,
      innerLines: innerLines + countLf(buf, from, contentEnd),
      error: reason,
    };
  };
  /** `at` is just past a field: the record ends there (a Scan), needs more data (null) or goes on ('next'). */
  const ends = (at: number): Scan | null | 'next' => {
    if (at >= len) {
      if (!eof) return null;
      return { next: len, contentEnd: len, eol: null, fields, innerLines, error: null };
    }
    const c = buf[at];
    if (c === LF) return { next: at + 1, contentEnd: at, eol: NEWLINE, fields, innerLines, error: null };
    if (c === CR) {
      if (at + 1 >= len) return eof ? broken(CSV_REASONS.strayCarriageReturn, at) : null;
      if (buf[at + 1] === LF)
        return { next: at + 2, contentEnd: at, eol: CRLF, fields, innerLines, error: null };
      return broken(CSV_REASONS.strayCarriageReturn, at);
    }
    return 'next'; // a comma
  };
  for (;;) {
    const field = fields - 1;
    if (i < len && buf[i] === QUOTE) {
      // Quoted field: up to a quote that is not doubled.
      if (field < REGISTER_COLUMN_COUNT) STARTS[field] = i + 1;
      let q = i + 1;
      for (;;) {
        const close = buf.indexOf(QUOTE, q);
        if (close === -1) {
          if (!eof) return null;
          innerLines += countLf(buf, q, len);
          return {
            next: len,
            contentEnd: len,
            eol: null,
            fields,
            innerLines,
            error: CSV_REASONS.quoteNotClosed,
          };
        }
        if (close + 1 >= len && !eof) return null;
        innerLines += countLf(buf, q, close);
        if (buf[close + 1] === QUOTE) {
          q = close + 2;
          continue;
        }
        if (field < REGISTER_COLUMN_COUNT) ENDS[field] = close;
        i = close + 1;
        break;
      }
      if (i < len && buf[i] !== COMMA && buf[i] !== LF && buf[i] !== CR)
        return broken(CSV_REASONS.invalidClosingQuote, i);
    } else {
      // Unquoted field: up to a comma or a line end; a quote inside is an error.
      const start = i;
      while (i < len) {
        const c = buf[i];
        if (c === COMMA || c === LF || c === CR) break;
        if (c === QUOTE) return broken(CSV_REASONS.invalidOpeningQuote, i);
        i++;
      }
      if (field < REGISTER_COLUMN_COUNT) {
        STARTS[field] = start;
        ENDS[field] = i;
      }
    }
    const end = ends(i);
    if (end !== 'next') return end;
    fields++;
    i++;
  }
}
