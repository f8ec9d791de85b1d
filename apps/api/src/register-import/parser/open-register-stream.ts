import { isUtf8 } from 'node:buffer';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline, Readable, Transform } from 'node:stream';
import { pipeline as pipelineAsync } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';
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

/**
 * What a zipped register may expand to. A zip bomb (2 MB of zip, 520 MB of CSV) passes the upload
 * limit. The sizes in a zip's headers are claims: an entry is refused at once when they already say
 * no, and while it streams both its compressed and its inflated bytes are counted (yauzl only
 * reads the raw data; we inflate), so reading stops at the first limit passed whatever the headers
 * said.
 */
export interface ZipLimits {
  /** Largest CSV (inflated bytes). The largest NTA prefecture file (東京都) expands to a few hundred MB. */
  maxExpandedBytes: number;
  /** Entries in the archive (the NTA's hold one CSV). */
  maxEntries: number;
  /**
   * Largest inflated/compressed ratio once `ratioAfterBytes` are inflated. Register CSVs compress
   * ~5:1 (yamaguchi-sample.zip 5.4:1); deflate cannot do much better than ~1000:1, and a file of the
   * same few records repeated ~150:1.
   */
  maxRatio: number;
  ratioAfterBytes: number;
}

const MB = 1024 * 1024;
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxExpandedBytes: 1024 * MB,
  maxEntries: 100,
  maxRatio: 100,
  ratioAfterBytes: 8 * MB,
};

/**
 * A zip past one of its {@link ZipLimits} (`declared_size`: its entry inflates to more than its
 * header says, the zip bomb's usual lie); reading stopped there.
 */
export class ZipLimitError extends Error {
  constructor(
    readonly limit: 'expanded_size' | 'entries' | 'ratio' | 'declared_size',
    readonly limits: ZipLimits,
  ) {
    super(
      {
        expanded_size: `the zip expands past ${Math.floor(limits.maxExpandedBytes / MB)} MB`,
        entries: `the zip has more than ${limits.maxEntries} entries`,
        ratio: `the zip is compressed more than ${limits.maxRatio}:1`,
        declared_size: 'the zip entry inflates to more than its header declares',
      }[limit],
    );
  }
}

/** Refuses an entry whose header already passes a limit, before anything is inflated. */
function checkDeclaredSizes(entry: yauzl.Entry, limits: ZipLimits): void {
  if (entry.uncompressedSize > limits.maxExpandedBytes) throw new ZipLimitError('expanded_size', limits);
  if (
    entry.uncompressedSize > limits.ratioAfterBytes &&
    entry.uncompressedSize > limits.maxRatio * entry.compressedSize
  )
    throw new ZipLimitError('ratio', limits);
}

/**
 * The entry's inflated bytes, counted against `limits` as they come, with the compressed bytes read
 * so far: past a limit, the streams are destroyed and a ZipLimitError thrown. Also checks that the
 * entry is as long as its header says (yauzl's own check is off: we count).
 */
async function openLimitedEntry(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  limits: ZipLimits,
): Promise<{ stream: Readable; chunks: Chunks }> {
  const deflated = entry.compressionMethod === 8;
  if (!deflated && entry.compressionMethod !== 0)
    throw new Error(`unsupported compression method ${entry.compressionMethod}`);
  // The raw bytes (yauzl inflates nothing): stored ones as they are, deflated ones inflated here.
  const raw = await (deflated
    ? zip.openReadStreamPromise(entry, { decompress: false })
    : zip.openReadStreamPromise(entry));
  let compressed = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      compressed += chunk.length;
      done(null, chunk);
    },
  });
  const stream = (
    deflated ? pipeline(raw, counter, createInflateRaw(), () => {}) : pipeline(raw, counter, () => {})
  ) as Readable;
  async function* limited(): AsyncGenerator<Buffer> {
    const chunks = stream[Symbol.asyncIterator]() as Chunks;
    let inflated = 0;
    try {
      for (;;) {
        const next = await chunks.next();
        if (next.done) break;
        const buf = toBuffer(next.value);
        inflated += buf.length;
        // Counted, not claimed: the header checks above only refuse early what would fail here anyway.
        if (inflated > limits.maxExpandedBytes) throw new ZipLimitError('expanded_size', limits);
        if (inflated > limits.ratioAfterBytes && inflated > limits.maxRatio * Math.max(compressed, 1))
          throw new ZipLimitError('ratio', limits);
        if (inflated > entry.uncompressedSize) throw new ZipLimitError('declared_size', limits);
        yield buf;
      }
      if (inflated < entry.uncompressedSize)
        throw new Error('the zip entry ends before its declared size (corrupt zip archive)');
    } finally {
      await chunks.return?.();
      stream.destroy();
    }
  }
  return { stream, chunks: limited() };
}

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
async function openZipCsv(
  path: string,
  cleanup: () => Promise<void>,
  limits: ZipLimits,
): Promise<ByteSource> {
  let zip: yauzl.ZipFile | undefined;
  let entryStream: Readable | undefined;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: false });
    if (zip.entryCount > limits.maxEntries) throw new ZipLimitError('entries', limits);
    let csv: yauzl.Entry | undefined;
    for await (const entry of zip.eachEntry()) {
      const name = entry.fileName;
      if (!name.endsWith('/') && !name.startsWith('__MACOSX/') && CSV_ENTRY.test(name)) {
        csv = entry;
        break;
      }
    }
    if (csv === undefined) throw new Error('ZIPファイルにCSVがありません (no .csv entry in the zip archive)');
    checkDeclaredSizes(csv, limits);
    const entry = await openLimitedEntry(zip, csv, limits);
    entryStream = entry.stream;
    // Closing only drops the archive's own reference: the descriptor stays open until the entry
    // stream ends or is destroyed.
    zip.close();
    const rest = entry.chunks;
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
  /** Limits of a zip's expansion (default {@link DEFAULT_ZIP_LIMITS}). */
  zipLimits?: Partial<ZipLimits>;
}

async function openBytes(input: string | Readable, tempDir: string, limits: ZipLimits): Promise<ByteSource> {
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
    return openZipCsv(input, async () => {}, limits);
  }
  // A zip needs random access to its central directory (at the end): spool the stream to a
  // temporary file instead of holding it in memory.
  const dir = await mkdtemp(join(tempDir, 'nta-register-'));
  const removeDir = once(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'register.zip');
  try {
    await pipelineAsync(Readable.from(prepend(head, done, chunks)), createWriteStream(file));
  } catch (err) {
    await closeChunks(chunks);
    await removeDir();
    throw err;
  }
  return openZipCsv(file, removeDir, limits);
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
 * returned stream ends or is destroyed. A zip past its {@link ZipLimits} fails with a ZipLimitError
 * (when opened, or from the stream as soon as the inflated bytes pass a limit).
 */
export async function openRegisterStream(
  input: string | Readable,
  options: OpenRegisterStreamOptions = {},
): Promise<Readable> {
  const source = await openBytes(input, options.tempDir ?? tmpdir(), {
    ...DEFAULT_ZIP_LIMITS,
    ...options.zipLimits,
  });
  const sample = source.head.subarray(0, ENCODING_SAMPLE_BYTES);
  const encoding = detectRegisterEncoding(sample, source.done && sample.length === source.head.length);
  const text = Readable.from(utf8Chunks(source, encoding), { objectMode: false });
  // Also release the source when the stream is destroyed before it was ever read.
  text.once('close', () => void source.close().catch(() => {}));
  return text;
}
