import { isUtf8 } from 'node:buffer';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as iconv from 'iconv-lite';
import * as yauzl from 'yauzl';

/** Bytes inspected to tell UTF-8 from Shift_JIS. */
export const ENCODING_SAMPLE_BYTES = 64 * 1024;
const READ_CHUNK_BYTES = 256 * 1024;

/** 'cp932' (Windows-31J) is the superset of Shift_JIS the NTA actually writes. */
export type RegisterEncoding = 'utf8' | 'cp932';

type Chunks = AsyncIterator<Buffer | string>;

interface ByteSource {
  /** The first bytes (at least ENCODING_SAMPLE_BYTES unless the data is shorter). */
  head: Buffer;
  /** True when `head` is all there is. */
  done: boolean;
  /** The bytes after `head`. */
  rest: Chunks;
  /** Releases file handles / temporary files; safe to call more than once. */
  close(): Promise<void>;
}

const CSV_ENTRY = /\.csv$/i;

const toBuffer = (chunk: Buffer | string): Buffer => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk);

/** 'PK\x03\x04' (local file header) or 'PK\x05\x06' (an empty archive's end record). */
export function isZipMagic(head: Buffer): boolean {
  return (
    head.length >= 4 &&
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    ((head[2] === 0x03 && head[3] === 0x04) || (head[2] === 0x05 && head[3] === 0x06))
  );
}

/**
 * Length of `buf` without a multi-byte UTF-8 sequence that is cut off at its end (a sample taken
 * from a longer stream may end in the middle of a character).
 */
function withoutTruncatedUtf8Tail(buf: Buffer): number {
  const len = buf.length;
  // A sequence is at most 4 bytes: look back past up to 3 continuation bytes for its lead byte.
  for (let i = len - 1; i >= 0 && i >= len - 4; i--) {
    const b = buf[i];
    if ((b & 0xc0) === 0x80) continue; // continuation byte
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return i + need > len ? i : len;
  }
  return len;
}

/**
 * UTF-8 when the sample is valid UTF-8 (pure ASCII included), otherwise CP932/Shift_JIS.
 * `complete` says whether the sample is the whole input; if not, a character cut off at the end of
 * the sample is ignored.
 */
export function detectRegisterEncoding(sample: Buffer, complete: boolean): RegisterEncoding {
  const end = complete ? sample.length : withoutTruncatedUtf8Tail(sample);
  return isUtf8(sample.subarray(0, end)) ? 'utf8' : 'cp932';
}

function hasUtf8Bom(buf: Buffer): boolean {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
}

/** Reads from `chunks` until at least `min` bytes are gathered or the data ends. */
async function readHead(chunks: Chunks, min: number): Promise<{ head: Buffer; done: boolean }> {
  const parts: Buffer[] = [];
  let size = 0;
  while (size < min) {
    const next = await chunks.next();
    if (next.done) return { head: Buffer.concat(parts, size), done: true };
    const buf = toBuffer(next.value);
    parts.push(buf);
    size += buf.length;
  }
  return { head: parts.length === 1 ? parts[0] : Buffer.concat(parts, size), done: false };
}

async function* prepend(head: Buffer, done: boolean, rest: Chunks): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  if (done) return;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield toBuffer(next.value);
  }
}

const closeChunks = async (chunks: Chunks): Promise<void> => {
  await chunks.return?.();
};

/** Opens the first *.csv entry of a zip archive on disk (streamed, never buffered whole). */
async function openZipCsv(path: string, cleanup: () => Promise<void>): Promise<ByteSource> {
  let zip: yauzl.ZipFile | undefined;
  let entryStream: Readable | undefined;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
    let csv: yauzl.Entry | undefined;
    for await (const entry of zip.eachEntry()) {
      const name = entry.fileName;
      if (!name.endsWith('/') && !name.startsWith('__MACOSX/') && CSV_ENTRY.test(name)) {
        csv = entry;
        break;
      }
    }
    if (csv === undefined) throw new Error('ZIPファイルにCSVがありません (no .csv entry in the zip archive)');
    entryStream = await zip.openReadStreamPromise(csv);
    // Closing only drops the archive's own reference: the descriptor stays open until the entry
    // stream ends or is destroyed.
    zip.close();
    const rest = entryStream[Symbol.asyncIterator]() as Chunks;
    const { head, done } = await readHead(rest, ENCODING_SAMPLE_BYTES);
    return {
      head,
      done,
      rest,
      close: once(async () => Promise.all([closeChunks(rest), cleanup()]).then(() => {})),
    };
  } catch (err) {
    entryStream?.destroy();
    zip?.close();
    await cleanup();
    throw err;
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let promise: Promise<void> | undefined;
  return () => (promise ??= fn());
}

