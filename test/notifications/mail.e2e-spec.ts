import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { NotificationMailer } from '../../apps/api/src/notifications/notification-mailer';
import { bearer, TestApp, TestUser } from '../helpers/test-app';
import { createOrganization, visitBody } from '../visits/factories';

interface Mail {
  from: string;
  to: string[];
  raw: string;
}

/** A local SMTP server started by the test: nothing leaves the machine. */
async function startSmtp(
  port = 0,
  mails: Mail[] = [],
): Promise<{ server: SMTPServer; port: number; mails: Mail[] }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, port: (server.server.address() as AddressInfo).port, mails };
}

const stop = (server: SMTPServer) => new Promise<void>((resolve) => server.close(() => resolve()));

/** The mail's text, decoded (nodemailer sends Japanese as quoted-printable or base64). */
function bodyText(raw: string): string {
  const [headers, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/content-transfer-encoding:\s*base64/i.test(headers))
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/content-transfer-encoding:\s*quoted-printable/i.test(headers))
    return Buffer.from(
      body
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  return body;
}

/**
 * Notification mails (issue 13): with SMTP configured, each notification of a user with an address
 * is also mailed after the commit, with a generic sentence and a link only — no organization, no
 * person, no record detail; a failed send keeps the business write and is retried.
 */
describe('notification mails (e2e)', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let mailer: NotificationMailer;
  beforeAll(async () => {
    smtp = await startSmtp();
    t = await TestApp.create({
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      SMTP_FROM: 'outreach@police.example.jp',
      APP_PUBLIC_URL: 'https://outreach.example.jp/',
      JOB_WORKERS: 'false', // the test sends the outbox itself (flush), no timer
    });
    mailer = t.app.get(NotificationMailer);
  });
  afterAll(async () => {
    await t.close();
    await stop(smtp.server).catch(() => undefined);
  });

  async function setEmail(user: TestUser, email: string) {
    await t.http().put('/api/v1/notifications/settings').set(bearer(user)).send({ email }).expect(200, {
      email,
      mailAvailable: true,
    });
  }

  it('mails the managers a link only, after the commit; nothing of the visit is in it', async () => {
    const team = await t.createStationTeam();
    const manager2 = await t.createUser('manager', team.station.id, { displayName: '警部 山本太郎' });
    await setEmail(team.manager, 'kanri1@police.example.jp');
    await setEmail(manager2, 'kanri2@police.example.jp');
    const [station] = await t.ds.query(`SELECT name FROM stations WHERE id = $1`, [team.station.id]);
    const org = await createOrganization(t, team.station.id, { name: '株式会社メール秘密工業' });
    const created = await t
      .http()
      .post('/api/v1/visits')
      .set(bearer(team.officer))
      .send(visitBody(org.id, [team.officer.id]))
      .expect(201);
    await t
      .http()
      .post(`/api/v1/visits/${created.body.id}/submit`)
      .set(bearer(team.officer))
      .send({ version: created.body.version })
      .expect(200);
    expect(smtp.mails).toHaveLength(0); // not sent inside the request: the outbox holds them
    const [{ n }] = await t.ds.query(
      `SELECT count(*)::int AS n FROM notification_outbox WHERE sent_at IS NULL`,
    );
    expect(n).toBe(2);

    expect(await mailer.flush()).toBe(2);
    expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual([
      'kanri1@police.example.jp',
      'kanri2@police.example.jp',
    ]);
    for (const mail of smtp.mails) {
      expect(mail.from).toBe('outreach@police.example.jp');
      const text = bodyText(mail.raw);
      expect(text).toContain('新しいお知らせがあります');
      expect(text).toContain('https://outreach.example.jp/notifications');
      for (const secret of [
        org.name,
        'メール秘密',
        station.name,
        '山本',
        created.body.id,
        '技術流出', // the visit's summary
        '決裁依頼', // even the in-app title stays in the app
      ]) {
        expect(text).not.toContain(secret);
        expect(mail.raw).not.toContain(secret);
      }
    }
    expect(await mailer.flush()).toBe(0); // each sent once
    const [{ sent }] = await t.ds.query(
      `SELECT count(*)::int AS sent FROM notification_outbox WHERE sent_at IS NOT NULL`,
    );
    expect(sent).toBe(2);
  });

  it('a failed send keeps the business write and the mail: it is sent once the server is back', async () => {
    const team = await t.createStationTeam();
    await setEmail(team.officer, 'tantou@police.example.jp');
    const org = await createOrganization(t, team.station.id);
    const created = await t
      .http()
      .post('/api/v1/visits')
      .set(bearer(team.officer))
      .send(visitBody(org.id, [team.officer.id]))
      .expect(201);
    const submitted = await t
      .http()
      .post(`/api/v1/visits/${created.body.id}/submit`)
      .set(bearer(team.officer))
      .send({ version: created.body.version })
      .expect(200);
    const before = smtp.mails.length;
    await stop(smtp.server);
    // the return commits although no mail can be sent
    await t
      .http()
      .post(`/api/v1/visits/${created.body.id}/return`)
      .set(bearer(team.manager))
      .send({ version: submitted.body.version, reason: '追記してください' })
      .expect(200);
    expect(await mailer.flush()).toBe(0);
    const [row] = await t.ds.query(
      `SELECT o.attempts, o.sent_at, o.last_error FROM notification_outbox o
         JOIN notifications n ON n.id = o.notification_id WHERE n.recipient_id = $1`,
      [team.officer.id],
    );
    expect(row).toEqual(
      expect.objectContaining({ attempts: 1, sent_at: null, last_error: expect.any(String) }),
    );
    const visit = await t
      .http()
      .get(`/api/v1/visits/${created.body.id}`)
      .set(bearer(team.officer))
      .expect(200);
    expect(visit.body.status).toBe('returned');

    // the server is back: at the retry time the mail goes, once
    smtp = await startSmtp(smtp.port, smtp.mails);
    await t.ds.query(`UPDATE notification_outbox SET next_attempt_at = now() WHERE sent_at IS NULL`);
    expect(await mailer.flush()).toBe(1);
    expect(smtp.mails.slice(before).map((m) => m.to)).toEqual([['tantou@police.example.jp']]);
    expect(await mailer.flush()).toBe(0);
  });
});
