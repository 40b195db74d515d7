import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox reconciler's scan for texts interrupted mid-send stays small however long the history grows. */
export class OutboxSendingIndex1795300350000 implements MigrationInterface {
  name = 'OutboxSendingIndex1795300350000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_messages_sending_unconfirmed" ON "messages" ("updated_at") WHERE "status" = 'SENDING' AND "provider_sid" IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_messages_sending_unconfirmed"`);
  }
}
