import { MigrationInterface, QueryRunner } from 'typeorm';

export class OrganizationLastReach1797000000000 implements MigrationInterface {
  name = 'OrganizationLastReach1797000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "organization_last_reach" ("organization_id" uuid NOT NULL, "valid_from" date NOT NULL, "valid_until" date, "last_reached_on" date NOT NULL, CONSTRAINT "PK_438bee2af89ff4d6d8eb11d3dcb" PRIMARY KEY ("organization_id", "valid_from"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "organization_last_reach" ADD CONSTRAINT "FK_d3146977cfdd7c87e3c9d3023be" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "organization_last_reach" DROP CONSTRAINT "FK_d3146977cfdd7c87e3c9d3023be"`,
    );
    await queryRunner.query(`DROP TABLE "organization_last_reach"`);
  }
}
