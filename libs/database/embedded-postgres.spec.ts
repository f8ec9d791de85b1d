import { serverSizing } from './embedded-postgres';

describe('serverSizing', () => {
  const GB = 2 ** 30;
  it('gives shared buffers an eighth of the memory, between 128 MB and 1 GB', () => {
    expect(serverSizing(0.5 * GB)).toContain('shared_buffers=128MB');
    expect(serverSizing(4 * GB)).toContain('shared_buffers=512MB');
    expect(serverSizing(24 * GB)).toContain('shared_buffers=1024MB');
  });

  it('comes as -c flags', () => {
    const flags = serverSizing(4 * GB);
    expect(flags.filter((_, i) => i % 2 === 0).every((f) => f === '-c')).toBe(true);
    expect(flags).toContain('max_wal_size=4GB');
  });
});
