import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createServer, type Server } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError, loadConfig } from '../../../libs/config/app-config';
import {
  checkRuntimeRole,
  migrateDatabase,
  resolveDatabase,
} from '../../../libs/database/database-bootstrap';
import { createDataSource } from '../../../libs/database/data-source';
import { MetricsService } from '../../../libs/observability/metrics.service';
import { ShutdownState } from '../../../libs/observability/readiness';
import { AppModule } from './app.module';
import { seedDemoIfEmpty } from './demo/demo-seed';
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
    if (shouldSeed) {
      const ds = createDataSource(db.url);
      await ds.initialize();
      try {
        await seedDemoIfEmpty(ds, (m) => bootLog.notice(m));
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
    const metricsServer = config.metricsPort ? await serveMetrics(app, config.metricsPort) : undefined;
    let closing = false;
    const shutdown = (signal: string) => {
      if (closing) return;
      closing = true;
      bootLog.info(`${signal}: shutting down`);
      void drainAndClose(app, config.shutdownGraceMs, metricsServer)
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

/**
 * Graceful shutdown: `/health/ready` answers 503 and answers say `Connection: close`; the server
 * takes no new connections and waits for the requests in flight (idle kept-alive connections close
 * at once); past `graceMs` the remaining connections are closed. Then Nest's shutdown hooks run
 * (`app.close()`: workers hand their running jobs back, the pool closes). This handler does what
 * `enableShutdownHooks()` would, in the order draining needs (the HTTP server first, the database
 * after), and stops the embedded PostgreSQL last.
 */
async function drainAndClose(
  app: NestExpressApplication,
  graceMs: number,
  metricsServer?: Server,
): Promise<void> {
  app.get(ShutdownState).draining = true;
  const server: Server = app.getHttpServer();
  const force = setTimeout(() => {
    bootLog.warn(`requests still running after ${graceMs} ms: closing their connections`);
    server.closeAllConnections();
  }, graceMs);
  force.unref();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
  clearTimeout(force);
  metricsServer?.close();
  await app.close();
}

/** METRICS_PORT: GET /metrics without a token, nothing else (bind it to the monitoring network). */
async function serveMetrics(app: NestExpressApplication, port: number): Promise<Server> {
  const metrics = app.get(MetricsService);
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    metrics.render().then(
      ({ contentType, body }) => res.writeHead(200, { 'Content-Type': contentType }).end(body),
      () => res.writeHead(500, { 'Content-Type': 'text/plain' }).end('metrics failed\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  bootLog.info(`metrics on http://localhost:${port}/metrics`);
  return server;
}

bootstrap().catch((error: unknown) => {
  bootLog.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
