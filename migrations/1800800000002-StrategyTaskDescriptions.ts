import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The seeded Yamaguchi tasks (1794000000000-StrategyTaskSeed) get the descriptive paragraph of the
 * seed's 課題 cell, where nobody has written one yet.
 */
const DESCRIPTIONS: [title: string, description: string][] = [
  [
    '技術流出防止に向けたアウトリーチ活動の推進',
    '先端技術を有する企業、大学・研究機関等に対し、警察本部及び警察署が連携して個別訪問やセミナー等による情報提供を行い、技術流出の手口や対策に関する理解の促進を図るとともに、社内相談窓口の設置等、自主的な取組を促進する。',
  ],
  [
    'サイバー攻撃対策の強化',
    '標的型メールや不正アクセス等のサイバー攻撃による情報窃取を防止するため、重要インフラ事業者、医療機関等との情報共有及び共同対処訓練を推進し、事案発生時の迅速な対処体制を確保する。',
  ],
  [
    '産学官連携による経済安全保障意識の醸成',
    '県、市町、大学、経済団体等の関係機関と連携し、輸出管理、内部不正対策等に関する情報提供の機会を拡充して、地域全体の経済安全保障に関する意識の醸成を図る。',
  ],
];

export class StrategyTaskDescriptions1800800000002 implements MigrationInterface {
  name = 'StrategyTaskDescriptions1800800000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE strategy_tasks t SET description = d.description
         FROM unnest($1::text[], $2::text[]) AS d(title, description)
        WHERE t.prefecture_code = '35' AND t.title = d.title AND t.description = ''`,
      [DESCRIPTIONS.map((d) => d[0]), DESCRIPTIONS.map((d) => d[1])],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE strategy_tasks t SET description = ''
         FROM unnest($1::text[], $2::text[]) AS d(title, description)
        WHERE t.prefecture_code = '35' AND t.title = d.title AND t.description = d.description`,
      [DESCRIPTIONS.map((d) => d[0]), DESCRIPTIONS.map((d) => d[1])],
    );
  }
}
