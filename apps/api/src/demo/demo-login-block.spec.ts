import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoLoginBlock, writeOwnerOnlyFile } from './demo-seed';

describe('the demo logins at first start', () => {
  it('are kept in a file only the owner can read, replacing an older one', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'demo-logins-'));
    await fs.writeFile(path.join(dir, 'demo-one-time-passwords.txt'), 'old', { mode: 0o644 });
    const file = await writeOwnerOnlyFile(dir, 'demo-one-time-passwords.txt', ['  officer  officer  abc']);
    expect(file).toBe(path.join(dir, 'demo-one-time-passwords.txt'));
    const stat = await fs.stat(file!);
    expect(stat.mode & 0o777).toBe(0o600);
    expect(await fs.readFile(file!, 'utf8')).toBe('  officer  officer  abc\n');
    await fs.rm(dir, { recursive: true });
  });

  it('are printed as one framed block naming the file', () => {
    const block = demoLoginBlock(['', 'One-time passwords:', '  officer  officer  abc', ''], '/data/x.txt');
    const lines = block.split('\n');
    expect(lines[1]).toMatch(/^=+$/);
    expect(block).toContain('  officer  officer  abc');
    expect(block).toContain('/data/x.txt');
  });
});
