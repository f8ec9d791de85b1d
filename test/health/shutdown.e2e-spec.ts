import type { AddressInfo } from 'node:net';
import { MetricsService } from '../../libs/observability/metrics.service';
import { serveMetrics } from '../../libs/observability/metrics-server';
import { ShutdownState } from '../../libs/observability/readiness';
import { drainAndClose } from '../../libs/observability/shutdown';
import { TEST_PASSWORD, TestApp } from '../helpers/test-app';

describe('graceful shutdown and the metrics port (issue 16)', () => {
  let t: TestApp;
  let closed = false;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(async () => {
    // the app itself is closed by the drain; the test database still goes
    if (closed) await t.close().catch(() => undefined);
    else await t.close();
  });

  it('serves /metrics without a token on its own port, and nothing else there', async () => {
    const server = await serveMetrics(t.app.get(MetricsService), 0);
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const res = await fetch(`${base}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/^# HELP http_request_duration_seconds /m);
      expect((await fetch(`${base}/api/v1/users`)).status).toBe(404);
      expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(404);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('lets the request in flight finish, then takes no more, then runs the shutdown hooks', async () => {
    const station = await t.createStation();
    const user = await t.createUser('officer', station.id);
    await t.app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);

    // a login checks its password hash (argon2): in flight when the shutdown begins
    const arrived = new Promise((resolve) => t.app.getHttpServer().once('request', resolve));
    const login = fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: user.username, password: TEST_PASSWORD }),
    });
    await arrived;
    const drained = drainAndClose(t.app, { graceMs: 10_000 });
    expect(t.app.get(ShutdownState).draining).toBe(true);
    const answer = await login;
    expect(answer.status).toBe(200);
    expect((await answer.json()) as { accessToken?: string }).toHaveProperty('accessToken');
    await drained;
    closed = true;
    await expect(fetch(`${base}/health/live`)).rejects.toThrow();
  });
});
