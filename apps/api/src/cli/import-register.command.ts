import type { INestApplicationContext } from '@nestjs/common';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DomainError } from '../../../../libs/http/domain-error';
import {
  ImportProgress,
  modeOfFileName,
  RegisterImportService,
} from '../register-import/register-import.service';

/** A full collection at most this often while the import runs (see {@link collector}). */
const GC_EVERY_MS = 1000;

/**
 * V8's full collector, for the command's own process: with the default heap limit (a quarter of the
 * machine's memory) V8 lets the garbage of a long import (search text of a million records) pile
 * up, and the peak RSS of `npm run cli -- import-register` reached 383 MB for 1,000,000 rows while
 * its live heap stays under 100 MB. The npm script's node options are not ours to set, so the
 * collector is exposed at run time and called every few seconds (a few ms each on this heap).
 */
function collector(): (() => void) | null {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}

let lastShown = 0;
let lastStep = '';

/** Progress on stderr, about once a second and at every phase or step. */
function showProgress(p: ImportProgress): void {
  const key = `${p.phase}/${p.step ?? ''}`;
  const now = Date.now();
  if (key === lastStep && now - lastShown < 1000) return;
  lastStep = key;
  lastShown = now;
  const seconds = (p.elapsedMs / 1000).toFixed(1);
  const n = (v: number) => v.toLocaleString('en');
  const percent = p.of > 0 ? Math.min(100, Math.floor((p.done * 100) / p.of)) : 0;
  const eta = p.etaSeconds === null ? '' : `, 残り約 ETA ${p.etaSeconds}s`;
  if (p.phase === 'counting') process.stderr.write('件数確認中 counting records…\n');
  else if (p.phase === 'reading')
    process.stderr.write(
      `読込中 reading: ${n(p.done)} / ${n(p.of)} rows (${percent}%), ${n(p.rowsPerSecond)} rows/s${eta}, ${seconds}s\n`,
    );
  else if (p.phase === 'merging' && p.step === 'search_text')
    process.stderr.write(
      `統合中 merging (search text): ${n(p.done)} / ${n(p.of)} rows (${percent}%), ${n(p.rowsPerSecond)} rows/s${eta}, ${seconds}s\n`,
    );
  else if (p.phase === 'merging')
    process.stderr.write(`統合中 merging (${p.step ?? ''}): ${n(p.of)} rows, ${seconds}s\n`);
  else process.stderr.write(`完了 done: ${n(p.rows)} rows in ${seconds}s\n`);
}

/**
 * `npm run cli -- import-register FILE --station CODE [--dry-run]`: the same import as
 * POST /organizations/import, for the station with that code. Progress on stderr, the report (JSON)
 * on stdout; exit 0 on success, 1 on error.
 */
export async function importRegister(
  app: INestApplicationContext,
  input: { file: string; stationCode: string; dryRun: boolean },
): Promise<number> {
  const imports = app.get(RegisterImportService);
  const gc = collector();
  let lastGc = Date.now();
  try {
    const info = await stat(input.file).catch(() => null);
    if (!info?.isFile()) {
      process.stderr.write(`error: ファイルがありません (no such file): ${input.file}\n`);
      return 1;
    }
    const station = await imports.findStationByCode(input.stationCode);
    if (!station) {
      process.stderr.write(
        `error: 警察署コード「${input.stationCode}」が見つかりません (unknown station code)\n`,
      );
      return 1;
    }
    process.stderr.write(
      `${station.name} (${station.code}) へ取込 importing ${input.file}${input.dryRun ? ' [dry run]' : ''}\n`,
    );
    const report = await imports.importFile({
      file: input.file,
      fileName: basename(input.file),
      stationId: station.id,
      dryRun: input.dryRun,
      // a daily change file (差分) by its name, as the upload route does; both merge the file's rows only
      mode: modeOfFileName(basename(input.file)),
      onProgress: (p) => {
        showProgress(p);
        const now = Date.now();
        if (gc && now - lastGc >= GC_EVERY_MS) {
          gc();
          lastGc = Date.now();
        }
      },
    });
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof DomainError) {
      const details = err.details?.map((d) => `\n  ${d.field}: ${d.message}`).join('') ?? '';
      process.stderr.write(`error: ${err.message}${details}\n`);
    } else {
      process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    return 1;
  }
}
