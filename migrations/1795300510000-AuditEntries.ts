import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Who was shown which protected field of what, and when: one row per disclosure through the API. */
export class AuditEntries1795300510000 implements MigrationInterface {
  name = 'AuditEntries1795300510000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "audit_entries" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "actor_id" uuid NOT NULL REFERENCES "staff_users" ("id"),
        "action" character varying NOT NULL,
        "subject_type" character varying NOT NULL,
        "subject_id" uuid NOT NULL,
        "field" character varying NOT NULL,
        "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_audit_entries" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_entries_at" ON "audit_entries" ("at", "id")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_entries_actor_at" ON "audit_entries" ("actor_id", "at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_entries_subject_at" ON "audit_entries" ("subject_id", "at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_entries"`);
  }
}
