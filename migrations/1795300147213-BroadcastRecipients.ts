import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A broadcast texts each volunteer at most once: a fan-out chunk written twice (a crash between commit and
 * cursor, two fan-out jobs) fails instead of doubling texts.
 */
export class BroadcastRecipients1795300147213 implements MigrationInterface {
  name = 'BroadcastRecipients1795300147213';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_messages_broadcast_volunteer" ON "messages" ("broadcast_id", "volunteer_id") WHERE "broadcast_id" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_messages_broadcast_volunteer"`);
  }
}
