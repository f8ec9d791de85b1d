import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, crc32, createDeflateRaw } from 'node:zlib';

/** One entry of a test zip: its bytes as chunks (deflated as they come, so they may add up to GBs). */
export interface ZipEntryInput {
  name: string;
  chunks: Iterable<Buffer>;
  /** Stored (method 0) rather than deflated. */
  store?: boolean;
  /** The uncompressed size to write in the headers instead of the real one (a zip bomb's lie). */
  declaredSize?: number;
}

/**
 * A minimal zip writer for tests (no dependency): deflated or stored entries, sizes and CRC-32 in
 * the local and central headers, UTF-8 names. Only the compressed data is held in memory.
 */
export async function buildZip(entries: ZipEntryInput[]): Promise<Buffer> {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    let crc = 0;
    let size = 0;
    const data: Buffer[] = [];
    const counted = function* () {
      for (const chunk of entry.chunks) {
        crc = crc32(chunk, crc);
        size += chunk.length;
        yield chunk;
      }
    };
    if (entry.store) {
      for (const chunk of counted()) data.push(chunk);
    } else {
      await pipeline(
        Readable.from(counted()),
        createDeflateRaw({ level: constants.Z_BEST_COMPRESSION }),
        async (deflated: AsyncIterable<Buffer>) => {
          for await (const chunk of deflated) data.push(chunk);
        },
      );
    }
    const compressed = Buffer.concat(data);
    const name = Buffer.from(entry.name, 'utf8');
    const method = entry.store ? 0 : 8;
    const declared = entry.declaredSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x21, 12); // date: 1980-01-01
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4); // made by
    header.writeUInt16LE(20, 6); // needed
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt16LE(0, 12);
    header.writeUInt16LE(0x21, 14);
    header.writeUInt32LE(crc >>> 0, 16);
    header.writeUInt32LE(compressed.length, 20);
    header.writeUInt32LE(declared, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    parts.push(local, name, compressed);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

/** `total` bytes made of `unit` repeated (the last copy cut), in chunks of about 1 MB. */
export function* repeated(unit: Buffer, total: number): Generator<Buffer> {
  const copies = Math.max(1, Math.floor((1024 * 1024) / unit.length));
  const block = Buffer.concat(Array.from({ length: copies }, () => unit));
  for (let left = total; left > 0; left -= block.length)
    yield left >= block.length ? block : block.subarray(0, left);
}
