import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Message bodies can be wiped by the retention job: `body` becomes nullable, `body_purged_at` records when, and a
 * partial index holds only rows that still have a body, so each purge batch finds the oldest ones cheaply and the
 * index shrinks back to the retention window as the job catches up.
 */
export class MessageBodyRetention1795300400000 implements MigrationInterface {
  name = 'MessageBodyRetention1795300400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "messages" ALTER COLUMN "body" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "messages" ADD "body_purged_at" TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE INDEX "IDX_messages_body_kept" ON "messages" ("created_at") WHERE "body" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_messages_body_kept"`);
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "body_purged_at"`);
    // A purged body cannot come back; the empty string keeps the rows under the old NOT NULL.
    await queryRunner.query(`UPDATE "messages" SET "body" = '' WHERE "body" IS NULL`);
    await queryRunner.query(`ALTER TABLE "messages" ALTER COLUMN "body" SET NOT NULL`);
  }
}
