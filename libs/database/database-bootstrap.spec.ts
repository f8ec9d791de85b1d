import { ConfigError, loadConfig } from '../config/app-config';
import { resolveDatabase } from './database-bootstrap';
import { roleOfUrl, urlWithRole } from './database-roles';

describe('resolveDatabase with an external PostgreSQL', () => {
  const runtime = 'postgres://outreach_app:app-secret@db.example:5432/outreach';
  const owner = 'postgres://outreach_owner:owner-secret@db.example:5432/outreach';

  it('uses DATABASE_URL for the app and DATABASE_OWNER_URL for the migrations', async () => {
    const warnings: string[] = [];
    const db = await resolveDatabase(
      loadConfig({ DATABASE_URL: runtime, DATABASE_OWNER_URL: owner }),
      () => undefined,
      (m) => warnings.push(m),
    );
    expect(db).toMatchObject({ url: runtime, ownerUrl: owner, embedded: false });
    expect(warnings).toEqual([]);
  });

  it('falls back to DATABASE_URL for both, with a warning', async () => {
    const warnings: string[] = [];
    const db = await resolveDatabase(
      loadConfig({ DATABASE_URL: runtime }),
      () => undefined,
      (m) => warnings.push(m),
    );
    expect(db).toMatchObject({ url: runtime, ownerUrl: runtime });
    expect(warnings).toEqual([expect.stringContaining('DATABASE_OWNER_URL is not set')]);
  });

  it('refuses DATABASE_OWNER_URL alone, or one that is not a postgres URL', () => {
    expect(() => loadConfig({ DATABASE_OWNER_URL: owner })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_OWNER_URL: owner })).toThrow(/DATABASE_OWNER_URL: set DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: runtime, DATABASE_OWNER_URL: 'mysql://x@y/z' })).toThrow(
      /DATABASE_OWNER_URL/,
    );
  });
});

describe('role URLs', () => {
  it('reads and replaces the user of a URL, escaping what needs it', () => {
    const url = urlWithRole('postgres://postgres:x@127.0.0.1:5432/outreach', 'outreach_app', 'p@ss/wörd');
    expect(roleOfUrl(url)).toBe('outreach_app');
    expect(decodeURIComponent(new URL(url).password)).toBe('p@ss/wörd');
    expect(new URL(url).pathname).toBe('/outreach');
  });
});
