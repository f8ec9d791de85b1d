import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14, search right after a register import: the "name starts with the query" group of a
 * 1-2 character search (岩, 岩国) read every name with that start and sorted them by reading: at a
 * million organizations 22,000 rows, and right after an import (before VACUUM sets the visibility
 * map) 22,000 heap pages, 44-51 ms p95. These indexes hold the names' first one and two characters
 * in reading order, so the group reads only the page it answers (`left(normalized_name, n) = q
 * ORDER BY sort_key, id LIMIT n`, organizations.repository.ts searchConditions). Plain btrees on
 * columns every writer already sets: the register import's bulk path maintains them with the row.
 */
export class OrganizationNameInitialIndexes1801000000400 implements MigrationInterface {
  name = 'OrganizationNameInitialIndexes1801000000400';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const n of [1, 2])
      await queryRunner.query(
        `CREATE INDEX "ix_organizations_station_name_initial${n}" ON "organizations"
           ("station_id", left("normalized_name", ${n}), "sort_key", "id")`,
      );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const n of [1, 2]) await queryRunner.query(`DROP INDEX "ix_organizations_station_name_initial${n}"`);
  }
}
