import type { EntityManager } from 'typeorm';
import type { DemoSeeder } from '../demo/demo-seed';

const PLACE = '山口県岩国市麻里布町六丁目15番20号 岩国警察署5階 講堂';

/** [kind, raisedBy, text, response] — from the minutes of 令和5年度第1回岩国警察署協議会 (seeds/000_…). */
const JUNE_ITEMS: [string, string, string, string | null][] = [
  [
    'request',
    '委員',
    '国の発展を阻害する、国の損失となるような行為に対しては、徹底的な取締りを願う。サイバー攻撃等による知的財産の流出は、産業振興が推進できなくなることにつながりかねないと危惧している。',
    '技術情報等を有している企業や大学・研究機関は当署管内にも多数あると認識している。「我が国の優れた技術を守ること」「我が国の技術を奪われないようにすること」に引き続き取り組み、管内の企業を把握した上で取組を進めてまいりたい。',
  ],
  [
    'question',
    '委員',
    '現在の警察組織の中で、アウトリーチ活動を行っている部署、人員について回答願う。',
    '警察庁では経済安全保障室を、県警察では令和3年12月に経済安全保障対策プロジェクトチームを発足している。警察署対策班として、警備課内に担当者を置き対策に当たっている。なお、具体的な人員については公にしていない。',
  ],
  [
    'question',
    '委員',
    '県内における、サイバー攻撃やスパイ活動等、経済安全保障に係る事案の発生状況について説明願う。',
    '県内では、標的型メールに関する相談や不正アクセス、ウェブサイト改ざんなどの事案を把握している。また平成18年に凍結乾燥機の北朝鮮向け不正輸出事件を検挙している。',
  ],
  [
    'question',
    '委員',
    '関係機関等との連携状況について説明願う。',
    '県警察では県のイノベーション推進課と、岩国警察署では岩国市の産業振興部 商工振興課等と連携している。警察庁では、経済産業省を始めとした関係省庁と連携している。',
  ],
  [
    'question',
    '委員',
    'アウトリーチ活動の具体的な内容について説明願う。',
    '企業等を個別に訪問し、技術流出事案の紹介、対日有害活動やサイバー攻撃の情勢、社内相談窓口の設置等の対策について情報提供している。昨年7月に岩国商工会議所の会合で情報提供を、本年3月にサイバーセキュリティセミナーを開催した。',
  ],
  [
    'question',
    '委員',
    'PR活動の現状について説明願う。',
    '県警ではホームページに経済安全保障に関連するページを掲載しているほか、当署でも必要な広報、注意喚起を行っていく方針である。',
  ],
  [
    'question',
    '委員',
    'コンピュータに長けた者の採用は検討されているのか。',
    '給料面での格差から難しいと思われる。県警内でITに長けた者を人選し、専門の機関で研修させたのち、他の職員に教養することで育成を進めている。',
  ],
  [
    'request',
    '委員',
    '関係機関・団体の足並みが揃っていないように思う。企業が経済安全保障の重大さを学ぶ機会が不足しているので、大学や研究機関も加わり、情報交換がスムーズに行われる必要がある。',
    '関係機関等との連携は大変重要であると考えている。県や市の関係機関に加え、企業等、大学、警察の産学官によるサイバー訓練等を開催し、機運の醸成につなげている。',
  ],
  [
    'request',
    '委員',
    '高校生や中学生に対し、経済安全保障の周知に努めることも必要だと思っているので、学校での講演なども行ってはいかがか。',
    null,
  ],
  ['opinion', '委員', '経済安全保障に関しては、小さい頃から教育していく必要がある。', null],
];

async function insertItems(
  tx: EntityManager,
  meetingId: string,
  stationId: string,
  items: [string, string, string, string | null][],
): Promise<string[]> {
  const rows: { id: string; position: number }[] = await tx.query(
    `INSERT INTO council_items (meeting_id, station_id, kind, raised_by, text, response, position)
     SELECT $1, $2, t.kind, t.raised_by, t.text, t.response, t.ord - 1
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS t(kind, raised_by, text, response, ord)
     RETURNING id, position`,
    [
      meetingId,
      stationId,
      items.map((i) => i[0]),
      items.map((i) => i[1]),
      items.map((i) => i[2]),
      items.map((i) => i[3]),
    ],
  );
  return rows.sort((a, b) => a.position - b.position).map((r) => r.id);
}

/**
 * The June 2023 council meeting from the seed minutes, with its questions and requests, follow-ups
 * for the requests (the school lecture done and linked to its seminar), and two later meetings
 * whose report-back views gather them.
 */
