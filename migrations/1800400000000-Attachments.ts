import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * attachments + attachment_blobs (issue 13): files on visits, seminars and council meetings, the
 * bytes in PostgreSQL (bytea) so that the database backup (libs/database/backup) holds them.
 */
export class Attachments1800400000000 implements MigrationInterface {
  name = 'Attachments1800400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "attachments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "station_id" uuid NOT NULL, "visit_id" uuid, "seminar_id" uuid, "meeting_id" uuid, "file_name" character varying(255) NOT NULL, "content_type" character varying(128) NOT NULL, "size" bigint NOT NULL, "sha256" character(64) NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_attachments_size" CHECK ("size" >= 0), CONSTRAINT "ck_attachments_one_parent" CHECK (num_nonnulls("visit_id", "seminar_id", "meeting_id") = 1), CONSTRAINT "PK_5e1f050bcff31e3084a1d662412" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_attachments_visit" ON "attachments" ("visit_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_attachments_seminar" ON "attachments" ("seminar_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_attachments_meeting" ON "attachments" ("meeting_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "attachment_blobs" ("attachment_id" uuid NOT NULL, "data" bytea NOT NULL, CONSTRAINT "PK_da4abc67e88bbdd819f1542349f" PRIMARY KEY ("attachment_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "attachments" ADD CONSTRAINT "FK_281299446abeab501b858401369" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attachments" ADD CONSTRAINT "FK_f2ece73b5779f73248c00b0fa88" FOREIGN KEY ("visit_id") REFERENCES "visits"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attachments" ADD CONSTRAINT "FK_cf7b6e53071ee3b5919c7a86fec" FOREIGN KEY ("seminar_id") REFERENCES "seminars"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attachments" ADD CONSTRAINT "FK_bcce66e30ffd770846422f315a6" FOREIGN KEY ("meeting_id") REFERENCES "council_meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attachments" ADD CONSTRAINT "FK_2d59febd2d8b3c772a11c35487e" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attachment_blobs" ADD CONSTRAINT "FK_da4abc67e88bbdd819f1542349f" FOREIGN KEY ("attachment_id") REFERENCES "attachments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "attachment_blobs" DROP CONSTRAINT "FK_da4abc67e88bbdd819f1542349f"`,
    );
    await queryRunner.query(`ALTER TABLE "attachments" DROP CONSTRAINT "FK_2d59febd2d8b3c772a11c35487e"`);
    await queryRunner.query(`ALTER TABLE "attachments" DROP CONSTRAINT "FK_bcce66e30ffd770846422f315a6"`);
    await queryRunner.query(`ALTER TABLE "attachments" DROP CONSTRAINT "FK_cf7b6e53071ee3b5919c7a86fec"`);
    await queryRunner.query(`ALTER TABLE "attachments" DROP CONSTRAINT "FK_f2ece73b5779f73248c00b0fa88"`);
    await queryRunner.query(`ALTER TABLE "attachments" DROP CONSTRAINT "FK_281299446abeab501b858401369"`);
    await queryRunner.query(`DROP TABLE "attachment_blobs"`);
    await queryRunner.query(`DROP INDEX "public"."ix_attachments_meeting"`);
    await queryRunner.query(`DROP INDEX "public"."ix_attachments_seminar"`);
    await queryRunner.query(`DROP INDEX "public"."ix_attachments_visit"`);
    await queryRunner.query(`DROP TABLE "attachments"`);
  }
}
