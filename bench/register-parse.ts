/**
 * Parser benchmark: `node scripts/run.js bench/register-parse.ts FILE [--staging]`
 * (make FILE with `node test/fixtures/nta/gen-nta-csv.mjs --rows 1000000 > /tmp/big.csv`). Prints
 * rows/s and the peak RSS; `--staging` also converts each row with registerRowToStagingValues().
 */
import { openRegisterStream } from '../apps/api/src/register-import/parser/open-register-stream';
import { parseRegisterRows } from '../apps/api/src/register-import/parser/parse-register-rows';
import { registerRowToStagingValues } from '../apps/api/src/register-import/parser/register-row';

async function main(): Promise<void> {
  const [file, ...flags] = process.argv.slice(2);
  if (!file) throw new Error('usage: bench/register-parse.ts FILE [--staging]');
  const staging = flags.includes('--staging');
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const started = process.hrtime.bigint();
  let ok = 0;
  let rejected = 0;
  let cells = 0;
  for await (const result of parseRegisterRows(await openRegisterStream(file))) {
    if (result.ok) {
      ok++;
      if (staging) cells += registerRowToStagingValues(result.row).length;
    } else {
      rejected++;
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const rows = ok + rejected;
  console.log(
    JSON.stringify({
      file,
      rows,
      ok,
      rejected,
      stagingCells: staging ? cells : undefined,
      seconds: Number(seconds.toFixed(2)),
      rowsPerSecond: Math.round(rows / seconds),
      peakRssMB: Math.round(peakRss / 2 ** 20),
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
