/**
 * `npm run worker`: a process that only runs jobs (register imports, …) from the PostgreSQL queue,
 * for deployments that keep them off the API instances (set JOB_WORKERS=false there). Same
 * configuration as the server; migrations are the server's (or `npm run migration:run`). SIGTERM /
 * SIGINT stop it: running jobs stop at their next batch, roll back and go back to the queue.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '../../../libs/config/app-config';
import { migrateDatabase, resolveDatabase } from '../../../libs/database/database-bootstrap';
import { AppModule } from './app.module';
import { bootLog } from './boot-log';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      bootLog.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const db = await resolveDatabase(
    config,
    (m) => bootLog.debug(m),
    (m) => bootLog.warn(m),
  );
  try {
    const applied = await migrateDatabase(db);
    if (applied.length) bootLog.info(`applied migrations: ${applied.join(', ')}`);
    const app = await NestFactory.createApplicationContext(
      AppModule.forRoot({ ...config, jobs: { ...config.jobs, workers: true } }, db.url),
      { bufferLogs: true },
    );
    let closing = false;
    const shutdown = (signal: string) => {
      if (closing) return;
      closing = true;
      bootLog.info(`${signal}: stopping the worker`);
      void app
        .close()
        .then(() => db.stop())
        .finally(() => process.exit(0));
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    // announced only once the signals are handled: a supervisor may stop it right after this line
    bootLog.notice('Outreach CRM worker: running jobs from the queue');
  } catch (error) {
    await db.stop().catch(() => undefined);
    throw error;
  }
}

main().catch((error: unknown) => {
  bootLog.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
