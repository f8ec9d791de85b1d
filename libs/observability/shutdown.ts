import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import { ShutdownState } from './readiness';

/**
 * Graceful shutdown of an HTTP app: `/health/ready` answers 503 and answers say `Connection: close`;
 * the server takes no new connections and waits for the requests in flight (idle kept-alive
 * connections close at once); past `graceMs` the remaining connections are closed. Then Nest's
 * shutdown hooks run (`app.close()`: workers hand their running jobs back, the pool closes). main.ts
 * calls this on SIGTERM/SIGINT instead of `enableShutdownHooks()`, whose `app.close()` would close
 * the database before the HTTP server has drained.
 */
export async function drainAndClose(
  app: INestApplication,
  options: { graceMs: number; warn?: (message: string) => void; also?: Array<Server | undefined> },
): Promise<void> {
  app.get(ShutdownState).draining = true;
  const server: Server = app.getHttpServer();
  const force = setTimeout(() => {
    options.warn?.(`requests still running after ${options.graceMs} ms: closing their connections`);
    server.closeAllConnections();
  }, options.graceMs);
  force.unref();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
  clearTimeout(force);
  for (const other of options.also ?? []) other?.close();
  await app.close();
}
