import { binaryCopyValues } from './job-files.repository';

/** A one-column binary COPY of `values`, as PostgreSQL writes it. */
function binaryCopy(values: Buffer[]): Buffer {
  const header = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
  const tuples = values.map((v) => {
    const head = Buffer.alloc(6);
    head.writeInt16BE(1, 0);
    head.writeInt32BE(v.length, 2);
    return Buffer.concat([head, v]);
  });
  const end = Buffer.alloc(2);
  end.writeInt16BE(-1, 0);
  return Buffer.concat([header, ...tuples, end]);
}

async function collect(stream: Buffer, pieceSize: number): Promise<Buffer> {
  async function* pieces() {
    for (let i = 0; i < stream.length; i += pieceSize) yield stream.subarray(i, i + pieceSize);
  }
  const out: Buffer[] = [];
  for await (const piece of binaryCopyValues(pieces())) out.push(piece);
  return Buffer.concat(out);
}

describe('binaryCopyValues', () => {
  const values = [
    Buffer.from('first chunk, '),
    Buffer.alloc(0),
    Buffer.from('二番目の塊'),
    Buffer.alloc(5000, 7),
  ];
  const expected = Buffer.concat(values);

  it('gives the values’ bytes in order, however the stream is cut', async () => {
    for (const size of [1, 2, 5, 6, 7, 19, 20, 64, 4096, 1 << 20])
      expect((await collect(binaryCopy(values), size)).equals(expected)).toBe(true);
  });

  it('refuses a stream that ends early or is not a binary COPY', async () => {
    const whole = binaryCopy(values);
    await expect(collect(whole.subarray(0, whole.length - 2), 64)).rejects.toThrow(/ended early/);
    await expect(collect(Buffer.from('not a copy at all, long enough'), 64)).rejects.toThrow(/signature/);
  });
});
