/**
 * A minimal ustar (POSIX tar) writer and reader for the backup archive: regular files only, names
 * up to 255 bytes (prefix + name), sizes below 8 GiB. The archive is gzipped around it, so
 * `tar tzf backup.tar.gz` lists it and `tar xzf` unpacks it with any tar.
 */
import type { Writable } from 'node:stream';

const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function splitName(name: string): { prefix: string; base: string } {
  const bytes = Buffer.byteLength(name);
  if (bytes <= 100) return { prefix: '', base: name };
  for (let i = name.lastIndexOf('/'); i > 0; i = name.lastIndexOf('/', i - 1)) {
    const prefix = name.slice(0, i);
    const base = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(base) <= 100) return { prefix, base };
  }
  throw new Error(`name too long for the archive: ${name}`);
}

export function tarHeader(name: string, size: number, mtime = Date.now()): Buffer {
  if (size >= 8 ** 11) throw new Error(`entry too large for the archive: ${name}`);
  const header = Buffer.alloc(BLOCK);
  const { prefix, base } = splitName(name);
  header.write(base, 0, 100, 'utf8');
  header.write(octal(0o644, 8), 100, 'ascii');
  header.write(octal(0, 8), 108, 'ascii');
  header.write(octal(0, 8), 116, 'ascii');
  header.write(octal(size, 12), 124, 'ascii');
  header.write(octal(Math.floor(mtime / 1000), 12), 136, 'ascii');
  header.write('        ', 148, 'ascii');
  header.write('0', 156, 'ascii');
  header.write('ustar\0', 257, 'ascii');
  header.write('00', 263, 'ascii');
  header.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return header;
}

/** Writes entries to a stream (with backpressure); `end()` writes the two closing blocks. */
export class TarWriter {
  constructor(private readonly out: Writable) {}

  private write(chunk: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      const ok = this.out.write(chunk, (error) => (error ? reject(error) : undefined));
      if (ok) resolve();
      else this.out.once('drain', resolve);
    });
  }

  async entry(name: string, data: Buffer, mtime?: number): Promise<void> {
    await this.write(tarHeader(name, data.length, mtime));
    await this.write(data);
    const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (pad) await this.write(Buffer.alloc(pad));
  }

  async end(): Promise<void> {
    await this.write(Buffer.alloc(BLOCK * 2));
    await new Promise<void>((resolve, reject) => {
      this.out.once('error', reject);
      this.out.end(() => resolve());
    });
  }
}

export interface TarEntry {
  name: string;
  data: Buffer;
  mtime: number;
}

function readString(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

/** The entries of a tar stream, each read whole (the backup keeps entries small: 8 MiB chunks). */
export async function* readTar(input: AsyncIterable<Buffer | string>): AsyncGenerator<TarEntry> {
  const chunks: Buffer[] = [];
  let length = 0;
  /** The next `n` bytes, once that many have arrived (chunks are joined only then). */
  const take = (n: number): Buffer | undefined => {
    if (length < n) return undefined;
    const all = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length);
    chunks.length = 0;
    if (all.length > n) chunks.push(all.subarray(n));
    length -= n;
    return all.subarray(0, n);
  };
  let pending: { name: string; size: number; mtime: number } | undefined;
  for await (const chunk of input) {
    const bytes = Buffer.from(chunk);
    chunks.push(bytes);
    length += bytes.length;
    for (;;) {
      if (!pending) {
        const header = take(BLOCK);
        if (!header) break;
        if (header.every((b) => b === 0)) return;
        if (readString(header, 257, 6) !== 'ustar') throw new Error('not a backup archive (no tar header)');
        let sum = 0;
        for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i];
        if (sum !== parseInt(readString(header, 148, 8).trim(), 8))
          throw new Error('damaged archive (header checksum)');
        const prefix = readString(header, 345, 155);
        const base = readString(header, 0, 100);
        pending = {
          name: prefix ? `${prefix}/${base}` : base,
          size: parseInt(readString(header, 124, 12).trim() || '0', 8),
          mtime: parseInt(readString(header, 136, 12).trim() || '0', 8) * 1000,
        };
      }
      const body = take(Math.ceil(pending.size / BLOCK) * BLOCK);
      if (!body) break;
      const entry = {
        name: pending.name,
        data: Buffer.from(body.subarray(0, pending.size)),
        mtime: pending.mtime,
      };
      pending = undefined;
      yield entry;
    }
  }
  if (pending || length) throw new Error('truncated archive');
}
