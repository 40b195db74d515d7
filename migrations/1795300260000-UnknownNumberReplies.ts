import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Finds the last reply to an unknown number without scanning every message (it stays tiny: one row per number). */
export class UnknownNumberReplies1795300260000 implements MigrationInterface {
  name = 'UnknownNumberReplies1795300260000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_messages_unknown_number_replies" ON "messages" ("phone", "created_at") WHERE "template_key" = 'unknown_number'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_messages_unknown_number_replies"`);
  }
}
