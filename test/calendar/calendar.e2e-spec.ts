import { bearer, TestApp, TestUser } from '../helpers/test-app';
import { councilFollowUp, meeting, org, parseIcs, seminar, visit, visitFollowUp } from './factories';

/** Issue 13: GET /calendar and GET /calendar.ics — what the caller may see, in one query. */
describe('calendar (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  const get = (user: TestUser | null, path: string) => {
    const req = t.http().get(`/api/v1${path}`);
    return user ? req.set(bearer(user)) : req;
  };

  /** A station with one of everything in June 2025, and a few things that must not show. */
  async function june() {
    const team = await t.createStationTeam();
    const { station, officer } = team;
    const officer2 = await t.createUser('officer', station.id);
    const o = await org(t, station.id, '岩国精機株式会社');
    const planned = await visit(t, {
      stationId: station.id,
      organizationId: o.id,
      at: '2025-06-24T14:00:00+09:00',
      status: 'planned',
      createdBy: officer.id,
    });
    const approved = await visit(t, {
      stationId: station.id,
      organizationId: o.id,
      at: '2025-06-10T10:00:00+09:00',
      status: 'approved',
      createdBy: officer2.id,
      officerIds: [officer2.id],
    });
    const returned = await visit(t, {
      stationId: station.id,
      organizationId: o.id,
      at: '2025-06-11T09:30:00+09:00',
      status: 'returned',
      createdBy: officer.id,
    });
    // officer2's draft never submitted: only they (and officers on it) see it
    const hiddenDraft = await visit(t, {
      stationId: station.id,
      organizationId: o.id,
      at: '2025-06-12T09:00:00+09:00',
      status: 'draft',
      createdBy: officer2.id,
      officerIds: [officer2.id],
    });
    const cancelled = await visit(t, {
      stationId: station.id,
      organizationId: o.id,
      at: '2025-06-13T09:00:00+09:00',
      status: 'cancelled',
      createdBy: officer.id,
    }).catch(() => null); // a status the visits feature may not accept yet
    const outside = await visit(t, {
      stationId: station.id,
      organizationId: o.id,
      at: '2025-07-01T00:30:00+09:00', // 1 July in Japan, 30 June in UTC
      status: 'approved',
      createdBy: officer.id,
    });
    const s = await seminar(t, station.id, officer2.id, '2025-06-15', '情報セキュリティ講演会');
    const m = await meeting(t, station.id, '2025-06-21');
    const vf = await visitFollowUp(t, approved.id, {
      title: '資料の送付',
      dueOn: '2025-06-30',
      ownerId: officer.id,
    });
    const dropped = await visitFollowUp(t, approved.id, {
      title: '取り止め',
      dueOn: '2025-06-30',
      status: 'dropped',
    });
    const cf = await councilFollowUp(t, station.id, m.itemId, {
      title: '学校講演の調整',
      dueOn: '2025-06-28',
      ownerId: officer2.id,
    });
    return {
      ...team,
      officer2,
      o,
      planned,
      approved,
      returned,
      hiddenDraft,
      cancelled,
      outside,
      s,
      m,
      vf,
      dropped,
      cf,
    };
  }

  it('shows a station user their station’s visits, seminars, meetings and follow-up due dates, by day', async () => {
    const x = await june();
    const other = await t.createStationTeam();
    const otherOrg = await org(t, other.station.id);
    const foreign = await visit(t, {
      stationId: other.station.id,
      organizationId: otherOrg.id,
      at: '2025-06-10T10:00:00+09:00',
      status: 'approved',
      createdBy: other.officer.id,
    });
    const foreignSeminar = await seminar(
      t,
      other.station.id,
      other.officer.id,
      '2025-06-15',
      '他署のセミナー',
    );

    const { body } = await get(x.officer, '/calendar?from=2025-06-01&to=2025-06-30').expect(200);
    expect(body).toMatchObject({ from: '2025-06-01', to: '2025-06-30' });
    const ids = body.items.map((i: { id: string }) => i.id);
    expect(ids).toEqual([
      x.approved.id, // 06-10
      x.returned.id, // 06-11
      x.s.id, // 06-15
      x.m.id, // 06-21
      x.planned.id, // 06-24
      x.cf.id, // 06-28
      x.vf.id, // 06-30
    ]);
    for (const hidden of [x.hiddenDraft, x.cancelled, x.outside, x.dropped, foreign, foreignSeminar])
      if (hidden) expect(ids).not.toContain(hidden.id);
    const byId = new Map(body.items.map((i: { id: string }) => [i.id, i]));
    expect(byId.get(x.planned.id)).toEqual({
      kind: 'visit',
      id: x.planned.id,
      title: '岩国精機株式会社',
      start: '2025-06-24T14:00:00+09:00',
      date: '2025-06-24',
      allDay: false,
      status: 'planned',
      stationId: x.station.id,
      link: { type: 'visit', id: x.planned.id },
    });
    expect(byId.get(x.s.id)).toMatchObject({
      kind: 'seminar',
      title: '情報セキュリティ講演会',
      start: '2025-06-15',
      allDay: true,
      status: 'held',
      link: { type: 'seminar', id: x.s.id },
    });
    expect(byId.get(x.m.id)).toMatchObject({
      kind: 'meeting',
      allDay: true,
      link: { type: 'meeting', id: x.m.id },
    });
    expect(byId.get(x.vf.id)).toMatchObject({
      kind: 'follow_up',
      source: 'visit',
      title: '資料の送付',
      start: '2025-06-30',
      status: 'open',
      link: { type: 'visit', id: x.approved.id },
    });
    expect(byId.get(x.cf.id)).toMatchObject({
      kind: 'follow_up',
      source: 'council',
      link: { type: 'follow_up' },
    });

    // the draft's own officer sees it; the manager does not (never submitted)
    const mine = await get(x.officer2, '/calendar?from=2025-06-01&to=2025-06-30').expect(200);
    expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(x.hiddenDraft.id);
    const manager = await get(x.manager, '/calendar?from=2025-06-01&to=2025-06-30').expect(200);
    expect(manager.body.items.map((i: { id: string }) => i.id)).not.toContain(x.hiddenDraft.id);
    expect(manager.body.items).toHaveLength(7);
    // the other station sees only its own
    const theirs = await get(other.manager, '/calendar?from=2025-06-01&to=2025-06-30').expect(200);
    expect(theirs.body.items.map((i: { id: string }) => i.id).sort()).toEqual(
      [foreign.id, foreignSeminar.id].sort(),
    );
    // 1 July in Japan is July's
    const july = await get(x.officer, '/calendar?from=2025-07-01&to=2025-07-01').expect(200);
    expect(july.body.items.map((i: { id: string }) => i.id)).toEqual([x.outside.id]);
  });

  it('filters by officer: their visits, seminars they recorded and follow-ups they own; no meetings', async () => {
    const x = await june();
    const { body } = await get(
      x.manager,
      `/calendar?from=2025-06-01&to=2025-06-30&officerId=${x.officer2.id}`,
    ).expect(200);
    expect(body.items.map((i: { id: string }) => i.id)).toEqual([x.approved.id, x.s.id, x.cf.id]);
    const mine = await get(
      x.officer,
      `/calendar?from=2025-06-01&to=2025-06-30&officerId=${x.officer.id}`,
    ).expect(200);
    expect(mine.body.items.map((i: { id: string }) => i.id)).toEqual([x.returned.id, x.planned.id, x.vf.id]);
    // a follow-up nobody owns shows on the station's calendar, not on an officer's
    const unowned = await visitFollowUp(t, x.approved.id, { title: '担当未定', dueOn: '2025-06-29' });
    const all = await get(x.manager, '/calendar?from=2025-06-01&to=2025-06-30').expect(200);
    expect(all.body.items.map((i: { id: string }) => i.id)).toContain(unowned.id);
    const again = await get(
      x.manager,
      `/calendar?from=2025-06-01&to=2025-06-30&officerId=${x.officer.id}`,
    ).expect(200);
    expect(again.body.items.map((i: { id: string }) => i.id)).not.toContain(unowned.id);
    // an officer of another station: nothing of this one
    const other = await t.createStationTeam();
    const none = await get(
      other.officer,
      `/calendar?from=2025-06-01&to=2025-06-30&officerId=${x.officer.id}`,
    ).expect(200);
    expect(none.body.items).toEqual([]);
  });

  it('gives hq seminars and meetings of every station, named by station; no visits, follow-ups or officer filter', async () => {
    const x = await june();
    const { body } = await get(x.hq, '/calendar?from=2025-06-01&to=2025-06-30').expect(200);
    const mineHere = body.items.filter((i: { stationId: string }) => i.stationId === x.station.id);
    expect(mineHere.map((i: { id: string }) => i.id)).toEqual([x.s.id, x.m.id]);
    expect(mineHere[0].title).toBe(`${x.station.name} 情報セキュリティ講演会`);
    expect(mineHere[1].title).toBe(`${x.station.name} 協議会`);
    expect(body.items.some((i: { kind: string }) => i.kind === 'visit' || i.kind === 'follow_up')).toBe(
      false,
    );
    const filtered = await get(
      x.hq,
      `/calendar?from=2025-06-01&to=2025-06-30&officerId=${x.officer.id}`,
    ).expect(403);
    expect(filtered.body.code).toBe('calendar.officer_filter_forbidden');
    const ics = await get(x.hq, '/calendar.ics?from=2025-06-01&to=2025-06-30').expect(200);
    expect(parseIcs(ics.text).events.map((e) => e.UID)).toEqual(
      expect.arrayContaining([`seminar-${x.s.id}@outreach`, `meeting-${x.m.id}@outreach`]),
    );
    // admins manage the system: no calendar
    for (const path of [
      '/calendar?from=2025-06-01&to=2025-06-30',
      '/calendar.ics?from=2025-06-01&to=2025-06-30',
    ]) {
      const res = await get(x.admin, path).expect(403);
      expect(res.body.code).toBe('forbidden');
      await get(null, path).expect(401);
    }
  });

  it('answers a bad or too long period with 400 and a code, for JSON and .ics alike', async () => {
    const { officer } = await t.createStationTeam();
    for (const path of ['/calendar', '/calendar.ics']) {
      const cases: [string, string][] = [
        ['', 'validation_failed'],
        ['?from=2025-06-01', 'validation_failed'],
        ['?from=2025-06-01&to=2025-13-01', 'validation_failed'],
        ['?from=2025-02-30&to=2025-03-01', 'validation_failed'],
        ['?from=2025-06-30&to=2025-06-01', 'validation_failed'],
        ['?from=2025-06-01&to=2025-09-01', 'calendar.range_too_long'], // 93 days
        ['?from=2025-06-01&to=2025-06-30&officerId=nope', 'validation_failed'],
      ];
      for (const [query, code] of cases) {
        const res = await get(officer, `${path}${query}`).expect(400);
        expect(res.body.code).toBe(code);
        expect(res.body.details?.length).toBeGreaterThan(0);
      }
    }
    // 92 days is the longest
    await get(officer, '/calendar?from=2025-06-01&to=2025-08-31').expect(200);
  });

  it('downloads the same entries as RFC 5545 iCalendar, audited as an export', async () => {
    const x = await june();
    const res = await get(x.officer, '/calendar.ics?from=2025-06-01&to=2025-06-30').expect(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="calendar-2025-06-01-2025-06-30.ics"',
    );
    expect(res.text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(res.text.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
    // every content line is at most 75 octets (RFC 5545 3.1), folded otherwise
    for (const line of res.text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const { calendar, events } = parseIcs(res.text);
    expect(calendar.VERSION).toBe('2.0');
    expect(calendar.PRODID).toContain('outreach');
    expect(events).toHaveLength(7);
    const byUid = new Map(events.map((e) => [e.UID, e]));
    const planned = byUid.get(`visit-${x.planned.id}@outreach`);
    expect(planned).toMatchObject({ DTSTART: '20250624T050000Z', SUMMARY: '[訪問] 岩国精機株式会社' });
    expect(planned?.DESCRIPTION).toContain(`/visits/${x.planned.id}`);
    expect(byUid.get(`seminar-${x.s.id}@outreach`)).toMatchObject({
      'DTSTART;VALUE=DATE': '20250615',
      SUMMARY: '[セミナー] 情報セキュリティ講演会',
    });
    expect(byUid.get(`follow_up-${x.vf.id}@outreach`)).toMatchObject({
      'DTSTART;VALUE=DATE': '20250630',
      SUMMARY: '[期限] 資料の送付',
    });
    expect(byUid.get(`meeting-${x.m.id}@outreach`)?.DESCRIPTION).toContain(`/council/meetings/${x.m.id}`);
    for (const e of events) expect(e.DTSTAMP).toMatch(/^\d{8}T\d{6}Z$/);

    const [event] = (await t.auditEvents({ action: 'export.calendar' })).filter(
      (e: { actor_id: string }) => e.actor_id === x.officer.id,
    );
    expect(event).toMatchObject({ entity_type: 'export', station_id: x.station.id });
    expect(event.changes).toMatchObject({
      format: 'ics',
      filters: { from: '2025-06-01', to: '2025-06-30' },
      rowCount: 7,
      kinds: ['follow_up', 'meeting', 'seminar', 'visit'],
    });
    // JSON reads are not exports
    await get(x.manager, '/calendar?from=2025-06-01&to=2025-06-30').expect(200);
    expect(
      (await t.auditEvents({ action: 'export.calendar' })).filter(
        (e: { actor_id: string }) => e.actor_id === x.manager.id,
      ),
    ).toHaveLength(0);
  });
});