export const seedCouncilDemo: DemoSeeder = async (tx, ctx) => {
  const [june] = await tx.query(
    `INSERT INTO council_meetings (station_id, held_on, place, attendance, agenda, consultation_topic, notes)
     VALUES ($1, '2023-06-21', $2, '{"members": 11, "police": 15}', $3, $4, $5) RETURNING id`,
    [
      ctx.stationId,
      PLACE,
      [
        '会長挨拶',
        '署長挨拶',
        '業務推進状況説明（犯罪情勢、うそ電話詐欺発生状況等、交通情勢、地域安全活動、G7広島サミット警戒警備の完遂、一日警察署長イベント）',
        '諮問事項説明',
        '協議',
        '講評（副会長）',
      ],
      '警察における経済安全保障に関する取組の推進',
      '令和5年度第1回岩国警察署協議会（午後2時50分から午後5時まで）',
    ],
  );
  const juneItems = await insertItems(tx, june.id, ctx.stationId, JUNE_ITEMS);
  const [, , , , , prItem, , coordinationItem, schoolItem] = juneItems;

  const [december] = await tx.query(
    `INSERT INTO council_meetings (station_id, held_on, place, attendance, agenda, consultation_topic, notes)
     VALUES ($1, '2023-12-13', $2, '{"members": 10, "police": 14}', $3, NULL, '令和5年度第2回岩国警察署協議会') RETURNING id`,
    [ctx.stationId, PLACE, ['業務推進状況説明', '前回協議会の要望事項への対応状況報告', '協議']],
  );
  await insertItems(tx, december.id, ctx.stationId, [
    [
      'question',
      '委員',
      '学校での講演を受けた生徒の反応はどうだったか。',
      '身近な事例として関心を持って聴講していたと聞いている。来年度も継続して実施したい。',
    ],
  ]);

  // A recent meeting: its report-back still carries the open requests, with recent visits as evidence.
  await tx.query(
    `INSERT INTO council_meetings (station_id, held_on, place, attendance, agenda, consultation_topic, notes)
     VALUES ($1, '2026-02-18', $2, '{"members": 11, "police": 13}', $3, NULL, '令和7年度第3回岩国警察署協議会')`,
    [ctx.stationId, PLACE, ['業務推進状況説明', '協議会要望事項への対応状況報告', '協議']],
  );

  // Follow-ups for the requests: the school lecture done (with its seminar as evidence), PR and
  // industry-academia-government coordination still in progress (PR past due).
  const followUps: { id: string; title: string }[] = await tx.query(
    `INSERT INTO follow_ups (council_item_id, station_id, title, owner_id, due_on, status, result, closed_at)
     VALUES ($1, $4, '高校・中学校での経済安全保障に関する講演の実施', $5, '2023-12-28', 'done',
             '令和5年11月10日、山口県立岩国高等学校において2年生を対象に技術流出防止に関する講演を実施し、岩国中学校の3年生も見学した。',
             '2023-11-17T17:00:00+09:00'),
            ($2, $4, '住民向け広報（署ホームページ・広報紙）による経済安全保障の周知', $6, '2023-09-30', 'in_progress',
             NULL, NULL),
            ($3, $4, '大学・研究機関を交えた産学官の情報交換の場の設定', $7, '2026-03-31', 'in_progress', NULL, NULL)
     RETURNING id, title`,
    [
      schoolItem,
      prItem,
      coordinationItem,
      ctx.stationId,
      ctx.users.officer,
      ctx.users.officer2,
      ctx.users.manager,
    ],
  );
  const [schoolFollowUp, , coordinationFollowUp] = followUps;

  // Evidence: the school lecture seminar; an approved visit to the station's first organization.
  await tx.query(
    `INSERT INTO follow_up_links (follow_up_id, seminar_id, created_by)
     SELECT $1, s.id, $3 FROM seminars s WHERE s.station_id = $2 AND s.kind = 'school_lecture'`,
    [schoolFollowUp.id, ctx.stationId, ctx.users.officer],
  );
  await tx.query(
    `INSERT INTO seminar_council_items (seminar_id, council_item_id)
     SELECT s.id, $1 FROM seminars s WHERE s.station_id = $2 AND s.kind = 'school_lecture'`,
    [schoolItem, ctx.stationId],
  );
  await tx.query(
    `INSERT INTO follow_up_links (follow_up_id, visit_id, created_by)
     SELECT $1, v.id, $3 FROM visits v
      WHERE v.station_id = $2 AND v.status = 'approved' AND v.visited_on BETWEEN '2023-06-21' AND '2026-02-18'
      ORDER BY v.visited_on DESC, v.id LIMIT 1`,
    [coordinationFollowUp.id, ctx.stationId, ctx.users.manager],
  );
  ctx.log(`  council: 3 meetings, ${juneItems.length + 1} items, ${followUps.length} follow-ups`);
};
