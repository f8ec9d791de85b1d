import type { DemoSeeder } from '../demo/demo-seed';

/** Two consultations at the demo station: a restricted targeted e-mail case and an escalated approach. */
export const seedConsultationsDemo: DemoSeeder = async (tx, ctx) => {
  const orgs: { id: string }[] = await tx.query(
    `SELECT id FROM organizations WHERE station_id = $1 ORDER BY name LIMIT 2`,
    [ctx.stationId],
  );
  if (orgs.length === 0) return;
  await tx.query(
    `INSERT INTO consultations (station_id, organization_id, received_at, category, summary, handling, escalated,
                                escalated_at, status, closed_at, restricted, created_by)
     VALUES ($1, $2, '2025-09-02T10:15:00+09:00', 'targeted_email',
             '取引先を装い研究データの送付を求める標的型メールが役員宛てに届いた。',
             '添付ファイル未開封を確認。本部サイバー攻撃対策隊へ報告し、ヘッダ情報を提供。', true,
             '2025-09-02T16:00:00+09:00', 'closed', '2025-09-30T17:00:00+09:00', true, $4),
            ($1, $3, '2026-01-28T14:40:00+09:00', 'suspicious_approach',
             '展示会で名刺交換した人物から、製造工程の詳細について繰り返し問い合わせがある。',
             '応答を控えるよう助言し、経過を確認中。', false, NULL, 'open', NULL, false, $5)`,
    [ctx.stationId, orgs[0].id, orgs[orgs.length > 1 ? 1 : 0].id, ctx.users.manager, ctx.users.officer],
  );
  ctx.log('  consultations: 2');
};
