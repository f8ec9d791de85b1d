import type { EntityManager } from 'typeorm';
import type { DemoSeeder } from '../demo/demo-seed';
import type { DiscussionTurn } from './entities/council.entity';

const PLACE = '山口県岩国市麻里布町六丁目15番20号 岩国警察署5階 講堂';

/** 出席者 of the seed minutes: 委員 by name, 警察署 by post. */
const JUNE_MEMBERS = ['木村', '塩田', '藤兼', '若林', '安村', '松田', '牛島', '中岡', '原田', '山田', '福多'];
const JUNE_POLICE = [
  '署長',
  '副署長',
  '地域官',
  '刑事官',
  '主幹',
  '警務課長',
  '警察安全相談課長',
  '留置管理課長',
  '生活安全課長',
  '地域第一課長',
  '刑事第一課長',
  '刑事第二課長',
  '交通官兼交通総務課長',
  '交通捜査課長',
  '警備課長',
];

/** 3 業務推進状況説明（署長） as the seed outlines it. */
const JUNE_BUSINESS_REPORT = [
  '(1) 犯罪情勢',
  'ア 刑法犯認知・検挙状況',
  'イ 犯罪抑止重点対象犯罪の認知状況',
  'ウ 岩国署管内における刑法犯認知件数の推移',
  'エ 事件検挙・犯罪抑止の両面における防犯カメラ等の効果 (防犯意識の高い岩国市、和木町の取組を紹介)',
  '(2) うそ電話詐欺発生状況等',
  'ア 発生件数・被害額',
  'イ うそ電話詐欺被害防止対策',
  '(3) 交通情勢',
  'ア 発生状況',
  'イ 交通事故抑止対策',
  '(4) 地域安全活動',
  'ア 巡回連絡の推進',
  'イ 要望把握・問題解決活動の推進',
  '(5) G7広島サミット警戒警備の完遂',
  '(6) 一日警察署長イベント',
].join('\n');

