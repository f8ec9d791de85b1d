import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulk writers (the register import) compute search_grams in JS (organization-text.ts searchGrams)
 * and supply them; the trigger then keeps them instead of recomputing them row by row in SQL, which
 * cost ~130 µs a row. Writers that leave the column alone still get it computed.
 */
export class SearchGramsFromWriters1796000000000 implements MigrationInterface {
  name = 'SearchGramsFromWriters1796000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION organizations_search_grams() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF cardinality(NEW.search_grams) > 0
           AND (TG_OP = 'INSERT' OR NEW.search_grams IS DISTINCT FROM OLD.search_grams) THEN
          RETURN NEW;
        END IF;
        NEW.search_grams := coalesce(organization_search_grams(NEW.search_text), '{}');
        RETURN NEW;
      END
      $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION organizations_search_grams() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_grams := coalesce(organization_search_grams(NEW.search_text), '{}');
        RETURN NEW;
      END
      $$`);
  }
}
