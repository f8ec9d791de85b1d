/**
 * Streaming XLSX export (exceljs WorkbookWriter: rows are committed as they are added, so memory
 * stays flat for 1,000,000-row exports; inline strings, no shared-strings table).
 *
 * Every sheet gets a bold header row, a frozen first row and an auto filter over the header and
 * data. Cells are typed by their column: numbers are numbers, dates are real Excel dates showing the
 * Japanese date/time (JST wall clock, whatever the server's time zone), booleans are booleans, and
 * text is always text — never a formula — and formula-like text gets a leading apostrophe
 * (safeCellText) so it stays harmless when copied to CSV or another program.
 */
import { Writable } from 'stream';
import ExcelJS from 'exceljs';
import { isIsoDate, jstDateOf, jstDateTimeOf, parseIsoDate, toJstDate, toJstWallClock } from '../japanese';
import { EXCEL_MAX_CELL_TEXT, safeCellText, stripXmlInvalidChars } from './safe-cell';

export type XlsxColumnType = 'string' | 'number' | 'date' | 'datetime' | 'boolean';

export interface XlsxColumn {
  header: string;
  /** Property name when rows are given as objects. */
  key?: string;
  /** Width in characters; default from the header (full-width characters count double) and type. */
  width?: number;
  type: XlsxColumnType;
  /** Excel number format; defaults: date 'yyyy-mm-dd', datetime 'yyyy-mm-dd hh:mm'. Example: '#,##0'. */
  numFmt?: string;
}

export interface XlsxSheetOptions {
  columns: readonly XlsxColumn[];
  /** Freeze the header row. Default true. */
  freezeHeader?: boolean;
  /** Auto filter over the header and data. Default true. */
  autoFilter?: boolean;
}

/** A row: values in column order, or an object keyed by the columns' `key`. */
export type XlsxRowInput = readonly unknown[] | Readonly<Record<string, unknown>>;

export interface XlsxSheet {
  readonly name: string;
  /** Data rows written so far (without the header). */
  readonly rowCount: number;
  /** Writes (and commits) one row. Throws after commit or beyond Excel's 1,048,576 rows. */
  addRow(values: XlsxRowInput): void;
  /** Ends the sheet; no more rows. Done automatically by the next addSheet() and by finish(). */
  commit(): void;
}

export interface XlsxWorkbook {
  /** Adds a sheet, committing the previous one (sheets are written one after another). */
  addSheet(name: string, options: XlsxSheetOptions): XlsxSheet;
  /**
   * Back-pressure: resolves when the output can take more data. In long loops call
   * `await wb.drain()` every few hundred rows (or use writeXlsxRows) to keep memory flat when the
   * output (an HTTP response) is slower than the producer. Rejects once the output was closed or
   * failed (the client went away), so the loop stops.
   */
  drain(): Promise<void>;
  /** Commits everything and resolves once the output stream has finished. */
  finish(): Promise<void>;
}

export interface XlsxWriter {
  addRow(values: XlsxRowInput): void;
  readonly rowCount: number;
  drain(): Promise<void>;
  finish(): Promise<void>;
}

export interface XlsxWorkbookOptions {
  creator?: string;
  /** Workbook timestamps; default now. */
  created?: Date;
}

export const EXCEL_MAX_ROWS = 1_048_576;
const DEFAULT_NUM_FMT: Record<XlsxColumnType, string | undefined> = {
  string: undefined,
  number: undefined,
  boolean: undefined,
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
};
const DEFAULT_MIN_WIDTH: Record<XlsxColumnType, number> = {
  string: 10,
  number: 8,
  boolean: 8,
  date: 12,
  datetime: 17,
};
const DRAIN_EVERY = 500;

/** Display width of text in Excel columns: full-width (East Asian wide) characters count 2. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    width +=
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      cp >= 0x1f300
        ? 2
        : 1;
  }
  return width;
}

/** Excel sheet names: ≤ 31 characters, none of : \ / ? * [ ], not starting/ending with an apostrophe. */
export function sanitizeSheetName(name: string): string {
  const cleaned = stripXmlInvalidChars(name)
    .replace(/[:\\/?*[\]]/g, '_')
    .replace(/^'+|'+$/g, '')
    .trim();
  return Array.from(cleaned).slice(0, 31).join('') || 'Sheet';
}

