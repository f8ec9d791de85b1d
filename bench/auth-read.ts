/**
 * Issue 2 benchmark: an authenticated read route (GET /api/v1/stations: bearer token checked
 * against the session table, role rule, one query) under 20 concurrent connections, beside a bare
 * route of the same app (no auth, no database) in the same run.
 *
 *   node scripts/run.js bench/auth-read.ts [--seconds 10] [--connections 20]
 */
import { parseArgs } from 'node:util';
import { hashPassword } from '../libs/auth/password';
import { startBenchApp, startBenchDatabase } from './lib/bench-app';
import { printTable, runLoad } from './lib/load';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: 'string' }, connections: { type: 'string' } } });
  const seconds = Number(values.seconds ?? 10);
  const connections = Number(values.connections ?? 20);
  const db = await startBenchDatabase();
  const { app, baseUrl } = await startBenchApp(db.runtimeUrl, (server) => {
    server.use('/__bare', (_req: unknown, res: { json(body: unknown): void }) => res.json({ ok: true }));
  });
  try {
    const [station] = await db.ds.query(
      `INSERT INTO stations (code, name, prefecture_code, municipality_codes) VALUES ('iwakuni', '岩国警察署', '35', '{35208,35321}') RETURNING id`,
    );
    await db.ds.query(
      `INSERT INTO users (username, display_name, role, station_id, password_hash) VALUES ('bench', 'bench', 'officer', $1, $2)`,
      [station.id, await hashPassword('bench-password')],
    );
    const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench', password: 'bench-password' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const headers = { authorization: `Bearer ${accessToken}` };
    // Warm-up.
    await runLoad('warm-up', `${baseUrl}/api/v1/stations`, { connections, seconds: 2, headers });
    const bare = await runLoad('bare route (GET /__bare)', `${baseUrl}/__bare`, { connections, seconds });
    const authed = await runLoad('authenticated read (GET /api/v1/stations)', `${baseUrl}/api/v1/stations`, {
      connections,
      seconds,
      headers,
    });
    console.log(`\n${connections} connections, ${seconds} s each, one process, same app:\n`);
    printTable(
      [bare, authed].map((r) => ({
        route: r.label,
        requests: r.requests,
        errors: r.errors,
        'req/s': r.rps,
        'p50 ms': r.p50,
        'p95 ms': r.p95,
        'p99 ms': r.p99,
      })),
    );
    console.log(`\nauthenticated / bare throughput: ${(authed.rps / bare.rps).toFixed(2)}`);
  } finally {
    await app.close();
    await db.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