export interface OpenRegisterStreamOptions {
  /** Where a zip given as a stream is spooled (default: the OS temporary directory). */
  tempDir?: string;
}

async function openBytes(input: string | Readable, tempDir: string): Promise<ByteSource> {
  const chunks: Chunks = (
    typeof input === 'string' ? createReadStream(input, { highWaterMark: READ_CHUNK_BYTES }) : input
  )[Symbol.asyncIterator]();
  let head: Buffer;
  let done: boolean;
  try {
    ({ head, done } = await readHead(chunks, ENCODING_SAMPLE_BYTES));
  } catch (err) {
    await closeChunks(chunks);
    throw err;
  }
  if (!isZipMagic(head)) return { head, done, rest: chunks, close: once(() => closeChunks(chunks)) };

  if (typeof input === 'string') {
    await closeChunks(chunks);
    return openZipCsv(input, async () => {});
  }
  // A zip needs random access to its central directory (at the end): spool the stream to a
  // temporary file instead of holding it in memory.
  const dir = await mkdtemp(join(tempDir, 'nta-register-'));
  const removeDir = once(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'register.zip');
  try {
    await pipeline(Readable.from(prepend(head, done, chunks)), createWriteStream(file));
  } catch (err) {
    await closeChunks(chunks);
    await removeDir();
    throw err;
  }
  return openZipCsv(file, removeDir);
}

/** The bytes as UTF-8: passed through (BOM dropped) or transcoded from CP932. */
async function* utf8Chunks(source: ByteSource, encoding: RegisterEncoding): AsyncGenerator<Buffer> {
  try {
    const decoder = encoding === 'cp932' ? iconv.getDecoder('cp932', { stripBOM: false }) : null;
    const recode = (buf: Buffer): Buffer =>
      decoder === null ? buf : Buffer.from(decoder.write(buf), 'utf8');
    let chunk = recode(
      encoding === 'utf8' && hasUtf8Bom(source.head) ? source.head.subarray(3) : source.head,
    );
    if (chunk.length > 0) yield chunk;
    if (!source.done) {
      for (;;) {
        const next = await source.rest.next();
        if (next.done) break;
        chunk = recode(toBuffer(next.value));
        if (chunk.length > 0) yield chunk;
      }
    }
    const tail = decoder?.end();
    if (tail) yield Buffer.from(tail, 'utf8');
  } finally {
    await source.close();
  }
}

/**
 * Opens a corporate-number register file (基本3情報 CSV) and returns its text as a stream of UTF-8
 * bytes: Buffer chunks with no BOM, whatever the source encoding (call `.setEncoding('utf8')` on it to
 * read strings; a chunk may end inside a multi-byte character). Bytes rather than strings because
 * the import frames records as bytes and PostgreSQL's COPY reads them: UTF-8 passes through untouched.
 *
 * `input` is a file path or a byte stream; either may be a zip archive (recognised by its magic
 * bytes), in which case the first *.csv entry is read. The encoding is detected from the first 64 KB:
 * valid UTF-8 (a BOM is dropped), otherwise Shift_JIS, decoded with iconv-lite as CP932. Nothing is
 * held in memory whole: a zip given as a stream is spooled to a temporary file, removed when the
 * returned stream ends or is destroyed.
 */
export async function openRegisterStream(
  input: string | Readable,
  options: OpenRegisterStreamOptions = {},
): Promise<Readable> {
  const source = await openBytes(input, options.tempDir ?? tmpdir());
  const sample = source.head.subarray(0, ENCODING_SAMPLE_BYTES);
  const encoding = detectRegisterEncoding(sample, source.done && sample.length === source.head.length);
  const text = Readable.from(utf8Chunks(source, encoding), { objectMode: false });
  // Also release the source when the stream is destroyed before it was ever read.
  text.once('close', () => void source.close().catch(() => {}));
  return text;
}
