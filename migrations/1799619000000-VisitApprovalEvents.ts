import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * visit_approval_events: the approval history of each visit (issue 19). The steps taken before this
 * migration are copied from the audit trail (visit.submit / approve / return / reopen, with the
 * reason the manager gave), so existing visits keep their history. The copy is exported for the
 * e2e test that checks it (test/visits/approval-history.e2e-spec.ts).
 */
export const COPY_APPROVAL_HISTORY_FROM_AUDIT = `
      INSERT INTO visit_approval_events (visit_id, station_id, action, actor_id, comment, occurred_at)
      SELECT v.id, v.station_id,
             CASE a.action WHEN 'visit.submit' THEN 'submitted' WHEN 'visit.approve' THEN 'approved'
                           WHEN 'visit.return' THEN 'returned' ELSE 'reopened' END,
             u.id, NULLIF(btrim(COALESCE(a.changes ->> 'comment', a.changes ->> 'reason')), ''), a.occurred_at
        FROM audit_events a
        JOIN visits v ON v.id::text = a.entity_id
        LEFT JOIN users u ON u.id = a.actor_id
       WHERE a.entity_type = 'visit'
         AND a.action IN ('visit.submit', 'visit.approve', 'visit.return', 'visit.reopen')`;

export class VisitApprovalEvents1799619000000 implements MigrationInterface {
  name = 'VisitApprovalEvents1799619000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "visit_approval_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "visit_id" uuid NOT NULL, "station_id" uuid NOT NULL, "action" character varying(16) NOT NULL, "actor_id" uuid, "comment" text, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_visit_approval_events_action" CHECK ("action" IN ('submitted', 'returned', 'approved', 'reopened')), CONSTRAINT "PK_d2fe6891090d2e107973a2d4dd0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_visit_approval_events_visit" ON "visit_approval_events" ("visit_id", "occurred_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "visit_approval_events" ADD CONSTRAINT "FK_5791dbd7502a4d31c4a94e93ac5" FOREIGN KEY ("visit_id") REFERENCES "visits"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "visit_approval_events" ADD CONSTRAINT "FK_419c2a2242169c0f0cdd4c4a03c" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(COPY_APPROVAL_HISTORY_FROM_AUDIT);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "visit_approval_events" DROP CONSTRAINT "FK_419c2a2242169c0f0cdd4c4a03c"`,
    );
    await queryRunner.query(
      `ALTER TABLE "visit_approval_events" DROP CONSTRAINT "FK_5791dbd7502a4d31c4a94e93ac5"`,
    );
    await queryRunner.query(`DROP INDEX "public"."ix_visit_approval_events_visit"`);
    await queryRunner.query(`DROP TABLE "visit_approval_events"`);
  }
}
