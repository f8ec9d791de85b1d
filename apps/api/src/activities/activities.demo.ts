import type { DemoSeeder } from '../demo/demo-seed';

/**
 * The demo station's training and PR, as the seed minutes report them: 警察学校における教養,
 * 担当者向け研修会, 有識者による講演, サイバー攻撃対処訓練への参加 (人材育成) and the website, 広報 and
 * 注意喚起 (広報). The police HQ partner (when the partners demo made it) is named on the training.
 */
export const seedActivitiesDemo: DemoSeeder = async (tx, ctx) => {
  const [hq]: { id: string }[] = await tx.query(
    `SELECT id FROM partners WHERE kind = 'police_hq' AND status = 'active' ORDER BY name LIMIT 1`,
  );
  const rows: { id: string; kind: string }[] = await tx.query(
    `INSERT INTO activities (station_id, kind, held_on, title, participants, topics, notes, created_by)
     SELECT $1, a.kind, a.held_on::date, a.title, a.participants, string_to_array(a.topics, ','), a.notes, $2
       FROM unnest($3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[])
            AS a(kind, held_on, title, participants, topics, notes)
     RETURNING id, kind`,
    [
      ctx.stationId,
      ctx.users.manager,
      ['training', 'training', 'lecture_attended', 'exercise_participation', 'pr_web', 'pr_notice'],
      ['2025-05-14', '2025-06-10', '2025-07-22', '2025-10-16', '2025-08-01', '2026-01-20'],
      [
        '警察学校における経済安全保障に関する教養',
        '経済安全保障担当者向け研修会',
        '有識者による技術流出防止に関する講演',
        'サイバー攻撃対処訓練への参加',
        '署ウェブサイトに技術流出防止の記事を掲載',
        '標的型メールに関する注意喚起（管内事業者向け）',
      ],
      [32, 15, 40, 6, 0, 0],
      ['leak_cases', 'leak_cases,insider_risk', 'leak_cases', 'cyber_trends', 'leak_cases', 'cyber_trends'],
      [null, '県警察本部の担当者を講師に招いて実施', null, '県警察本部主催', null, null],
    ],
  );
  const training = rows.find((r) => r.kind === 'training');
  if (hq && training)
    await tx.query(`INSERT INTO activity_partners (activity_id, partner_id) VALUES ($1, $2)`, [
      training.id,
      hq.id,
    ]);
  ctx.log(`  activities: ${rows.length}`);
};
