import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * pdf-parse v2 (pdfjs) loads its worker with a dynamic import(), which jest's module sandbox
 * refuses; so the PDF text is extracted in a plain Node child process.
 */
const SCRIPT = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const r = await new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) }).getText();
  process.stdout.write(r.text);
});`;

export function extractPdfText(buffer: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', SCRIPT], { cwd: join(__dirname, '..', '..') });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`pdf-parse failed (${code}): ${Buffer.concat(err).toString('utf8')}`));
      else resolve(Buffer.concat(out).toString('utf8'));
    });
    child.stdin.end(buffer);
  });
}
