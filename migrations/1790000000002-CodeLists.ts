import { MigrationInterface, QueryRunner } from 'typeorm';

const CODES: [kind: string, code: string, ja: string, en: string][] = [
  ['sector', 'advanced_tech', '先端技術企業', 'Advanced technology firm'],
  ['sector', 'university', '大学・研究機関', 'University / research institute'],
  ['sector', 'medical', '医療機関', 'Medical institution'],
  ['sector', 'infra_power', '重要インフラ（電力）', 'Critical infrastructure: power'],
  ['sector', 'infra_rail', '重要インフラ（鉄道）', 'Critical infrastructure: railway'],
  ['sector', 'infra_telecom', '重要インフラ（通信）', 'Critical infrastructure: telecom'],
  ['sector', 'infra_gas', '重要インフラ（ガス）', 'Critical infrastructure: gas'],
  ['sector', 'infra_water', '重要インフラ（水道）', 'Critical infrastructure: water'],
  ['sector', 'manufacturing', '製造業', 'Manufacturing'],
  ['sector', 'chemical', '化学', 'Chemicals'],
  ['sector', 'other', 'その他', 'Other'],
  ['topic', 'leak_cases', '技術流出事案の紹介', 'Technology leak cases'],
  ['topic', 'foreign_activities', '対日有害活動の情勢', 'Foreign harmful activities'],
  ['topic', 'cyber_trends', 'サイバー攻撃の情勢', 'Cyber-attack trends'],
  ['topic', 'consultation_desk', '社内相談窓口の設置等', 'Internal consultation desk'],
  ['topic', 'export_control', '輸出管理', 'Export control'],
  ['topic', 'insider_risk', '内部不正対策', 'Insider risk'],
  ['topic', 'info_management', '情報管理', 'Information management'],
  ['topic', 'other', 'その他', 'Other'],
  ['legalForm', 'kabushiki', '株式会社', 'Kabushiki kaisha (stock company)'],
  ['legalForm', 'yugen', '有限会社', 'Yugen kaisha'],
  ['legalForm', 'godo', '合同会社', 'Godo kaisha (LLC)'],
  ['legalForm', 'gomei', '合名会社', 'Gomei kaisha'],
  ['legalForm', 'goshi', '合資会社', 'Goshi kaisha'],
  ['legalForm', 'general_association', '一般社団法人', 'General incorporated association'],
  ['legalForm', 'national_university', '国立大学法人', 'National university corporation'],
  ['legalForm', 'public_body', '地方公共団体', 'Local government'],
  ['legalForm', 'national_body', '国の機関', 'National government body'],
  ['legalForm', 'foreign_company', '外国会社等', 'Foreign company'],
  ['legalForm', 'other', 'その他', 'Other'],
];

/** The code lists an admin starts from (and may extend). */
export class CodeLists1790000000002 implements MigrationInterface {
  name = 'CodeLists1790000000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [index, [kind, code, ja, en]] of CODES.entries()) {
      await queryRunner.query(
        `INSERT INTO code_list_items (kind, code, label_ja, label_en, sort_order) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING`,
        [kind, code, ja, en, (index + 1) * 10],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM code_list_items WHERE kind IN ('sector', 'topic', 'legalForm')`);
  }
}
