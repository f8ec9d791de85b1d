import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Large exports and report files as jobs (issue 16): the file a job made is kept in PostgreSQL
 * (`job_files`, its bytes in ~1 MB `job_file_chunks`), so any API instance can hand it out, until it
 * expires. The chunks are stored uncompressed (STORAGE EXTERNAL): XLSX is already a zip, and TOAST
 * compression of CSV would cost the database CPU for a file that lives a day. Queues `export` and
 * `report_file` for the two job kinds.
 */
export class JobFiles1801000000200 implements MigrationInterface {
  name = 'JobFiles1801000000200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "job_files" ("job_id" uuid NOT NULL, "name" text NOT NULL, "ascii_name" text NOT NULL, "content_type" text NOT NULL, "size" bigint NOT NULL, "roles" text array NOT NULL, "audit_action" character varying(60) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_job_files_size" CHECK ("size" >= 0), CONSTRAINT "PK_7d15ccfea066b5396ab111f6f95" PRIMARY KEY ("job_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_job_files_expires_at" ON "job_files" ("expires_at") `);
    await queryRunner.query(
      `CREATE TABLE "job_file_chunks" ("job_id" uuid NOT NULL, "seq" integer NOT NULL, "data" bytea NOT NULL, CONSTRAINT "PK_b7ffff3b2bbc1a049ac2f07b1a4" PRIMARY KEY ("job_id", "seq"))`,
    );
    await queryRunner.query(`ALTER TABLE "job_file_chunks" ALTER COLUMN "data" SET STORAGE EXTERNAL`);
    await queryRunner.query(
      `ALTER TABLE "job_files" ADD CONSTRAINT "fk_job_files_job" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "job_file_chunks" ADD CONSTRAINT "fk_job_file_chunks_file" FOREIGN KEY ("job_id") REFERENCES "job_files"("job_id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    for (const queue of ['export', 'report_file'])
      await queryRunner.query(`SELECT pgboss.create_queue($1, $2::json)`, [
        queue,
        JSON.stringify({
          policy: 'standard',
          retryLimit: 0,
          retryDelay: 2,
          retryBackoff: false,
          expireInSeconds: 7200,
        }),
      ]);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT pgboss.delete_queue($1)`, ['report_file']);
    await queryRunner.query(`SELECT pgboss.delete_queue($1)`, ['export']);
    await queryRunner.query(`ALTER TABLE "job_file_chunks" DROP CONSTRAINT "fk_job_file_chunks_file"`);
    await queryRunner.query(`ALTER TABLE "job_files" DROP CONSTRAINT "fk_job_files_job"`);
    await queryRunner.query(`DROP TABLE "job_file_chunks"`);
    await queryRunner.query(`DROP INDEX "public"."ix_job_files_expires_at"`);
    await queryRunner.query(`DROP TABLE "job_files"`);
  }
}
