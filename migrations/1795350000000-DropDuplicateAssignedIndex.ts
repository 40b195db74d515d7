import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two indexes led with the assigned volunteer: every query by volunteer asks for deliveries in progress, which the
 * partial `IDX_delivery_requests_in_progress` answers alone (the ranking's busy count, MINE, DONE/PICKED), so the
 * full one only cost writes.
 */
export class DropDuplicateAssignedIndex1795350000000 implements MigrationInterface {
  name = 'DropDuplicateAssignedIndex1795350000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_delivery_requests_assigned_status"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_delivery_requests_assigned_status" ON "delivery_requests" ("assigned_volunteer_id", "status")`,
    );
  }
}
