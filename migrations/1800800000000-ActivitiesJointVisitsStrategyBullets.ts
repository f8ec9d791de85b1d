import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15: the station's training and PR (activities, activity_partners), joint visits
 * (visit_joint_partners), the strategy table in the seed's shape (number, description, bullets with
 * 再掲) and app_search_normalize(text): libs/japanese normalizeSearchText in SQL, for GET /search.
 */
export class ActivitiesJointVisitsStrategyBullets1800800000000 implements MigrationInterface {
  name = 'ActivitiesJointVisitsStrategyBullets1800800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "activities" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "station_id" uuid NOT NULL, "kind" character varying(32) NOT NULL, "held_on" date NOT NULL, "title" text NOT NULL, "participants" integer NOT NULL DEFAULT '0', "topics" text array NOT NULL DEFAULT '{}', "notes" text, "created_by" uuid NOT NULL, CONSTRAINT "ck_activities_participants" CHECK ("participants" >= 0), CONSTRAINT "ck_activities_kind" CHECK ("kind" IN ('training', 'lecture_attended', 'exercise_participation', 'pr_web', 'pr_media', 'pr_notice', 'other')), CONSTRAINT "PK_activities" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_activities_station_held" ON "activities" ("station_id", "held_on") `,
    );
    await queryRunner.query(
      `ALTER TABLE "activities" ADD CONSTRAINT "FK_f46dae399ee7f9d4093ffab4aba" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "activity_partners" ("activity_id" uuid NOT NULL, "partner_id" uuid NOT NULL, CONSTRAINT "PK_activity_partners" PRIMARY KEY ("activity_id", "partner_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_activity_partners_partner" ON "activity_partners" ("partner_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "activity_partners" ADD CONSTRAINT "FK_67864b6ae3796257128494f20b8" FOREIGN KEY ("activity_id") REFERENCES "activities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "activity_partners" ADD CONSTRAINT "FK_5d7194c182ba4a8204cf773e571" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "visit_joint_partners" ("visit_id" uuid NOT NULL, "partner_id" uuid NOT NULL, CONSTRAINT "PK_visit_joint_partners" PRIMARY KEY ("visit_id", "partner_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_visit_joint_partners_partner" ON "visit_joint_partners" ("partner_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "visit_joint_partners" ADD CONSTRAINT "FK_00b7067f168445b4c8000417cb7" FOREIGN KEY ("visit_id") REFERENCES "visits"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "visit_joint_partners" ADD CONSTRAINT "FK_92fb95ee3d8437cfc2c7dc3c171" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );

    // Strategy tasks: 課題 = numbered heading + descriptive paragraph; bullets {text, repeated}.
    await queryRunner.query(
      `ALTER TABLE "strategy_tasks" ADD "number" character varying(16) NOT NULL DEFAULT ''`,
    );
    await queryRunner.query(`ALTER TABLE "strategy_tasks" ADD "description" text NOT NULL DEFAULT ''`);
    await queryRunner.query(`ALTER TABLE "strategy_tasks" ADD "actions_so_far" jsonb NOT NULL DEFAULT '[]'`);
    // Existing tasks: their planned text becomes one bullet per line; numbered in their order.
    await queryRunner.query(`ALTER TABLE "strategy_tasks" ADD "planned_bullets" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(
      `UPDATE strategy_tasks SET planned_bullets =
         COALESCE((SELECT jsonb_agg(jsonb_build_object('text', btrim(regexp_replace(l, '^[・\\s]+', '')), 'repeated', false) ORDER BY n)
                     FROM regexp_split_to_table(planned_actions, E'\\n') WITH ORDINALITY AS x(l, n)
                    WHERE btrim(regexp_replace(l, '^[・\\s]+', '')) <> ''), '[]'::jsonb)`,
    );
    await queryRunner.query(`ALTER TABLE "strategy_tasks" DROP COLUMN "planned_actions"`);
    await queryRunner.query(
      `ALTER TABLE "strategy_tasks" RENAME COLUMN "planned_bullets" TO "planned_actions"`,
    );
    await queryRunner.query(
      `UPDATE strategy_tasks t SET number = n.rn::text
         FROM (SELECT id, row_number() OVER (PARTITION BY prefecture_code ORDER BY sort_order, title, id) AS rn
                 FROM strategy_tasks) n
        WHERE n.id = t.id AND t.number = ''`,
    );

    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION app_search_normalize(t text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
        SELECT regexp_replace(regexp_replace(regexp_replace(regexp_replace(
                 translate(lower(normalize(coalesce(t, ''), NFKC)),
                           'ぁあぃいぅうぇえぉおかがきぎくぐけげこごさざしじすずせぜそぞただちぢっつづてでとどなにぬねのはばぱひびぴふぶぷへべぺほぼぽまみむめもゃやゅゆょよらりるれろゎわゐゑをんゔゕゖゝゞ',
                           'ァアィイゥウェエォオカガキギクグケゲコゴサザシジスズセゼソゾタダチヂッツヅテデトドナニヌネノハバパヒビピフブプヘベペホボポマミムメモャヤュユョヨラリルレロヮワヰヱヲンヴヵヶヽヾ'),
                 '(?<=[0-9a-z])ー', '-', 'g'),
                 '[\u002d\u2010-\u2015\u2043\u2212\ufe58\ufe63\uff0d]', '-', 'g'),
                 '[\u301c\uff5e\u223c\u007e]', '~', 'g'),
                 '[[:space:]\u30fb\u200b\u2060\ufeff]+', '', 'g')
      $fn$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION IF EXISTS app_search_normalize(text)`);
    await queryRunner.query(`ALTER TABLE "strategy_tasks" ADD "planned_text" text NOT NULL DEFAULT ''`);
    await queryRunner.query(
      `UPDATE strategy_tasks SET planned_text =
         COALESCE((SELECT string_agg(b->>'text', E'\\n') FROM jsonb_array_elements(planned_actions) b), '')`,
    );
    await queryRunner.query(`ALTER TABLE "strategy_tasks" DROP COLUMN "planned_actions"`);
    await queryRunner.query(`ALTER TABLE "strategy_tasks" RENAME COLUMN "planned_text" TO "planned_actions"`);
    await queryRunner.query(`ALTER TABLE "strategy_tasks" DROP COLUMN "actions_so_far"`);
    await queryRunner.query(`ALTER TABLE "strategy_tasks" DROP COLUMN "description"`);
    await queryRunner.query(`ALTER TABLE "strategy_tasks" DROP COLUMN "number"`);
    await queryRunner.query(`DROP TABLE "visit_joint_partners"`);
    await queryRunner.query(`DROP TABLE "activity_partners"`);
    await queryRunner.query(`DROP TABLE "activities"`);
  }
}
