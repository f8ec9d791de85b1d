import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError, loadConfig } from '../../../libs/config/app-config';
import {
  checkRuntimeRole,
  migrateDatabase,
  resolveDatabase,
} from '../../../libs/database/database-bootstrap';
import { createDataSource } from '../../../libs/database/data-source';
import { serveMetrics } from '../../../libs/observability/metrics-server';
import { MetricsService } from '../../../libs/observability/metrics.service';
import { drainAndClose } from '../../../libs/observability/shutdown';
import { AppModule } from './app.module';
import { demoLoginBlock, seedDemoIfEmpty, writeOwnerOnlyFile } from './demo/demo-seed';
import { configureHttp } from './http-setup';
import { bootLog } from './boot-log';

async function bootstrap(): Promise<void> {
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
  const stopDb = async () => db.stop().catch(() => undefined);
  try {
    // Migrations as the schema owner; everything after as the restricted runtime role.
    const applied = await migrateDatabase(db);
    if (applied.length) bootLog.info(`applied migrations: ${applied.join(', ')}`);
    for (const warning of await checkRuntimeRole(db.url)) bootLog.warn(warning);
    const shouldSeed = config.seedDemo ?? db.embedded;
    // The demo's one-time passwords are shown after start-up, in one block (not among the
    // start-up log lines), and kept in a file only the owner can read.
    const demoLines: string[] = [];
    if (shouldSeed) {
      const ds = createDataSource(db.url);
      await ds.initialize();
      try {
        await seedDemoIfEmpty(ds, (m) => demoLines.push(m));
      } finally {
        await ds.destroy();
      }
    }

    const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, db.url), {
      bufferLogs: true,
      bodyParser: false,
    });
    configureHttp(app, config);
    await app.listen(config.port);
    bootLog.notice(
      `Outreach CRM listening on http://localhost:${config.port}  (API /api/v1, docs /api/docs)`,
    );
    if (demoLines.length > 0) {
      const file = await writeOwnerOnlyFile(config.dataDir, 'demo-one-time-passwords.txt', demoLines);
      bootLog.notice(demoLoginBlock(demoLines, file));
    }
    const metricsServer = config.metricsPort
      ? await serveMetrics(app.get(MetricsService), config.metricsPort)
      : undefined;
    if (metricsServer) bootLog.info(`metrics on http://localhost:${config.metricsPort}/metrics`);
    let closing = false;
    const shutdown = (signal: string) => {
      if (closing) return;
      closing = true;
      bootLog.info(`${signal}: shutting down`);
      // Drains HTTP first, then Nest's shutdown hooks (libs/observability/shutdown.ts).
      void drainAndClose(app, {
        graceMs: config.shutdownGraceMs,
        warn: (m) => bootLog.warn(m),
        also: [metricsServer],
      })
        .catch((error: unknown) => bootLog.error(`shutdown: ${String(error)}`))
        .then(stopDb)
        .finally(() => process.exit(0));
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
  } catch (error) {
    await stopDb();
    throw error;
  }
}

bootstrap().catch((error: unknown) => {
  bootLog.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
