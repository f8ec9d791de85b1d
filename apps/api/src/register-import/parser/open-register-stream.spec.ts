import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import * as iconv from 'iconv-lite';
import {
  detectRegisterEncoding,
  ENCODING_SAMPLE_BYTES,
  isZipMagic,
  openRegisterStream,
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
