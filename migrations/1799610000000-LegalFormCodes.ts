import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `organizations.legal_form` holds a code of the code list `legalForm` everywhere. Register imports
 * used to store the NTA's Japanese text (株式会社); those rows get the code whose label it is (the
 * NTA kinds first, then any label of the code list), and the NTA kind その他の設立登記法人 gets a code
 * of its own. The UI, exports and reports show the code list's label.
 */
const NTA_FORMS: [label: string, code: string][] = [
  ['国の機関', 'national_body'],
  ['地方公共団体', 'public_body'],
  ['株式会社', 'kabushiki'],
  ['有限会社', 'yugen'],
  ['合名会社', 'gomei'],
  ['合資会社', 'goshi'],
  ['合同会社', 'godo'],
  ['その他の設立登記法人', 'other_registered'],
  ['外国会社等', 'foreign_company'],
  ['その他', 'other'],
];

export class LegalFormCodes1799610000000 implements MigrationInterface {
  name = 'LegalFormCodes1799610000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO code_list_items (kind, code, label_ja, label_en, sort_order)
       VALUES ('legalForm', 'other_registered', 'その他の設立登記法人', 'Other registered corporation', 305)
       ON CONFLICT DO NOTHING`,
    );
    await queryRunner.query(
      `UPDATE organizations o SET legal_form = m.code
         FROM unnest($1::text[], $2::text[]) AS m(label, code)
        WHERE o.legal_form = m.label`,
      [NTA_FORMS.map(([label]) => label), NTA_FORMS.map(([, code]) => code)],
    );
    await queryRunner.query(
      `UPDATE organizations o SET legal_form = c.code
         FROM code_list_items c
        WHERE c.kind = 'legalForm' AND o.legal_form = c.label_ja AND o.legal_form <> c.code
          AND NOT EXISTS (SELECT 1 FROM code_list_items k WHERE k.kind = 'legalForm' AND k.code = o.legal_form)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // The codes stay: the text form is what this migration ends.
    await queryRunner.query(
      `DELETE FROM code_list_items c WHERE c.kind = 'legalForm' AND c.code = 'other_registered'
          AND NOT EXISTS (SELECT 1 FROM organizations o WHERE o.legal_form = 'other_registered')`,
    );
  }
}
