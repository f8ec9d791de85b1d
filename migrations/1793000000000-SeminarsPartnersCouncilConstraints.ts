import { MigrationInterface, QueryRunner } from 'typeorm';

/** Integrity the services already enforce, kept by the database too (races, direct SQL). */
export class SeminarsPartnersCouncilConstraints1793000000000 implements MigrationInterface {
  name = 'SeminarsPartnersCouncilConstraints1793000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_network_members_partner" ON "network_members" ("network_id", "member_partner_id") WHERE "member_partner_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_network_members_organization" ON "network_members" ("network_id", "organization_id") WHERE "organization_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_seminar_partners_partner" ON "seminar_partners" ("partner_id") `,
    );
    await queryRunner.query(`CREATE INDEX "ix_follow_ups_owner" ON "follow_ups" ("owner_id") `);
    await queryRunner.query(`CREATE INDEX "ix_follow_up_links_seminar" ON "follow_up_links" ("seminar_id") `);
    await queryRunner.query(`CREATE INDEX "ix_follow_up_links_visit" ON "follow_up_links" ("visit_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_follow_up_links_seminar" ON "follow_up_links" ("follow_up_id", "seminar_id") WHERE "seminar_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_follow_up_links_visit" ON "follow_up_links" ("follow_up_id", "visit_id") WHERE "visit_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "network_members" ADD CONSTRAINT "ck_network_members_one" CHECK (("organization_id" IS NULL) <> ("member_partner_id" IS NULL))`,
    );
    await queryRunner.query(
      `ALTER TABLE "seminar_participants" ADD CONSTRAINT "ck_seminar_participants_who" CHECK (("organization_id" IS NULL) <> ("name" IS NULL))`,
    );
    await queryRunner.query(
      `ALTER TABLE "seminar_participants" ADD CONSTRAINT "ck_seminar_participants_count" CHECK ("attendee_count" >= 1)`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_ups" ADD CONSTRAINT "ck_follow_ups_status" CHECK ("status" IN ('open', 'in_progress', 'done', 'dropped'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_up_links" ADD CONSTRAINT "ck_follow_up_links_one" CHECK (("visit_id" IS NULL) <> ("seminar_id" IS NULL))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "follow_up_links" DROP CONSTRAINT "ck_follow_up_links_one"`);
    await queryRunner.query(`ALTER TABLE "follow_ups" DROP CONSTRAINT "ck_follow_ups_status"`);
    await queryRunner.query(
      `ALTER TABLE "seminar_participants" DROP CONSTRAINT "ck_seminar_participants_count"`,
    );
    await queryRunner.query(
      `ALTER TABLE "seminar_participants" DROP CONSTRAINT "ck_seminar_participants_who"`,
    );
    await queryRunner.query(`ALTER TABLE "network_members" DROP CONSTRAINT "ck_network_members_one"`);
    await queryRunner.query(`DROP INDEX "public"."uq_follow_up_links_visit"`);
    await queryRunner.query(`DROP INDEX "public"."uq_follow_up_links_seminar"`);
    await queryRunner.query(`DROP INDEX "public"."ix_follow_up_links_visit"`);
    await queryRunner.query(`DROP INDEX "public"."ix_follow_up_links_seminar"`);
    await queryRunner.query(`DROP INDEX "public"."ix_follow_ups_owner"`);
    await queryRunner.query(`DROP INDEX "public"."ix_seminar_partners_partner"`);
    await queryRunner.query(`DROP INDEX "public"."uq_network_members_organization"`);
    await queryRunner.query(`DROP INDEX "public"."uq_network_members_partner"`);
  }
}
