import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1790000000000 implements MigrationInterface {
  name = 'Initial1790000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "actor_username" text, "action" character varying(64) NOT NULL, "entity_type" character varying(64) NOT NULL, "entity_id" text, "station_id" uuid, "changes" jsonb, "request_id" text, "client_ip" text, CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_audit_events_occurred_at" ON "audit_events" ("occurred_at") `);
    await queryRunner.query(
      `CREATE INDEX "ix_audit_events_station_time" ON "audit_events" ("station_id", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_audit_events_entity" ON "audit_events" ("entity_type", "entity_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "stations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "code" character varying(20) NOT NULL, "name" text NOT NULL, "prefecture_code" character(2) NOT NULL, "municipality_codes" text array NOT NULL DEFAULT '{}', CONSTRAINT "PK_f047974bd453c85b08bab349367" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_stations_code" ON "stations" ("code") `);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "username" character varying(64) NOT NULL, "display_name" text NOT NULL, "role" character varying(16) NOT NULL, "station_id" uuid, "disabled" boolean NOT NULL DEFAULT false, "password_hash" text NOT NULL, "must_change_password" boolean NOT NULL DEFAULT false, "password_changed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_username" ON "users" ("username") `);
    await queryRunner.query(
      `CREATE TABLE "sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token_hash" bytea NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "client_ip" text, CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_sessions_token_hash" ON "sessions" ("token_hash") `);
    await queryRunner.query(`CREATE INDEX "ix_sessions_user_id" ON "sessions" ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "login_throttles" ("scope" character varying(8) NOT NULL, "key" text NOT NULL, "failures" integer NOT NULL DEFAULT '0', "window_started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "locked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_adf5fc7be888c3df2efb59144db" PRIMARY KEY ("scope", "key"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "organizations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "station_id" uuid NOT NULL, "corporate_number" character(13), "name" text NOT NULL, "name_kana" text, "legal_form" character varying(64), "sector" character varying(64), "technologies" text array NOT NULL DEFAULT '{}', "tier" character(1) NOT NULL DEFAULT 'C', "municipality_code" character(5), "municipality_name" text, "address" text, "postal_code" character(7), "export_control_relevant" boolean NOT NULL DEFAULT false, "consultation_desk" character varying(16) NOT NULL DEFAULT 'none', "status" character varying(16) NOT NULL DEFAULT 'active', "closed_on" date, "notes" text, "source" character varying(16) NOT NULL DEFAULT 'manual', "register_updated_on" date, "search_text" text NOT NULL DEFAULT '', "normalized_name" text NOT NULL DEFAULT '', "sort_key" text NOT NULL DEFAULT '', "archived_at" TIMESTAMP WITH TIME ZONE, "merged_into_id" uuid, CONSTRAINT "PK_6b031fcd0863e3f6b44230163f9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_organizations_municipality_code" ON "organizations" ("municipality_code") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_organizations_station_sort" ON "organizations" ("station_id", "sort_key", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_organizations_station_corporate_number" ON "organizations" ("station_id", "corporate_number") WHERE corporate_number IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "visits" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "station_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "visited_at" TIMESTAMP WITH TIME ZONE NOT NULL, "visited_on" date NOT NULL, "format" character varying(16) NOT NULL, "joint_with" text, "topics" text array NOT NULL DEFAULT '{}', "materials" text array NOT NULL DEFAULT '{}', "summary" text NOT NULL DEFAULT '', "concerns_raised" text, "status" character varying(16) NOT NULL DEFAULT 'draft', "created_by" uuid NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE, "approved_at" TIMESTAMP WITH TIME ZONE, "approved_by" uuid, "return_reason" text, CONSTRAINT "PK_0b0b322289a41015c6ea4e8bf30" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_visits_station_status" ON "visits" ("station_id", "status") `);
    await queryRunner.query(
      `CREATE INDEX "ix_visits_organization_visited_on" ON "visits" ("organization_id", "visited_on") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_visits_station_visited_on" ON "visits" ("station_id", "visited_on") `,
    );
    await queryRunner.query(
      `CREATE TABLE "contacts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "organization_id" uuid NOT NULL, "station_id" uuid NOT NULL, "name" text NOT NULL, "name_kana" text, "title" text, "role" character varying(16) NOT NULL DEFAULT 'other', "phone" text, "email" text, "archived_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b99cd40cfd66a99f1571f4f72e6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_contacts_organization" ON "contacts" ("organization_id") `);
    await queryRunner.query(
      `CREATE TABLE "partners" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "prefecture_code" character(2) NOT NULL, "name" text NOT NULL, "kind" character varying(16) NOT NULL, "department" text, "contact_name" text, "phone" text, "email" text, "notes" text, CONSTRAINT "PK_998645b20820e4ab99aeae03b41" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_partners_prefecture_name" ON "partners" ("prefecture_code", "name") `,
    );
    await queryRunner.query(
      `CREATE TABLE "network_members" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "network_id" uuid NOT NULL, "organization_id" uuid, "member_partner_id" uuid, CONSTRAINT "PK_9bef3d48aa5999465dc69a72e4c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_network_members_network" ON "network_members" ("network_id") `);
    await queryRunner.query(
      `CREATE TABLE "liaisons" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "partner_id" uuid NOT NULL, "station_id" uuid NOT NULL, "held_on" date NOT NULL, "our_attendees" text array NOT NULL DEFAULT '{}', "their_attendees" text array NOT NULL DEFAULT '{}', "subject" text NOT NULL, "agreed" text, "follow_up" text, "topics" text array NOT NULL DEFAULT '{}', "created_by" uuid NOT NULL, CONSTRAINT "PK_f4361428320454cff2b21381109" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_liaisons_station_held" ON "liaisons" ("station_id", "held_on") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_liaisons_partner_held" ON "liaisons" ("partner_id", "held_on") `,
    );
    await queryRunner.query(
      `CREATE TABLE "seminars" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "station_id" uuid NOT NULL, "title" text NOT NULL, "kind" character varying(16) NOT NULL, "held_on" date NOT NULL, "venue" text, "speakers" jsonb NOT NULL DEFAULT '[]', "topics" text array NOT NULL DEFAULT '{}', "notes" text, "created_by" uuid NOT NULL, CONSTRAINT "PK_c45e6b90e0fa9d8ea7341de3660" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_seminars_station_held" ON "seminars" ("station_id", "held_on") `,
    );
    await queryRunner.query(
      `CREATE TABLE "seminar_participants" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seminar_id" uuid NOT NULL, "organization_id" uuid, "name" text, "attendee_count" integer NOT NULL, "position" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_0611328a5e1e629df1b93ace450" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_seminar_participants_organization" ON "seminar_participants" ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_seminar_participants_seminar" ON "seminar_participants" ("seminar_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "seminar_partners" ("seminar_id" uuid NOT NULL, "partner_id" uuid NOT NULL, CONSTRAINT "PK_d79a9b9d3e112fbc5e28b7b087b" PRIMARY KEY ("seminar_id", "partner_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "council_meetings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "station_id" uuid NOT NULL, "held_on" date NOT NULL, "place" text, "attendance" jsonb NOT NULL DEFAULT '{}', "agenda" text array NOT NULL DEFAULT '{}', "consultation_topic" text, "notes" text, CONSTRAINT "PK_568b036d0137e2fed505a22d71a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_council_meetings_station_held" ON "council_meetings" ("station_id", "held_on") `,
    );
    await queryRunner.query(
      `CREATE TABLE "council_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "meeting_id" uuid NOT NULL, "station_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "raised_by" text, "text" text NOT NULL, "response" text, "position" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_7d9459034139504611d920f91a1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_council_items_meeting" ON "council_items" ("meeting_id", "position") `,
    );
    await queryRunner.query(
      `CREATE TABLE "follow_ups" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "council_item_id" uuid NOT NULL, "station_id" uuid NOT NULL, "title" text NOT NULL, "owner_id" uuid, "due_on" date NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'open', "result" text, "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_d510aabdff2ec7fdc67a1092157" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_follow_ups_item" ON "follow_ups" ("council_item_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_follow_ups_station_status_due" ON "follow_ups" ("station_id", "status", "due_on") `,
    );
    await queryRunner.query(
      `CREATE TABLE "follow_up_links" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "follow_up_id" uuid NOT NULL, "visit_id" uuid, "seminar_id" uuid, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6999e90575d207a7867cca9de8f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_follow_up_links_follow_up" ON "follow_up_links" ("follow_up_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "visit_officers" ("visit_id" uuid NOT NULL, "user_id" uuid NOT NULL, CONSTRAINT "PK_db824d47de8d334dd1e62138eaa" PRIMARY KEY ("visit_id", "user_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_visit_officers_user" ON "visit_officers" ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "visit_attendees" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "visit_id" uuid NOT NULL, "contact_id" uuid, "name" text, "role" character varying(16) NOT NULL, "position" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_32a3e9ac3a11af3ecc2bd99a0a4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_visit_attendees_visit" ON "visit_attendees" ("visit_id") `);
    await queryRunner.query(
      `CREATE TABLE "visit_follow_ups" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "visit_id" uuid NOT NULL, "title" text NOT NULL, "due_on" date, "owner_id" uuid, "status" character varying(16) NOT NULL DEFAULT 'open', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c282ff175d2c20e557706ca91d4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_visit_follow_ups_visit" ON "visit_follow_ups" ("visit_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_visit_follow_ups_owner_status" ON "visit_follow_ups" ("owner_id", "status") `,
    );
    await queryRunner.query(
      `CREATE TABLE "visit_council_items" ("visit_id" uuid NOT NULL, "council_item_id" uuid NOT NULL, CONSTRAINT "PK_1840942e203a5315751e9a6b2fd" PRIMARY KEY ("visit_id", "council_item_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "seminar_council_items" ("seminar_id" uuid NOT NULL, "council_item_id" uuid NOT NULL, CONSTRAINT "PK_07ff10b0724553e6245b098f79e" PRIMARY KEY ("seminar_id", "council_item_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "strategy_tasks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "prefecture_code" character(2) NOT NULL, "title" text NOT NULL, "lead_agencies" text array NOT NULL DEFAULT '{}', "topics" text array NOT NULL DEFAULT '{}', "planned_actions" text NOT NULL DEFAULT '', "sort_order" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_76b12886378a6e8877d7e891ec8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_strategy_tasks_prefecture_order" ON "strategy_tasks" ("prefecture_code", "sort_order") `,
    );
    await queryRunner.query(
      `CREATE TABLE "organization_changes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "station_id" uuid NOT NULL, "changed_on" date NOT NULL, "source" character varying(16) NOT NULL, "field" character varying(32) NOT NULL, "old_value" text, "new_value" text, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5ac139564641aeff01c6e7886a2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_organization_changes_org" ON "organization_changes" ("organization_id", "changed_on") `,
    );
    await queryRunner.query(
      `CREATE TABLE "code_list_items" ("kind" character varying(32) NOT NULL, "code" character varying(64) NOT NULL, "label_ja" text NOT NULL, "label_en" text NOT NULL, "sort_order" integer NOT NULL DEFAULT '0', "active" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_3b798cad235fca0c644879193c8" PRIMARY KEY ("kind", "code"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "consultations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "station_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "category" character varying(32) NOT NULL, "summary" text NOT NULL DEFAULT '', "handling" text, "escalated" boolean NOT NULL DEFAULT false, "escalated_at" TIMESTAMP WITH TIME ZONE, "status" character varying(16) NOT NULL DEFAULT 'open', "closed_at" TIMESTAMP WITH TIME ZONE, "restricted" boolean NOT NULL DEFAULT false, "created_by" uuid NOT NULL, CONSTRAINT "PK_c5b78e9424d9bc68464f6a12103" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_consultations_organization" ON "consultations" ("organization_id", "received_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_consultations_station_received" ON "consultations" ("station_id", "received_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_bdfe745b37e9669be5678d2cc11" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sessions" ADD CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "organizations" ADD CONSTRAINT "FK_356ad14b93654697c702bbfff28" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "visits" ADD CONSTRAINT "FK_1b17f9c4abbe0768bf3ed7a63f5" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "visits" ADD CONSTRAINT "FK_1ff848f16ae2f90bbc0120d9fe9" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contacts" ADD CONSTRAINT "FK_0799185e89f0eec8f7ec05a5bb8" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "network_members" ADD CONSTRAINT "FK_240ed36e942046faaae89f8012c" FOREIGN KEY ("network_id") REFERENCES "partners"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "network_members" ADD CONSTRAINT "FK_bab9614975beac2920187741b54" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "network_members" ADD CONSTRAINT "FK_de6063175af30a0d1c9118700d7" FOREIGN KEY ("member_partner_id") REFERENCES "partners"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "liaisons" ADD CONSTRAINT "FK_e64160650cbe7107b94ea04f9f1" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "liaisons" ADD CONSTRAINT "FK_7edac0943e58b4e0bc63211622d" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "seminars" ADD CONSTRAINT "FK_82a9c3d86232ccefae767331a74" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "seminar_participants" ADD CONSTRAINT "FK_9ecf27b46530bfc9e7d3c5e26cb" FOREIGN KEY ("seminar_id") REFERENCES "seminars"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "seminar_participants" ADD CONSTRAINT "FK_a2cd23d3835ee2d8b9b5d2618f1" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "seminar_partners" ADD CONSTRAINT "FK_6bd203988cc4df8b22515a39258" FOREIGN KEY ("seminar_id") REFERENCES "seminars"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "seminar_partners" ADD CONSTRAINT "FK_fc651d49c7d0410bd536e86152e" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "council_meetings" ADD CONSTRAINT "FK_b8ff8468fb84b3e6ec64d14d719" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "council_items" ADD CONSTRAINT "FK_4c480a66e8b780299e9553d3187" FOREIGN KEY ("meeting_id") REFERENCES "council_meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_ups" ADD CONSTRAINT "FK_651531d5b2ae250686d0e317d11" FOREIGN KEY ("council_item_id") REFERENCES "council_items"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_ups" ADD CONSTRAINT "FK_ff46329774a867f6714d1ed2ecd" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_up_links" ADD CONSTRAINT "FK_efb3b996dc9668e8644b3cb3669" FOREIGN KEY ("follow_up_id") REFERENCES "follow_ups"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_up_links" ADD CONSTRAINT "FK_a1a5907d9ff08c9f3cf3e92aa57" FOREIGN KEY ("visit_id") REFERENCES "visits"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_up_links" ADD CONSTRAINT "FK_c2ea96304f57a0736bffc8a57d3" FOREIGN KEY ("seminar_id") REFERENCES "seminars"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "visit_officers" ADD CONSTRAINT "FK_47529efbd41276ef748b36fe205" FOREIGN KEY ("visit_id") REFERENCES "visits"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "visit_officers" ADD CONSTRAINT "FK_b71a8581b207927e3d74f8e7ed5" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "visit_attendees" ADD CONSTRAINT "FK_447f0f85218af7de436374cc742" FOREIGN KEY ("visit_id") REFERENCES "visits"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "visit_attendees" ADD CONSTRAINT "FK_5dc437f415cbf07b700b563f90d" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "visit_follow_ups" ADD CONSTRAINT "FK_24d5fca48039c9177fee971d0a3" FOREIGN KEY ("visit_id") REFERENCES "visits"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "visit_council_items" ADD CONSTRAINT "FK_66199828798aa4d697b24e1111e" FOREIGN KEY ("visit_id") REFERENCES "visits"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "visit_council_items" ADD CONSTRAINT "FK_050dcff86a89e51279d678f41c6" FOREIGN KEY ("council_item_id") REFERENCES "council_items"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "seminar_council_items" ADD CONSTRAINT "FK_8c47a8dbf8976179c02c722f4ba" FOREIGN KEY ("seminar_id") REFERENCES "seminars"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "seminar_council_items" ADD CONSTRAINT "FK_b8fab9437bd2e98d9d5ddd8bc15" FOREIGN KEY ("council_item_id") REFERENCES "council_items"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "consultations" ADD CONSTRAINT "FK_0780f288646d56da01266414b4a" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "consultations" ADD CONSTRAINT "FK_31b9c1a0da7d02dd0a1ff6106e7" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "consultations" DROP CONSTRAINT "FK_31b9c1a0da7d02dd0a1ff6106e7"`);
    await queryRunner.query(`ALTER TABLE "consultations" DROP CONSTRAINT "FK_0780f288646d56da01266414b4a"`);
    await queryRunner.query(
      `ALTER TABLE "seminar_council_items" DROP CONSTRAINT "FK_b8fab9437bd2e98d9d5ddd8bc15"`,
    );
    await queryRunner.query(
      `ALTER TABLE "seminar_council_items" DROP CONSTRAINT "FK_8c47a8dbf8976179c02c722f4ba"`,
    );
    await queryRunner.query(
      `ALTER TABLE "visit_council_items" DROP CONSTRAINT "FK_050dcff86a89e51279d678f41c6"`,
    );
    await queryRunner.query(
      `ALTER TABLE "visit_council_items" DROP CONSTRAINT "FK_66199828798aa4d697b24e1111e"`,
    );
    await queryRunner.query(
      `ALTER TABLE "visit_follow_ups" DROP CONSTRAINT "FK_24d5fca48039c9177fee971d0a3"`,
    );
    await queryRunner.query(`ALTER TABLE "visit_attendees" DROP CONSTRAINT "FK_5dc437f415cbf07b700b563f90d"`);
    await queryRunner.query(`ALTER TABLE "visit_attendees" DROP CONSTRAINT "FK_447f0f85218af7de436374cc742"`);
    await queryRunner.query(`ALTER TABLE "visit_officers" DROP CONSTRAINT "FK_b71a8581b207927e3d74f8e7ed5"`);
    await queryRunner.query(`ALTER TABLE "visit_officers" DROP CONSTRAINT "FK_47529efbd41276ef748b36fe205"`);
    await queryRunner.query(`ALTER TABLE "follow_up_links" DROP CONSTRAINT "FK_c2ea96304f57a0736bffc8a57d3"`);
    await queryRunner.query(`ALTER TABLE "follow_up_links" DROP CONSTRAINT "FK_a1a5907d9ff08c9f3cf3e92aa57"`);
    await queryRunner.query(`ALTER TABLE "follow_up_links" DROP CONSTRAINT "FK_efb3b996dc9668e8644b3cb3669"`);
    await queryRunner.query(`ALTER TABLE "follow_ups" DROP CONSTRAINT "FK_ff46329774a867f6714d1ed2ecd"`);
    await queryRunner.query(`ALTER TABLE "follow_ups" DROP CONSTRAINT "FK_651531d5b2ae250686d0e317d11"`);
    await queryRunner.query(`ALTER TABLE "council_items" DROP CONSTRAINT "FK_4c480a66e8b780299e9553d3187"`);
    await queryRunner.query(
      `ALTER TABLE "council_meetings" DROP CONSTRAINT "FK_b8ff8468fb84b3e6ec64d14d719"`,
    );
    await queryRunner.query(
      `ALTER TABLE "seminar_partners" DROP CONSTRAINT "FK_fc651d49c7d0410bd536e86152e"`,
    );
    await queryRunner.query(
      `ALTER TABLE "seminar_partners" DROP CONSTRAINT "FK_6bd203988cc4df8b22515a39258"`,
    );
    await queryRunner.query(
      `ALTER TABLE "seminar_participants" DROP CONSTRAINT "FK_a2cd23d3835ee2d8b9b5d2618f1"`,
    );
    await queryRunner.query(
      `ALTER TABLE "seminar_participants" DROP CONSTRAINT "FK_9ecf27b46530bfc9e7d3c5e26cb"`,
    );
    await queryRunner.query(`ALTER TABLE "seminars" DROP CONSTRAINT "FK_82a9c3d86232ccefae767331a74"`);
    await queryRunner.query(`ALTER TABLE "liaisons" DROP CONSTRAINT "FK_7edac0943e58b4e0bc63211622d"`);
    await queryRunner.query(`ALTER TABLE "liaisons" DROP CONSTRAINT "FK_e64160650cbe7107b94ea04f9f1"`);
    await queryRunner.query(`ALTER TABLE "network_members" DROP CONSTRAINT "FK_de6063175af30a0d1c9118700d7"`);
    await queryRunner.query(`ALTER TABLE "network_members" DROP CONSTRAINT "FK_bab9614975beac2920187741b54"`);
    await queryRunner.query(`ALTER TABLE "network_members" DROP CONSTRAINT "FK_240ed36e942046faaae89f8012c"`);
    await queryRunner.query(`ALTER TABLE "contacts" DROP CONSTRAINT "FK_0799185e89f0eec8f7ec05a5bb8"`);
    await queryRunner.query(`ALTER TABLE "visits" DROP CONSTRAINT "FK_1ff848f16ae2f90bbc0120d9fe9"`);
    await queryRunner.query(`ALTER TABLE "visits" DROP CONSTRAINT "FK_1b17f9c4abbe0768bf3ed7a63f5"`);
    await queryRunner.query(`ALTER TABLE "organizations" DROP CONSTRAINT "FK_356ad14b93654697c702bbfff28"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_bdfe745b37e9669be5678d2cc11"`);
    await queryRunner.query(`DROP INDEX "public"."ix_consultations_station_received"`);
    await queryRunner.query(`DROP INDEX "public"."ix_consultations_organization"`);
    await queryRunner.query(`DROP TABLE "consultations"`);
    await queryRunner.query(`DROP TABLE "code_list_items"`);
    await queryRunner.query(`DROP INDEX "public"."ix_organization_changes_org"`);
    await queryRunner.query(`DROP TABLE "organization_changes"`);
    await queryRunner.query(`DROP INDEX "public"."ix_strategy_tasks_prefecture_order"`);
    await queryRunner.query(`DROP TABLE "strategy_tasks"`);
    await queryRunner.query(`DROP TABLE "seminar_council_items"`);
    await queryRunner.query(`DROP TABLE "visit_council_items"`);
    await queryRunner.query(`DROP INDEX "public"."ix_visit_follow_ups_owner_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_visit_follow_ups_visit"`);
    await queryRunner.query(`DROP TABLE "visit_follow_ups"`);
    await queryRunner.query(`DROP INDEX "public"."ix_visit_attendees_visit"`);
    await queryRunner.query(`DROP TABLE "visit_attendees"`);
    await queryRunner.query(`DROP INDEX "public"."ix_visit_officers_user"`);
    await queryRunner.query(`DROP TABLE "visit_officers"`);
    await queryRunner.query(`DROP INDEX "public"."ix_follow_up_links_follow_up"`);
    await queryRunner.query(`DROP TABLE "follow_up_links"`);
    await queryRunner.query(`DROP INDEX "public"."ix_follow_ups_station_status_due"`);
    await queryRunner.query(`DROP INDEX "public"."ix_follow_ups_item"`);
    await queryRunner.query(`DROP TABLE "follow_ups"`);
    await queryRunner.query(`DROP INDEX "public"."ix_council_items_meeting"`);
    await queryRunner.query(`DROP TABLE "council_items"`);
    await queryRunner.query(`DROP INDEX "public"."ix_council_meetings_station_held"`);
    await queryRunner.query(`DROP TABLE "council_meetings"`);
    await queryRunner.query(`DROP TABLE "seminar_partners"`);
    await queryRunner.query(`DROP INDEX "public"."ix_seminar_participants_seminar"`);
    await queryRunner.query(`DROP INDEX "public"."ix_seminar_participants_organization"`);
    await queryRunner.query(`DROP TABLE "seminar_participants"`);
    await queryRunner.query(`DROP INDEX "public"."ix_seminars_station_held"`);
    await queryRunner.query(`DROP TABLE "seminars"`);
    await queryRunner.query(`DROP INDEX "public"."ix_liaisons_partner_held"`);
    await queryRunner.query(`DROP INDEX "public"."ix_liaisons_station_held"`);
    await queryRunner.query(`DROP TABLE "liaisons"`);
    await queryRunner.query(`DROP INDEX "public"."ix_network_members_network"`);
    await queryRunner.query(`DROP TABLE "network_members"`);
    await queryRunner.query(`DROP INDEX "public"."ix_partners_prefecture_name"`);
    await queryRunner.query(`DROP TABLE "partners"`);
    await queryRunner.query(`DROP INDEX "public"."ix_contacts_organization"`);
    await queryRunner.query(`DROP TABLE "contacts"`);
    await queryRunner.query(`DROP INDEX "public"."ix_visits_station_visited_on"`);
    await queryRunner.query(`DROP INDEX "public"."ix_visits_organization_visited_on"`);
    await queryRunner.query(`DROP INDEX "public"."ix_visits_station_status"`);
    await queryRunner.query(`DROP TABLE "visits"`);
    await queryRunner.query(`DROP INDEX "public"."uq_organizations_station_corporate_number"`);
    await queryRunner.query(`DROP INDEX "public"."ix_organizations_station_sort"`);
    await queryRunner.query(`DROP INDEX "public"."ix_organizations_municipality_code"`);
    await queryRunner.query(`DROP TABLE "organizations"`);
    await queryRunner.query(`DROP TABLE "login_throttles"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sessions_user_id"`);
    await queryRunner.query(`DROP INDEX "public"."uq_sessions_token_hash"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP INDEX "public"."uq_users_username"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."uq_stations_code"`);
    await queryRunner.query(`DROP TABLE "stations"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_events_entity"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_events_station_time"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_events_occurred_at"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
  }
}