/** 5 協議: the turns of the seed minutes, in order. */
const JUNE_DISCUSSION: DiscussionTurn[] = [
  {
    speakerRole: '委員',
    text: '国の発展を阻害する、国の損失となるような行為に対しては、徹底的な取締りを願います。\n人口の減少やGDPの減少など、国力の低下が叫ばれる中、サイバー攻撃等による知的財産の流出は、農業や工業等の産業振興が推進できなくなることにつながりかねないと危惧している。\nこうした行為に対し、警察で対応できる範囲において、厳しくかつ適正に対処されるようお願いする。',
  },
  {
    speakerRole: '警備課長',
    text: '日本は、世界中で利用されている先端技術に関する情報や最先端の高性能製品を数多く有していると承知しており、こうした技術情報等を有している企業や大学・研究機関は、当県、当署管内にも多数あると認識している。\n政府一体となって経済安全保障対策を推進し、我が国の自律性と優位性の確保を行うこととされる中、引き続き、警察の役割である「我が国の優れた技術を守ること」「我が国の技術を奪われないようにすること」に取り組んでいきたいと考えている。\n管内にどのような企業があるのか把握した上で、それらの企業に対する取組を進めてまいりたい。',
  },
  {
    speakerRole: '委員',
    text: '現在の警察組織の中で、アウトリーチ活動を行っている部署、人員について回答願う。',
  },
  {
    speakerRole: '警備課長',
    text: '警察庁では、令和2年10月に警備局外事課内に経済安全保障対策班を設置したのを皮切りに、令和4年4月には同組織を経済安全保障室に発展改組したほか、当県においても令和3年12月に警備部長を長とする山口県警察経済安全保障対策プロジェクトチームを発足している。\nこのうち、警察署対策班として、警察署長を本部長として警備課内に担当者を置き、平素から対策に当たっている。\nなお、いずれも具体的な人員については公にしていない。',
  },
  {
    speakerRole: '委員',
    text: '県内における、サイバー攻撃やスパイ活動等、経済安全保障に係る事案の発生状況について説明願う。',
  },
  {
    speakerRole: '警備課長',
    text: '県内においては、サイバー攻撃だと断定はできないものの、個人や企業が受信した標的型メールに関する相談や不正アクセス、ウェブサイト改ざんなどの事案を把握している。\n国内では、令和4年中、\n・1月 複数の化学企業におけるマルウェア感染事案\n・5月 大手システム事業者等に対する不正アクセス事案\n・9月 政府機関等のウェブサイトの閲覧障害事案\nなどが発生している。\n県内では、大量破壊兵器関連物資等の不正輸出事件として、平成18年に凍結乾燥機の北朝鮮向け不正輸出事件を検挙している。',
  },
  {
    speakerRole: '委員',
    text: '関係機関等との連携状況について説明願う。',
  },
  {
    speakerRole: '警備課長',
    text: '県警察では、県のイノベーション推進課と、岩国警察署では岩国市の産業振興部 商工振興課等と連携している。警察庁では、経済産業省を始めとした関係省庁と連携し、対策を進めている。',
  },
  {
    speakerRole: '委員',
    text: 'アウトリーチ活動の具体的な内容について説明願う。',
  },
  {
    speakerRole: '警備課長',
    text: '警察本部のサイバー攻撃等の担当部署と連携して企業等を個別に訪問し、企業等の管理者や社員、研究員に対し、技術流出防止に資する情報提供を行っている。\n具体的には、\n・海外や日本国内において確認されている技術流出事案の紹介\n・諸外国による対日有害活動やサイバー攻撃の情勢\n・社内相談窓口の設置等、技術流出防止に向けた対策\nなどを情報提供している。\n岩国警察署では、昨年7月に岩国商工会議所の会合に出席し、参加した企業関係者に対して技術流出防止に関する情報提供を実施したほか、本年3月には、当署にサイバーセキュリティの有識者を招聘し、管内外の医療機関や重要インフラ事業所、先端技術を有する企業等に対するサイバーセキュリティセミナーを開催するなど、幅広い取組を推進している。\n引き続き、こうした機会を設け、企業等に対して技術流出防止等に係る機運の醸成を図っていきたいと考えている。',
  },
  {
    speakerRole: '委員',
    text: '専門職の配置状況について説明願う。',
  },
  {
    speakerRole: '警備課長',
    text: '専門職の配置はなく、アウトリーチ活動に適切な人材の育成を強化している。\n具体的には、警察学校における教養や担当者向け研修会の開催を通じ、経済安全保障に関する活動に従事する上で必要な専門的知識の習得に努めているほか、有識者による講演の開催やサイバー攻撃対処訓練への参加により、サイバー攻撃に対する対処能力の向上にも努めている。',
  },
  {
    speakerRole: '委員',
    text: 'PR活動の現状について説明願う。',
  },
  {
    speakerRole: '警備課長',
    text: '県警では、ホームページに経済安全保障に関連するページを掲載しているほか、当署でも必要な広報、注意喚起を行っていく方針である。',
  },
  {
    speakerRole: '委員',
    text: '人材育成よりもコンピュータ技術の進歩の方が、スピードが早いのではないかと。そもそも法律が追い付いていないという実態もあるが、コンピュータに長けた者の採用は検討されているのか。',
  },
  {
    speakerRole: '署長',
    text: 'ITに精通した人材が欲しいところではあるが、給料面での格差から難しいと思われる。\nそこで、県警内でITに長けた者を人選し、専門の機関で研修させたのち、その職員が他の職員に教養することで育成を進めている。',
  },
  {
    speakerRole: '委員',
    text: '技術流出に関して、県内の発生件数が分かれば教示願う。\n人材育成を行い専門職を確立するには相当な時間を要することから、経済安全保障に係る活動の主体は警察庁とし、県警はその窓口という分担が良いのではないかと。',
  },
  {
    speakerRole: '警備課長',
    text: '技術流出事案は、県内では認知がない。一方、取締りとしては、先ほど説明したとおり、凍結乾燥機の不正輸出事件がある。\n経済安全保障対策に関して、政府一体となって取り組んでいるが、警察では、人材育成を図りながら、これまでに解明してきた技術情報流出の手口や、それに対する有効な対策を企業等に情報提供し、被害の未然防止に重点を置いた取組を推進している。',
  },
  {
    speakerRole: '委員',
    text: '関係機関・団体との連携は大事であるが、組織間の足並みが揃っていないように思う。企業においても、経済安全保障の重大さを学ぶ機会が不足しているとのことであるので、大学や研究機関も加わり、情報交換がスムーズに行われる必要がある。\n今後は、警察がその主導的立場を担うこととなるだろう。',
  },
  {
    speakerRole: '警備課長',
    text: '委員ご指摘のとおり、関係機関等との連携は大変重要であると考えている。県や市の関係機関に加え、県警察が主体となって、企業等、大学、警察の産学官によるサイバー訓練等を開催し、本対策の機運の醸成にもつなげている。',
  },
  {
    speakerRole: '委員',
    text: '高校生や中学生に対し、経済安全保障の周知に努めることも必要だと思っているので、学校での講演なども行ってはいかがか。',
  },
  {
    speakerRole: '委員',
    text: 'やはり、経済安全保障に関しては、小さい頃から教育していく必要がある。',
  },
  {
    speakerRole: '委員',
    text: '経済安全保障に関する犯罪は、普通の人が入ってしまいそうなものだと理解することができ、今回の諮問事項は大変勉強になった。',
  },
];

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
    `INSERT INTO council_meetings (station_id, held_on, place, attendance, agenda, consultation_topic, notes,
       start_time, end_time, member_attendees, police_attendees, chair_greeting, chief_greeting, business_report,
       business_report_by, consultation_explanation, discussion, review, review_by, handouts)
     VALUES ($1, '2023-06-21', $2, '{"members": 11, "police": 15}', $3, $4, NULL, '14:50', '17:00', $5, $6, $7, NULL,
       $8, '署長', $4, $9, $10, '副会長', $11) RETURNING id`,
    [
      ctx.stationId,
      PLACE,
      ['警察における経済安全保障に関する取組の推進'],
      '警察における経済安全保障に関する取組の推進',
      JUNE_MEMBERS,
      JUNE_POLICE,
      'この度、会長を引き受けることとなった。皆様のご協力を頂きながら会議を進めていきたいと考えているので、どうぞよろしく願います。',
      JUNE_BUSINESS_REPORT,
      JSON.stringify(JUNE_DISCUSSION),
      'テーマが身近でなく馴染みがないものであったため、発言が難しかったと思う。今はほとんどの人がついていけないが、安全保障の問題は国はもとより個人に関わる問題でもあるため、これから議論していかなければならない。\n大きな議題であっても市民レベルで活発に意見交換しながら会議を進めていきたいと考えているので、次回もよろしく願います。',
      ['警察業務説明資料'],
    ],
  );
  const juneItems = await insertItems(tx, june.id, ctx.stationId, JUNE_ITEMS);
  const [, , , , , prItem, , coordinationItem, schoolItem] = juneItems;

  const [december] = await tx.query(
    `INSERT INTO council_meetings (station_id, held_on, place, attendance, agenda, consultation_topic, notes)
     VALUES ($1, '2023-12-13', $2, '{"members": 10, "police": 14}', $3, NULL, NULL) RETURNING id`,
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
    `INSERT INTO council_meetings (station_id, held_on, place, attendance, agenda, consultation_topic, notes, sequence)
     VALUES ($1, '2026-02-18', $2, '{"members": 11, "police": 13}', $3, NULL, NULL, 3)`,
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
