import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Targets and candidates (issue 14). `organizations.tier` becomes nullable: A/B/C is an outreach
 * target, NULL a candidate (known from the register, not chosen). Existing data migrates without
 * loss by this rule: a record becomes a candidate only when nothing shows that a person chose it,
 * that is, all of
 *  - it came from the register (`source = 'register'`) and still has what the import wrote: tier C
 *    (the import's old default), no sector, no technologies, no notes, no consultation desk, no
 *    export-control flag;
 *  - no person created, edited or merged it (no `audit_events` row of entity type organization with
 *    an actor and action organization.create / update / merge / bulk_update) and no manual or merge
 *    row in organization_changes;
 *  - no work was recorded against it: no contact, visit, seminar attendance, consultation or network
 *    membership.
 * Every other record keeps its tier. The rule is exported for the e2e test that checks it on seeded
 * data (test/organizations/targets.e2e-spec.ts). The count is written to the audit trail.
 *
 * Also `organization_views`: saved list views, a named filter per user.
 */
export const UNTOUCHED_REGISTER_ROWS_TO_CANDIDATES = `
  WITH moved AS (
    UPDATE organizations o SET tier = NULL
     WHERE o.source = 'register' AND o.tier = 'C' AND o.sector IS NULL AND o.technologies = '{}'
       AND o.notes IS NULL AND o.consultation_desk = 'none' AND NOT o.export_control_relevant
       AND NOT EXISTS (SELECT 1 FROM audit_events a
                        WHERE a.entity_type = 'organization' AND a.entity_id = o.id::text AND a.actor_id IS NOT NULL
                          AND a.action IN ('organization.create', 'organization.update', 'organization.merge',
                                           'organization.bulk_update'))
       AND NOT EXISTS (SELECT 1 FROM organization_changes c
                        WHERE c.organization_id = o.id AND c.source IN ('manual', 'merge'))
       AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.organization_id = o.id)
       AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.organization_id = o.id)
       AND NOT EXISTS (SELECT 1 FROM seminar_participants p WHERE p.organization_id = o.id)
       AND NOT EXISTS (SELECT 1 FROM consultations c WHERE c.organization_id = o.id)
       AND NOT EXISTS (SELECT 1 FROM network_members m WHERE m.organization_id = o.id)
    RETURNING o.station_id)
  SELECT station_id AS "stationId", count(*)::int AS n FROM moved GROUP BY station_id`;

export class TargetsAndCandidates1800500000000 implements MigrationInterface {
  name = 'TargetsAndCandidates1800500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organizations" ALTER COLUMN "tier" DROP NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "organizations" ADD CONSTRAINT "ck_organizations_tier" CHECK ("tier" IN ('A', 'B', 'C'))`,
    );
    const moved: { stationId: string; n: number }[] = await queryRunner.query(
      UNTOUCHED_REGISTER_ROWS_TO_CANDIDATES,
    );
    for (const { stationId, n } of moved) {
      await queryRunner.query(
        `INSERT INTO audit_events (action, entity_type, entity_id, station_id, changes)
         VALUES ('organization.candidates_migrated', 'organization', NULL, $1, $2)`,
        [
          stationId,
          JSON.stringify({ candidates: n, rule: 'untouched register rows (migration 1800500000000)' }),
        ],
      );
    }
    await queryRunner.query(
      `CREATE TABLE "organization_views" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "name" text NOT NULL, "filter" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_09a66fb669f9fb15757442925b3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_organization_views_user_name" ON "organization_views" ("user_id", "name") `,
    );
    await queryRunner.query(
      `ALTER TABLE "organization_views" ADD CONSTRAINT "FK_9ce4c1768c8b7b66301cd14a1c2" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "organization_views" DROP CONSTRAINT "FK_9ce4c1768c8b7b66301cd14a1c2"`,
    );
    await queryRunner.query(`DROP INDEX "public"."uq_organization_views_user_name"`);
    await queryRunner.query(`DROP TABLE "organization_views"`);
    await queryRunner.query(`ALTER TABLE "organizations" DROP CONSTRAINT "ck_organizations_tier"`);
    await queryRunner.query(`UPDATE organizations SET tier = 'C' WHERE tier IS NULL`);
    await queryRunner.query(`ALTER TABLE "organizations" ALTER COLUMN "tier" SET NOT NULL`);
  }
}
