import type { DemoSeeder } from '../demo/demo-seed';
import { partnerNormalizedName } from './partner-text';

const PREFECTURE = '35';

/** The demo station's own partner (the rest are prefecture-wide, hq's). */
const STATION_OWN = '岩国市 産業振興部 商工振興課';

/** [name, kind, department, contactName] */
const PARTNERS: [string, string, string | null, string | null][] = [
  ['山口県 商工労働部 イノベーション推進課', 'prefecture', '商工労働部 イノベーション推進課', null],
  ['岩国市 産業振興部 商工振興課', 'municipality', '産業振興部 商工振興課', null],
  ['岩国商工会議所', 'chamber', '事務局', null],
  ['山口大学', 'university', '産学公連携センター', null],
  ['経済産業省 中国経済産業局', 'national', '地域経済部', null],
  ['山口県警察本部 経済安全保障対策プロジェクトチーム', 'police_hq', '警備部', null],
  ['岩国地域サイバーセキュリティ連絡協議会', 'network', '事務局（岩国警察署 警備課）', null],
];

/**
 * The partner agencies named in the council minutes, a public-private network with its members,
 * and two liaison records of the demo station.
 */
export const seedPartnersDemo: DemoSeeder = async (tx, ctx) => {
  const rows: { id: string; name: string }[] = await tx.query(
    `INSERT INTO partners (prefecture_code, station_id, name, normalized_name, kind, department, contact_name)
     SELECT $1, CASE WHEN p.name = $7 THEN $8::uuid END, p.name, p.normalized_name, p.kind, p.department, p.contact_name
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
            AS p(name, kind, department, contact_name, normalized_name)
     RETURNING id, name`,
    [
      PREFECTURE,
      PARTNERS.map((p) => p[0]),
      PARTNERS.map((p) => p[1]),
      PARTNERS.map((p) => p[2]),
      PARTNERS.map((p) => p[3]),
      PARTNERS.map((p) => partnerNormalizedName(p[0], p[2])),
      STATION_OWN,
      ctx.stationId,
    ],
  );
  const id = (name: string) => rows.find((r) => r.name === name)!.id;
  const network = id('岩国地域サイバーセキュリティ連絡協議会');

  // Network members: partner agencies, and the station's first organizations (if any yet).
  await tx.query(
    `INSERT INTO network_members (network_id, member_partner_id) SELECT $1, x FROM unnest($2::uuid[]) AS x`,
    [network, [id('岩国市 産業振興部 商工振興課'), id('岩国商工会議所'), id('山口大学')]],
  );
  await tx.query(
    `INSERT INTO network_members (network_id, organization_id)
     SELECT $1, o.id FROM (SELECT id FROM organizations WHERE station_id = $2 ORDER BY tier, sort_key, id LIMIT 3) o`,
    [network, ctx.stationId],
  );

  await tx.query(
    `INSERT INTO liaisons (partner_id, station_id, held_on, our_attendees, their_attendees, subject, agreed,
       follow_up, topics, created_by)
     VALUES ($1, $3, '2023-05-16', '{警備課長,警備課 田中}', '{商工振興課長,同課 担当者}',
             '管内企業への経済安全保障に関する情報提供の連携について',
             '市の企業訪問の機会に、警察の相談窓口と情報提供の案内を配付する。',
             '案内チラシの原稿を6月中に市へ送付する。', '{consultation_desk,leak_cases}', $4),
            ($2, $3, '2023-08-22', '{警備課 田中}', '{事務局長}',
             '会員企業向け講話（技術流出防止）の開催について',
             '10月の例会で30分の講話枠を設ける。', '講話資料を9月末までに事務局へ提出する。',
             '{leak_cases,cyber_trends}', $4)`,
    [id('岩国市 産業振興部 商工振興課'), id('岩国商工会議所'), ctx.stationId, ctx.users.officer],
  );
  ctx.log(`  partners: ${rows.length}, liaisons: 2`);
};
