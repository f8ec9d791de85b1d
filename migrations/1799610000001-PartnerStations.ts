import { MigrationInterface, QueryRunner } from 'typeorm';
import { normalizeSearchText } from '../libs/japanese/text';

/** As apps/api/src/partners/partner-text.ts computed it when this migration was written. */
function partnerKey(name: string, department: string | null): string {
  const n = normalizeSearchText(name);
  const d = normalizeSearchText(department);
  return d && !n.includes(d) ? n + d : n;
}

/**
 * Partners of a station (station_id; null: prefecture-wide, hq's), the normalized name that flags
 * likely duplicates (name + department, normalized as organizations are: 和木町 総務課 = 和木町総務課),
 * and hq's merge of duplicates (status archived, merged_into_id). Existing partners are prefecture-wide.
 */
export class PartnerStations1799610000001 implements MigrationInterface {
  name = 'PartnerStations1799610000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "partners" ADD "station_id" uuid`);
    await queryRunner.query(`ALTER TABLE "partners" ADD "normalized_name" text NOT NULL DEFAULT ''`);
    await queryRunner.query(
      `ALTER TABLE "partners" ADD "status" character varying(16) NOT NULL DEFAULT 'active'`,
    );
    await queryRunner.query(`ALTER TABLE "partners" ADD "merged_into_id" uuid`);
    await queryRunner.query(`ALTER TABLE "partners" ADD "archived_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`CREATE INDEX "ix_partners_station" ON "partners" ("station_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_partners_prefecture_normalized_name" ON "partners" ("prefecture_code", "normalized_name") `,
    );
    await queryRunner.query(
      `ALTER TABLE "partners" ADD CONSTRAINT "ck_partners_status" CHECK ("status" IN ('active', 'archived'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "partners" ADD CONSTRAINT "FK_c714774df12625f7e5cc334f88f" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "partners" ADD CONSTRAINT "FK_c8446d7d1d1f350ebdde4c2432d" FOREIGN KEY ("merged_into_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // The normalization is the app's (JavaScript); partners are few, one statement for all of them.
    const rows: { id: string; name: string; department: string | null }[] = await queryRunner.query(
      `SELECT id, name, department FROM partners`,
    );
    if (rows.length > 0)
      await queryRunner.query(
        `UPDATE partners p SET normalized_name = v.n FROM unnest($1::uuid[], $2::text[]) AS v(id, n) WHERE p.id = v.id`,
        [rows.map((r) => r.id), rows.map((r) => partnerKey(r.name, r.department))],
      );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "partners" DROP CONSTRAINT "FK_c8446d7d1d1f350ebdde4c2432d"`);
    await queryRunner.query(`ALTER TABLE "partners" DROP CONSTRAINT "FK_c714774df12625f7e5cc334f88f"`);
    await queryRunner.query(`ALTER TABLE "partners" DROP CONSTRAINT "ck_partners_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_partners_prefecture_normalized_name"`);
    await queryRunner.query(`DROP INDEX "public"."ix_partners_station"`);
    await queryRunner.query(`ALTER TABLE "partners" DROP COLUMN "archived_at"`);
    await queryRunner.query(`ALTER TABLE "partners" DROP COLUMN "merged_into_id"`);
    await queryRunner.query(`ALTER TABLE "partners" DROP COLUMN "status"`);
    await queryRunner.query(`ALTER TABLE "partners" DROP COLUMN "normalized_name"`);
    await queryRunner.query(`ALTER TABLE "partners" DROP COLUMN "station_id"`);
  }
}
