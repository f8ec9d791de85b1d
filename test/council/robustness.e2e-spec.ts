import { bearer, TestApp } from '../helpers/test-app';
import { createOrganization } from './factories';

/** Odd input to every write endpoint of seminars, partners and the council: 4xx, never 500. */
describe('seminars, partners, council: no 500 for odd input (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  const BODIES: unknown[] = [
    [],
    [{}],
    'text',
    42,
    null,
    {},
    { version: 'x' },
    { version: 1e20 },
    { version: -1 },
    { version: 1, heldOn: '2023-06-31' },
    { version: 1, heldOn: '0001-01-01' },
    { version: 1, title: 'x'.repeat(100_000) },
    { version: 1, participants: [null, 1, 'x', { attendeeCount: '3' }] },
    { version: 1, participants: [{ organizationId: 'not-a-uuid', attendeeCount: 2147483648 }] },
    { version: 1, speakers: [{}], topics: [1], partnerIds: ['x'], councilItemIds: [null] },
    { version: 1, attendance: 'many', agenda: [{}] },
    { version: 1, status: 'closed', result: 5, ownerId: 'me', dueOn: 20231231 },
    { visitId: 'x', seminarId: 'y' },
    { organizationId: null, partnerId: null },
    { __proto__: { admin: true }, constructor: { prototype: {} } },
  ];

  it('answers every odd body with 400-range statuses', async () => {
    const { station, officer, hq } = await t.createStationTeam();
    const org = await createOrganization(t, station.id);
    const meeting = await t
      .http()
      .post('/api/v1/meetings')
      .set(bearer(officer))
      .send({ heldOn: '2023-06-21' })
      .expect(201);
    const item = await t
      .http()
      .post(`/api/v1/meetings/${meeting.body.id}/items`)
      .set(bearer(officer))
      .send({ kind: 'request', text: '学校での講演' })
      .expect(201);
    const followUp = await t
      .http()
      .post('/api/v1/follow-ups')
      .set(bearer(officer))
      .send({ councilItemId: item.body.id, title: '講演', ownerId: officer.id, dueOn: '2023-12-31' })
      .expect(201);
    const seminar = await t
      .http()
      .post('/api/v1/seminars')
      .set(bearer(officer))
      .send({
        title: 'x',
        kind: 'seminar',
        heldOn: '2023-03-01',
        participants: [{ organizationId: org.id, attendeeCount: 1 }],
      })
      .expect(201);
    const partner = await t
      .http()
      .post('/api/v1/partners')
      .set(bearer(hq))
      .send({ name: 'net', kind: 'network' })
      .expect(201);

    const targets: [string, string, typeof officer][] = [
      ['post', '/api/v1/seminars', officer],
      ['patch', `/api/v1/seminars/${seminar.body.id}`, officer],
      ['post', '/api/v1/partners', hq],
      ['patch', `/api/v1/partners/${partner.body.id}`, hq],
      ['post', `/api/v1/partners/${partner.body.id}/members`, officer],
      ['post', `/api/v1/partners/${partner.body.id}/liaisons`, officer],
      ['post', '/api/v1/meetings', officer],
      ['patch', `/api/v1/meetings/${meeting.body.id}`, officer],
      ['post', `/api/v1/meetings/${meeting.body.id}/items`, officer],
      ['patch', `/api/v1/items/${item.body.id}`, officer],
      ['post', '/api/v1/follow-ups', officer],
      ['patch', `/api/v1/follow-ups/${followUp.body.id}`, officer],
      ['post', `/api/v1/follow-ups/${followUp.body.id}/links`, officer],
    ];
    const failures: string[] = [];
    for (const [method, url, user] of targets) {
      for (const body of BODIES) {
        const req = method === 'post' ? t.http().post(url) : t.http().patch(url);
        const res = await req
          .set(bearer(user))
          .set('Content-Type', 'application/json')
          .send(JSON.stringify(body));
        if (res.status >= 500 || res.status < 400)
          failures.push(`${method} ${url} ${JSON.stringify(body).slice(0, 80)} → ${res.status}`);
      }
    }
    const queries = [
      '/api/v1/seminars?from=x&to=2023-99-99&organizationId=1&kind=x',
      '/api/v1/follow-ups?overdue=1&status=x',
      '/api/v1/meetings?page=0&pageSize=500',
      '/api/v1/partners?q=%25%5C_&kind=x&sort=-x',
    ];
    for (const url of queries) {
      const res = await t.http().get(url).set(bearer(officer));
      if (res.status !== 400) failures.push(`GET ${url} → ${res.status}`);
    }
    expect(failures).toEqual([]);
  });
});
