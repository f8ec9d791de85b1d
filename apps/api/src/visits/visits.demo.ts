import type { DemoSeeder } from '../demo/demo-seed';
import type { VisitStatus } from './entities/visit.entity';

interface DemoVisit {
  org: number;
  visitedAt: string;
  format: 'on_site' | 'at_station' | 'online' | 'phone';
  officers: ('officer' | 'officer2')[];
  jointWith?: string;
  attendees: { name: string; role: string }[];
  topics: string[];
  materials: string[];
  summary: string;
  concernsRaised?: string;
  status: VisitStatus;
  returnReason?: string;
  followUp?: { title: string; dueOn: string; status: 'open' | 'done' };
}

const VISITS: DemoVisit[] = [
  {
    org: 0,
    visitedAt: '2025-05-20T10:00:00+09:00',
    format: 'on_site',
    officers: ['officer'],
    jointWith: '県警本部 サイバー攻撃対策隊',
    attendees: [
      { name: '総務部長', role: 'manager' },
      { name: '情報システム課 係長', role: 'employee' },
    ],
    topics: ['leak_cases', 'cyber_trends'],
    materials: ['経済安全保障パンフレット', '技術流出防止チェックリスト'],
    summary: '国内外の技術流出事案を紹介し、サイバー攻撃の情勢を説明した。',
    concernsRaised: '海外企業からの共同研究の打診が増えている。',
    status: 'approved',
    followUp: { title: '社内相談窓口の設置状況を確認', dueOn: '2025-08-31', status: 'done' },
  },
  {
    org: 1,
    visitedAt: '2025-07-08T14:00:00+09:00',
    format: 'on_site',
    officers: ['officer', 'officer2'],
    attendees: [{ name: '研究開発センター長', role: 'researcher' }],
    topics: ['foreign_activities', 'consultation_desk'],
    materials: ['経済安全保障パンフレット'],
    summary: '対日有害活動の情勢を説明し、社内相談窓口の設置を勧めた。',
    status: 'approved',
  },
  {
    org: 2,
    visitedAt: '2025-10-15T10:30:00+09:00',
    format: 'at_station',
    officers: ['officer2'],
    attendees: [{ name: '事務局長', role: 'manager' }],
    topics: ['export_control'],
    materials: ['輸出管理に関する資料'],
    summary: '輸出管理上の留意点と不正輸出事件（2006年 凍結乾燥機）の事例を紹介した。',
    status: 'approved',
  },
  {
    org: 0,
    visitedAt: '2025-12-03T15:00:00+09:00',
    format: 'online',
    officers: ['officer'],
    attendees: [{ name: '情報システム課 係長', role: 'employee' }],
    topics: ['insider_risk'],
    materials: [],
    summary: '内部不正対策についてオンラインで意見交換した。',
    status: 'returned',
    returnReason: '先方の出席者の役職を記載してください。',
  },
  {
    org: 3,
    visitedAt: '2026-01-20T11:00:00+09:00',
    format: 'on_site',
    officers: ['officer'],
    attendees: [{ name: '病院事務長', role: 'manager' }],
    topics: ['cyber_trends', 'info_management'],
    materials: ['医療機関向けサイバーセキュリティ資料'],
    summary: '医療機関を狙ったランサムウェアの手口と対策を説明した。',
    status: 'submitted',
    followUp: { title: 'セミナー案内を送付', dueOn: '2026-03-31', status: 'open' },
  },
  {
    org: 1,
    visitedAt: '2026-02-12T10:00:00+09:00',
    format: 'phone',
    officers: ['officer2'],
    attendees: [{ name: '研究開発センター長', role: 'researcher' }],
    topics: ['consultation_desk'],
    materials: [],
    summary: '相談窓口の設置予定について電話で確認した（下書き）。',
    status: 'draft',
  },
];

/** Six visits of 2025–2026 in every state, at the demo station's first organizations (by name). */
export const seedVisitsDemo: DemoSeeder = async (tx, ctx) => {
  const orgs: { id: string }[] = await tx.query(
    `SELECT id FROM organizations WHERE station_id = $1 ORDER BY name LIMIT 4`,
    [ctx.stationId],
  );
  if (orgs.length === 0) return;
  for (const v of VISITS) {
    const organizationId = orgs[v.org % orgs.length].id;
    const createdBy = ctx.users[v.officers[0]];
    const submitted = v.status !== 'draft';
    const approved = v.status === 'approved';
    const [visit] = await tx.query(
      `INSERT INTO visits (station_id, organization_id, visited_at, visited_on, format, joint_with, topics, materials,
                           summary, concerns_raised, status, created_by, submitted_at, approved_at, approved_by,
                           return_reason)
       VALUES ($1, $2, $3::timestamptz, (($3::timestamptz AT TIME ZONE 'UTC') + interval '9 hours')::date, $4, $5, $6,
               $7, $8, $9, $10, $11,
               CASE WHEN $12::boolean THEN $3::timestamptz + interval '1 day' END,
               CASE WHEN $13::boolean THEN $3::timestamptz + interval '2 days' END,
               CASE WHEN $13::boolean THEN $14::uuid END, $15)
       RETURNING id`,
      [
        ctx.stationId,
        organizationId,
        v.visitedAt,
        v.format,
        v.jointWith ?? null,
        v.topics,
        v.materials,
        v.summary,
        v.concernsRaised ?? null,
        v.status,
        createdBy,
        submitted,
        approved,
        ctx.users.manager,
        v.returnReason ?? null,
      ],
    );
    // the approval history of the state it is in: submitted a day after, decided a day later
    await tx.query(
      `INSERT INTO visit_approval_events (visit_id, station_id, action, actor_id, comment, occurred_at)
       SELECT $1, $2, e.action, e.actor_id, e.comment, $3::timestamptz + e.after
         FROM (VALUES ('submitted', $4::uuid, NULL::text, interval '1 day', $6::boolean),
                      ('approved', $5::uuid, NULL, interval '2 days', $7::boolean),
                      ('returned', $5::uuid, $8::text, interval '2 days', $9::boolean))
              AS e(action, actor_id, comment, after, happened)
        WHERE e.happened`,
      [
        visit.id,
        ctx.stationId,
        v.visitedAt,
        createdBy,
        ctx.users.manager,
        submitted,
        approved,
        v.returnReason ?? null,
        v.status === 'returned',
      ],
    );
    await tx.query(
      `INSERT INTO visit_officers (visit_id, user_id) SELECT $1, u FROM unnest($2::uuid[]) AS u`,
      [visit.id, v.officers.map((o) => ctx.users[o])],
    );
    await tx.query(
      `INSERT INTO visit_attendees (visit_id, name, role, position)
       SELECT $1, a.name, a.role, a.ord - 1 FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS a(name, role, ord)`,
      [visit.id, v.attendees.map((a) => a.name), v.attendees.map((a) => a.role)],
    );
    if (v.followUp)
      await tx.query(
        `INSERT INTO visit_follow_ups (visit_id, station_id, title, due_on, owner_id, status)
         SELECT v.id, v.station_id, $2, $3, $4, $5 FROM visits v WHERE v.id = $1`,
        [visit.id, v.followUp.title, v.followUp.dueOn, createdBy, v.followUp.status],
      );
  }
  ctx.log(`  visits: ${VISITS.length}`);
};