function columnLetter(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

function textCell(value: string): string {
  let s = stripXmlInvalidChars(value);
  if (s.length > EXCEL_MAX_CELL_TEXT) s = s.slice(0, EXCEL_MAX_CELL_TEXT);
  return safeCellText(s);
}

/** Any value as display text (used for string columns and as the fallback of typed columns). */
function toText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return textCell(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : jstDateTimeOf(value);
  if (Array.isArray(value)) return textCell(value.map((v) => toText(v) ?? '').join(', '));
  return textCell(JSON.stringify(value) ?? '');
}

/** Midnight UTC of a calendar date: exceljs turns the Date's UTC fields into the Excel serial. */
function calendarDateCell(iso: string): Date {
  const { year, month, day } = parseIsoDate(iso);
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d;
}

function toDateCell(value: unknown, withTime: boolean): Date | string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    return withTime ? toJstWallClock(value) : calendarDateCell(jstDateOf(value));
  }
  if (typeof value === 'string') {
    if (isIsoDate(value)) return calendarDateCell(value);
    try {
      const iso = toJstDate(value);
      if (!withTime) return calendarDateCell(iso);
      const instant = new Date(
        /(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value.replace(' ', 'T')}+09:00`,
      );
      return toJstWallClock(instant);
    } catch {
      return toText(value);
    }
  }
  return toText(value);
}

function toNumberCell(value: unknown): number | string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : String(value);
  }
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return toText(value);
}

function toBooleanCell(value: unknown): boolean | string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 1) return true;
  if (value === 'false' || value === 0) return false;
  return toText(value);
}

function toCell(type: XlsxColumnType, value: unknown): ExcelJS.CellValue {
  switch (type) {
    case 'string':
      return toText(value);
    case 'number':
      return toNumberCell(value);
    case 'date':
      return toDateCell(value, false);
    case 'datetime':
      return toDateCell(value, true);
    case 'boolean':
      return toBooleanCell(value);
  }
}

type Emitter = Pick<Writable, 'once' | 'off'>;

const outputClosed = (): Error => new Error('XLSX output closed before the workbook was finished');

/**
 * Resolves on `stream`'s 'drain'; rejects when `output` errors or closes first (a client that went
 * away), so that a producer loop awaiting it stops instead of hanging.
 */
function onceDrained(stream: Emitter, output: Emitter): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      stream.off('drain', onDrain);
      output.off('close', onClose);
      output.off('error', onError);
    };
    const onDrain = (): void => {
      cleanup();
      resolve();
    };
    const onClose = (): void => {
      cleanup();
      reject(outputClosed());
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    stream.once('drain', onDrain);
    output.once('close', onClose);
    output.once('error', onError);
  });
}

/**
 * exceljs writes each sheet's XML into the zip entry stream without honouring back-pressure, so a
 * fast producer piles up uncompressed XML there. This peeks at that stream's buffered length (exceljs
 * 4 internals: worksheet.stream is a StreamBuf whose `pipes[0]` is the zip entry's PassThrough);
 * if the internals ever change, it degrades to "no information" and drain() only yields.
 */
function sheetEntryBacklog(
  worksheet: ExcelJS.Worksheet | undefined,
): { stream: Emitter; length: number } | undefined {
  const internal = worksheet as unknown as { stream?: { pipes?: unknown[] } } | undefined;
  const pipe = internal?.stream?.pipes?.[0] as
    (Emitter & { _writableState?: { length?: unknown } }) | undefined;
  const length = pipe?._writableState?.length;
  return pipe && typeof pipe.once === 'function' && typeof length === 'number'
    ? { stream: pipe, length }
    : undefined;
}

const SHEET_BACKLOG_LIMIT = 1 << 20; // 1 MiB of uncompressed XML

async function waitForRoom(output: Writable, worksheet: ExcelJS.Worksheet | undefined): Promise<void> {
  if (output.destroyed) throw outputClosed();
  const backlog = sheetEntryBacklog(worksheet);
  if (backlog && backlog.length > SHEET_BACKLOG_LIMIT) await onceDrained(backlog.stream, output);
  if (output.writableNeedDrain) await onceDrained(output, output);
  else await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * A multi-sheet streaming workbook written to `output` (an HTTP response, a file stream …).
 *
 *   const wb = createXlsxWorkbook(res);
 *   const s = wb.addSheet('訪問', { columns: [{ header: '訪問日', type: 'date' }, …] });
 *   for (const v of visits) s.addRow([v.visitedAt, …]);
 *   const t = wb.addSheet('セミナー', { columns: … });   // commits 訪問
 *   await wb.finish();
 */
export function createXlsxWorkbook(output: Writable, options: XlsxWorkbookOptions = {}): XlsxWorkbook {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = options.creator ?? 'outreach-crm';
  workbook.created = options.created ?? new Date();
  workbook.modified = workbook.created;

  const usedNames = new Set<string>();
  let current: XlsxSheet | undefined;
  let currentWorksheet: ExcelJS.Worksheet | undefined;
  let finished = false;

  const uniqueName = (name: string): string => {
    const base = sanitizeSheetName(name);
    let candidate = base;
    for (let i = 2; usedNames.has(candidate.toLowerCase()); i++) {
      const suffix = ` (${i})`;
      candidate =
        Array.from(base)
          .slice(0, 31 - suffix.length)
          .join('') + suffix;
    }
    usedNames.add(candidate.toLowerCase());
    return candidate;
  };

  const addSheet = (requestedName: string, sheetOptions: XlsxSheetOptions): XlsxSheet => {
    if (finished) throw new Error('workbook already finished');
    const columns = sheetOptions.columns;
    if (columns.length === 0) throw new RangeError('a sheet needs at least one column');
    current?.commit();

    const name = uniqueName(requestedName);
    const freeze = sheetOptions.freezeHeader ?? true;
    const worksheet = workbook.addWorksheet(name, {
      views: freeze ? [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }] : [],
    });
    currentWorksheet = worksheet;
    worksheet.columns = columns.map((c) => ({
      key: c.key,
      width: c.width ?? Math.min(60, Math.max(DEFAULT_MIN_WIDTH[c.type], displayWidth(c.header) + 2)),
    }));
    // One shared style object per column: exceljs caches style ids by object identity, so sharing
    // them (instead of exceljs's per-cell merged copies) saves a style lookup per cell.
    const styles: Partial<ExcelJS.Style>[] = columns.map((c) => {
      const numFmt = c.numFmt ?? DEFAULT_NUM_FMT[c.type];
      return numFmt ? { numFmt } : {};
    });
    const headerStyle: Partial<ExcelJS.Style> = { font: { bold: true } };

    const header = worksheet.addRow(columns.map((c) => textCell(c.header)));
    for (let i = 0; i < columns.length; i++) header.getCell(i + 1).style = headerStyle;
    header.commit();

    const types = columns.map((c) => c.type);
    const keys = columns.map((c) => c.key);
    let rowCount = 0;
    let committed = false;

    const sheet: XlsxSheet = {
      name,
      get rowCount() {
        return rowCount;
      },
      addRow(values: XlsxRowInput): void {
        if (committed) throw new Error(`sheet ${name} is already committed`);
        if (rowCount + 2 > EXCEL_MAX_ROWS)
          throw new RangeError(`Excel allows at most ${EXCEL_MAX_ROWS} rows per sheet`);
        const cells: ExcelJS.CellValue[] = new Array<ExcelJS.CellValue>(types.length);
        if (Array.isArray(values)) {
          for (let i = 0; i < types.length; i++) cells[i] = toCell(types[i], values[i]);
        } else {
          const record = values as Readonly<Record<string, unknown>>;
          for (let i = 0; i < types.length; i++) {
            const key = keys[i];
            cells[i] = key === undefined ? null : toCell(types[i], record[key]);
          }
        }
        const row = worksheet.addRow(cells);
        for (let i = 0; i < styles.length; i++) row.getCell(i + 1).style = styles[i];
        row.commit();
        rowCount++;
      },
      commit(): void {
        if (committed) return;
        committed = true;
        if (sheetOptions.autoFilter ?? true) {
          worksheet.autoFilter = `A1:${columnLetter(columns.length)}${rowCount + 1}`;
        }
        worksheet.commit();
        if (current === sheet) {
          current = undefined;
          currentWorksheet = undefined;
        }
      },
    };
    current = sheet;
    return sheet;
  };

  return {
    addSheet,
    drain: () => waitForRoom(output, currentWorksheet),
    async finish(): Promise<void> {
      if (finished) throw new Error('workbook already finished');
      if (usedNames.size === 0) addSheet('Sheet1', { columns: [{ header: '', type: 'string' }] });
      finished = true;
      current?.commit();
      if (output.destroyed) throw outputClosed();
      // exceljs resolves commit() on the output's 'finish' only: also settle if it closes or fails first.
      let onClose = (): void => undefined;
      let onError = (_error: Error): void => undefined;
      const aborted = new Promise<never>((_resolve, reject) => {
        onClose = () => {
          if (!output.writableFinished) reject(outputClosed());
        };
        onError = (error) => reject(error);
        output.once('close', onClose);
        output.once('error', onError);
      });
      try {
        await Promise.race([workbook.commit(), aborted]);
      } finally {
        output.off('close', onClose);
        output.off('error', onError);
      }
    },
  };
}

/** Single-sheet streaming XLSX writer: addRow() per row, then `await finish()`. */
export function createXlsxWriter(
  output: Writable,
  options: XlsxSheetOptions & XlsxWorkbookOptions & { sheetName: string },
): XlsxWriter {
  const workbook = createXlsxWorkbook(output, options);
  const sheet = workbook.addSheet(options.sheetName, options);
  return {
    addRow: (values) => sheet.addRow(values),
    get rowCount() {
      return sheet.rowCount;
    },
    drain: () => workbook.drain(),
    finish: () => workbook.finish(),
  };
}

/**
 * Writes all rows of a (possibly async) source to a sheet or single-sheet writer, awaiting
 * back-pressure every few hundred rows. Returns the number of rows written.
 */
export async function writeXlsxRows(
  target: { addRow(values: XlsxRowInput): void; drain?: () => Promise<void> },
  rows: Iterable<XlsxRowInput> | AsyncIterable<XlsxRowInput>,
  drain: () => Promise<void> = () => (target.drain ? target.drain() : Promise.resolve()),
): Promise<number> {
  let n = 0;
  for await (const row of rows) {
    target.addRow(row);
    if (++n % DRAIN_EVERY === 0) await drain();
  }
  return n;
}
