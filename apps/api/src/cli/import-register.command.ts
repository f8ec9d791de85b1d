import type { INestApplicationContext } from '@nestjs/common';

/** Imports a corporate-number register file for a station (implemented by register-import/). */
export async function importRegister(
  _app: INestApplicationContext,
  _input: { file: string; stationCode: string; dryRun: boolean },
): Promise<number> {
  process.stderr.write('import-register is not available yet.\n');
  return 1;
}
