import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff accounts an admin manages: a display name, deactivation, and a token version that a deactivation or a
 * password reset raises, so every token issued before it stops working at the next request.
 */
export class StaffAccounts1795301200000 implements MigrationInterface {
  name = 'StaffAccounts1795301200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "staff_users"
        ADD "name" character varying,
        ADD "deactivated_at" TIMESTAMP(3) WITH TIME ZONE,
        ADD "token_version" integer NOT NULL DEFAULT 0`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "staff_users" DROP "token_version", DROP "deactivated_at", DROP "name"`);
  }
}
