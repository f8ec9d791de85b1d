import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The (station_id, normalized_name) index also carries sort_key, status and id, so the "name starts
 * with the query" group of a search is read by an index-only scan, however many names match.
 */
export class OrganizationNamePrefixIndex1791000000001 implements MigrationInterface {
  name = 'OrganizationNamePrefixIndex1791000000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_organizations_station_normalized_name"`);
    await queryRunner.query(
      `CREATE INDEX "ix_organizations_station_normalized_name" ON "organizations"
         ("station_id", "normalized_name" text_pattern_ops) INCLUDE ("sort_key", "status", "id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_organizations_station_normalized_name"`);
    await queryRunner.query(
      `CREATE INDEX "ix_organizations_station_normalized_name" ON "organizations" ("station_id", "normalized_name" text_pattern_ops)`,
    );
  }
}
