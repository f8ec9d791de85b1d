import type { DemoSeeder } from '../demo/demo-seed';

interface DemoSeminar {
  title: string;
  kind: string;
  heldOn: string;
  venue: string;
  speakers: { name: string; affiliation?: string; userId?: string }[];
  topics: string[];
  partners: string[];
  /** how many of the station's organizations attended, and with how many people each */
  organizations: number[];
  free: [string, number][];
}

/**
 * Seminars from the council minutes: the chamber of commerce briefing (July 2022), the
 * cybersecurity seminar with an invited expert (March 2023) and the school lecture the council
 * asked for (November 2023; the council demo links it to its follow-up).
 */
export const seedSeminarsDemo: DemoSeeder = async (tx, ctx) => {
  const orgs: { id: string }[] = await tx.query(
    `SELECT id FROM organizations WHERE station_id = $1 AND status = 'active' ORDER BY tier, sort_key, id LIMIT 6`,
    [ctx.stationId],
  );
  const seminars: DemoSeminar[] = [
    {
      title: '岩国商工会議所 会合での技術流出防止に関する情報提供',
      kind: 'briefing',
      heldOn: '2022-07-20',
      venue: '岩国商工会議所 会議室',
      speakers: [{ name: '警備課長', userId: ctx.users.manager }],
      topics: ['leak_cases', 'consultation_desk'],
      partners: ['岩国商工会議所'],
      organizations: [2, 1, 1],
      free: [['商工会議所 会員企業（未登録）', 12]],
    },
    {
      title: 'サイバーセキュリティセミナー',
      kind: 'seminar',
      heldOn: '2023-03-14',
      venue: '岩国警察署 5階 講堂',
      speakers: [{ name: 'サイバーセキュリティ有識者', affiliation: '山口大学' }],
      topics: ['cyber_trends', 'info_management'],
      partners: ['山口県警察本部 経済安全保障対策プロジェクトチーム', '山口大学'],
      organizations: [3, 2, 2, 1, 1, 1],
      free: [['管外の医療機関', 4]],
    },
    {
      title: '経済安全保障と技術流出防止（高校生向け講演）',
      kind: 'school_lecture',
      heldOn: '2023-11-10',
      venue: '山口県立岩国高等学校 体育館',
      speakers: [{ name: '警備課 田中', userId: ctx.users.officer }],
      topics: ['leak_cases', 'foreign_activities'],
      partners: [],
      organizations: [],
      free: [
        ['山口県立岩国高等学校 2年生', 160],
        ['岩国市立岩国中学校 3年生（見学）', 35],
      ],
    },
  ];
  for (const s of seminars) {
    const [{ id }] = await tx.query(
      `INSERT INTO seminars (station_id, title, kind, held_on, venue, speakers, topics, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        ctx.stationId,
        s.title,
        s.kind,
        s.heldOn,
        s.venue,
        JSON.stringify(s.speakers),
        s.topics,
        ctx.users.officer,
      ],
    );
    const attended = orgs.slice(0, s.organizations.length);
    const rows = [
      ...attended.map((o, i) => ({ organizationId: o.id, name: null, count: s.organizations[i] })),
      ...s.free.map(([name, count]) => ({ organizationId: null, name, count })),
    ];
    await tx.query(
      `INSERT INTO seminar_participants (seminar_id, organization_id, name, attendee_count, position)
       SELECT $1, t.organization_id, t.name, t.attendee_count, t.ord - 1
         FROM unnest($2::uuid[], $3::text[], $4::int[]) WITH ORDINALITY AS t(organization_id, name, attendee_count, ord)`,
      [id, rows.map((r) => r.organizationId), rows.map((r) => r.name), rows.map((r) => r.count)],
    );
    await tx.query(
      `INSERT INTO seminar_partners (seminar_id, partner_id)
       SELECT $1, p.id FROM partners p JOIN stations st ON st.id = $3 AND st.prefecture_code = p.prefecture_code
        WHERE p.name = ANY($2::text[])`,
      [id, s.partners, ctx.stationId],
    );
  }
  ctx.log(`  seminars: ${seminars.length}`);
};
