import { MigrationInterface, QueryRunner } from 'typeorm';

/** The prefectural plan's first tasks (Yamaguchi, 35); the admin keeps the list from here. */
const TASKS: [title: string, lead: string[], topics: string[], planned: string][] = [
  [
    '技術流出防止に向けたアウトリーチ活動の推進',
    ['県警察本部', '各警察署'],
    ['leak_cases', 'foreign_activities', 'consultation_desk'],
    '先端技術を有する事業者・大学等への個別訪問を継続し、技術流出事案の紹介及び社内相談窓口の設置を働き掛ける',
  ],
  [
    'サイバー攻撃対策の強化',
    ['県警察本部（サイバー対策）', '各警察署'],
    ['cyber_trends', 'info_management'],
    '重要インフラ事業者・医療機関等を対象としたサイバーセキュリティセミナー及び共同対処訓練を実施する',
  ],
  [
    '産学官連携による経済安全保障意識の醸成',
    ['県警察本部', '山口県', '大学'],
    ['export_control', 'insider_risk'],
    '関係機関と連携し、輸出管理及び内部不正対策に関する情報提供の機会を拡充する',
  ],
];

export class StrategyTaskSeed1794000000000 implements MigrationInterface {
  name = 'StrategyTaskSeed1794000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [index, [title, lead, topics, planned]] of TASKS.entries()) {
      await queryRunner.query(
        `INSERT INTO strategy_tasks (prefecture_code, title, lead_agencies, topics, planned_actions, sort_order)
         SELECT '35', $1, $2, $3, $4, $5
          WHERE NOT EXISTS (SELECT 1 FROM strategy_tasks WHERE prefecture_code = '35' AND title = $1)`,
        [title, lead, topics, planned, (index + 1) * 10],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM strategy_tasks WHERE prefecture_code = '35' AND title = ANY($1)`, [
      TASKS.map((t) => t[0]),
    ]);
  }
}
