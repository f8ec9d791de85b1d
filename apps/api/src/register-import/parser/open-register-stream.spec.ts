import { createReadStream, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import * as iconv from 'iconv-lite';
import { buildZip, repeated } from '../../../../../test/register-import/zip-writer';
import {
  DEFAULT_ZIP_LIMITS,
  detectRegisterEncoding,
  ENCODING_SAMPLE_BYTES,
  isZipMagic,
  openRegisterStream,
  ZipLimitError,
} from './open-register-stream';

const FIXTURES = join(__dirname, '../../../../../test/fixtures/nta');
const SAMPLE = join(FIXTURES, 'yamaguchi-sample.csv');

async function readAll(stream: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/** A byte stream delivering `buf` in pieces of `size` bytes. */
function chunked(buf: Buffer, size: number): Readable {
  const pieces: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) pieces.push(buf.subarray(i, i + size));
  return Readable.from(pieces);
}

/** Waits (up to 5 s) for `dir` to be empty again. */
async function expectEmptyEventually(dir: string): Promise<void> {
  for (let i = 0; i < 100 && (await readdir(dir)).length > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(await readdir(dir)).toEqual([]);
}

describe('detectRegisterEncoding', () => {
  it('takes ASCII and valid UTF-8 as UTF-8, Shift_JIS as CP932', () => {
    expect(detectRegisterEncoding(Buffer.from('1,7000012050002,01'), true)).toBe('utf8');
    expect(detectRegisterEncoding(Buffer.from('"山口県","岩国市"'), true)).toBe('utf8');
    expect(detectRegisterEncoding(iconv.encode('"山口県","岩国市"', 'Shift_JIS'), true)).toBe('cp932');
  });

  it('ignores a UTF-8 character cut off at the end of a partial sample', () => {
    const bytes = Buffer.from('"岩国市"');
    const cut = bytes.subarray(0, 3); // '"' + the first two of the three bytes of 岩
    expect(detectRegisterEncoding(cut, false)).toBe('utf8');
    // …but not when the sample is the whole input.
    expect(detectRegisterEncoding(cut, true)).toBe('cp932');
    // A 4-byte character cut after 1, 2 and 3 bytes.
    const emoji = Buffer.from('a😀');
    for (let n = 2; n <= 4; n++) expect(detectRegisterEncoding(emoji.subarray(0, n), false)).toBe('utf8');
  });

  it('recognises a zip by its magic bytes', () => {
    expect(isZipMagic(Buffer.from('PK\x03\x04rest', 'latin1'))).toBe(true);
    expect(isZipMagic(Buffer.from('1,7000012050002'))).toBe(false);
    expect(isZipMagic(Buffer.from('PK'))).toBe(false);
  });
});

describe('openRegisterStream', () => {
  let sampleText: string;
  beforeAll(async () => {
    sampleText = await readFile(SAMPLE, 'utf8');
  });

  it('streams a UTF-8 file as is', async () => {
    expect(await readAll(await openRegisterStream(SAMPLE))).toBe(sampleText);
  });

  it('strips a UTF-8 BOM', async () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sampleText)]);
    expect(await readAll(await openRegisterStream(chunked(withBom, 1000)))).toBe(sampleText);
  });

  it('transcodes Shift_JIS (CP932), also across chunk boundaries inside characters', async () => {
    const sjis = iconv.encode(sampleText, 'Shift_JIS');
    expect(await readAll(await openRegisterStream(chunked(sjis, 4097)))).toBe(sampleText);
    // CP932-only characters (NEC special ① and IBM extension 髙) survive.
    const cp932 = iconv.encode('"①髙橋"\r\n', 'cp932');
    expect(await readAll(await openRegisterStream(Readable.from([cp932])))).toBe('"①髙橋"\r\n');
  });

  it('keeps UTF-8 when the 64 KB sample ends inside a character', async () => {
    // Pad so that a 3-byte character straddles the end of the sample.
    const head = 'a'.repeat(ENCODING_SAMPLE_BYTES - 1);
    const text = `${head}岩国市\r\n`;
    expect(await readAll(await openRegisterStream(chunked(Buffer.from(text), 10_000)))).toBe(text);
  });

  it('reads the first CSV entry of a zip given as a path', async () => {
    expect(await readAll(await openRegisterStream(join(FIXTURES, 'yamaguchi-sample.zip')))).toBe(sampleText);
  });

  describe('zip given as a stream', () => {
    let tempDir: string;
    beforeEach(async () => {
      tempDir = await mkdtemp(join(tmpdir(), 'register-spool-test-'));
    });
    afterEach(async () => {
      await rm(tempDir, { recursive: true, force: true });
    });

    it('is read, and its temporary copy removed', async () => {
      const stream = createReadStream(join(FIXTURES, 'yamaguchi-sample.zip'), { highWaterMark: 1024 });
      const text = await openRegisterStream(stream, { tempDir });
      expect(await readdir(tempDir)).toHaveLength(1);
      expect(await readAll(text)).toBe(sampleText);
      await expectEmptyEventually(tempDir);
    });

    it('has its temporary copy removed when the stream is destroyed unread', async () => {
      const text = await openRegisterStream(createReadStream(join(FIXTURES, 'yamaguchi-sample.zip')), {
        tempDir,
      });
      text.destroy();
      await expectEmptyEventually(tempDir);
    });

    it('without a CSV entry fails and leaves nothing behind', async () => {
      await expect(
        openRegisterStream(createReadStream(join(FIXTURES, 'no-csv.zip')), { tempDir }),
      ).rejects.toThrow(/no \.csv entry/);
      expect(await readdir(tempDir)).toEqual([]);
    });
  });

  it('fails for a zip without a CSV entry', async () => {
    await expect(openRegisterStream(join(FIXTURES, 'no-csv.zip'))).rejects.toThrow(/no \.csv entry/);
  });

  it('fails for a missing file', async () => {
    await expect(openRegisterStream(join(FIXTURES, 'does-not-exist.csv'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('handles an empty input', async () => {
    expect(await readAll(await openRegisterStream(Readable.from([])))).toBe('');
  });
});

describe('openRegisterStream: zip limits (zip bombs)', () => {
  const sample = readFileSync(SAMPLE);
  /** A few records of the sample, repeated: deflate squeezes them ~150:1. */
  const unit = sample.subarray(0, sample.indexOf(0x0a, 16_000) + 1);
  const MB = 1024 * 1024;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zip-limits-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function zipFile(name: string, entries: Parameters<typeof buildZip>[0]): Promise<string> {
    const file = join(dir, name);
    await writeFile(file, await buildZip(entries));
    return file;
  }

  /** Reads the stream to its end or first error; returns the bytes read and the error. */
  async function drain(stream: Readable): Promise<{ bytes: number; error?: unknown }> {
    let bytes = 0;
    try {
      for await (const chunk of stream) bytes += (chunk as Buffer).length;
      return { bytes };
    } catch (error) {
      return { bytes, error };
    }
  }

  it('reads a zip within the limits as before', async () => {
    const file = await zipFile('ok.zip', [{ name: 'ok.csv', chunks: [sample] }]);
    expect(await readAll(await openRegisterStream(file))).toBe(sample.toString('utf8'));
  });

  it('refuses an entry whose header already says it is too large or too compressed, reading nothing', async () => {
    const bomb = await zipFile('bomb.zip', [{ name: 'bomb.csv', chunks: repeated(unit, 64 * MB) }]);
    await expect(openRegisterStream(bomb)).rejects.toMatchObject({ name: 'Error', limit: 'ratio' });
    await expect(openRegisterStream(bomb)).rejects.toBeInstanceOf(ZipLimitError);
    const big = await zipFile('big.zip', [{ name: 'big.csv', chunks: [sample, sample, sample] }]);
    await expect(
      openRegisterStream(big, { zipLimits: { maxExpandedBytes: 2 * sample.length } }),
    ).rejects.toMatchObject({ limit: 'expanded_size' });
  });

  it('counts the inflated bytes as they stream, whatever the header claims', async () => {
    // The header claims a plausible size (50:1): the real ratio shows once 8 MB are inflated.
    const plain = await buildZip([{ name: 'x.csv', chunks: repeated(unit, 64 * MB) }]);
    const lying = await zipFile('lying.zip', [
      { name: 'lying.csv', chunks: repeated(unit, 64 * MB), declaredSize: plain.length * 50 },
    ]);
    expect(plain.length * 50).toBeGreaterThan(DEFAULT_ZIP_LIMITS.ratioAfterBytes);
    const ratio = await drain(await openRegisterStream(lying));
    expect(ratio.error).toBeInstanceOf(ZipLimitError);
    expect(ratio.error).toMatchObject({ limit: 'ratio' });
    expect(ratio.bytes).toBeLessThanOrEqual(DEFAULT_ZIP_LIMITS.ratioAfterBytes + MB);
    // The header claims less than the entry holds: it stops right there.
    const short = await zipFile('short.zip', [
      { name: 'short.csv', chunks: repeated(unit, 4 * MB), declaredSize: 100_000 },
    ]);
    const declared = await drain(await openRegisterStream(short));
    expect(declared.error).toMatchObject({ limit: 'declared_size' });
    expect(declared.bytes).toBeLessThanOrEqual(100_000);
  });

  it('refuses an archive of too many entries', async () => {
    const many = await zipFile(
      'many.zip',
      Array.from({ length: DEFAULT_ZIP_LIMITS.maxEntries + 1 }, (_, i) => ({
        name: `part-${i}.csv`,
        chunks: [Buffer.from('x\n')],
      })),
    );
    await expect(openRegisterStream(many)).rejects.toMatchObject({ limit: 'entries' });
  });

  it('fails an entry shorter than its header says (corrupt), not as a limit', async () => {
    const file = await zipFile('truncated.zip', [
      { name: 't.csv', chunks: [sample], store: true, declaredSize: sample.length + 10 },
    ]);
    const result = await drain(await openRegisterStream(file));
    expect(result.error).not.toBeInstanceOf(ZipLimitError);
    expect(String(result.error)).toMatch(/corrupt/);
  });
});
