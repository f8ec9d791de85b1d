import { loadConfig } from '../../libs/config/app-config';
import { TEST_PASSWORD, TestApp } from '../helpers/test-app';

/** The client address in the audit trail (and the per-address login lock) per TRUST_PROXY. */
async function loginAddress(t: TestApp, forwardedFor: string): Promise<string | null> {
  const station = await t.createStation();
  const user = await t.createUser('officer', station.id);
  await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', forwardedFor).send({
    username: user.username,
    password: TEST_PASSWORD,
  });
  const [row] = await t.ds.query<Array<{ ip: string | null }>>(
    `SELECT client_ip AS ip FROM audit_events WHERE actor_id = $1 ORDER BY occurred_at DESC LIMIT 1`,
    [user.id],
  );
  return row?.ip ?? null;
}

describe('TRUST_PROXY (issue 16)', () => {
  it('validates the setting once, naming it', () => {
    expect(loadConfig({}).trustProxy).toBe('loopback');
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.5' }).trustProxy).toBe('10.0.0.0/8,192.168.1.5');
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ METRICS_PORT: '0' })).toThrow(/METRICS_PORT/);
    expect(loadConfig({ SHUTDOWN_GRACE_SECONDS: '5' }).shutdownGraceMs).toBe(5000);
  });

  it('takes X-Forwarded-For from a trusted proxy (loopback by default) and ignores it otherwise', async () => {
    const trusting = await TestApp.create();
    const strict = await TestApp.create({ TRUST_PROXY: 'false' });
    try {
      const trusted = await loginAddress(trusting, '203.0.113.7');
      const ignored = await loginAddress(strict, '203.0.113.7');
      expect(trusted).toBe('203.0.113.7');
      expect(ignored).not.toBe('203.0.113.7');
      expect(ignored).toMatch(/127\.0\.0\.1|::1/);
    } finally {
      await trusting.close();
      await strict.close();
    }
  });
});
