import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention of delivery requests' protected fields: `closed_at` says when a request was delivered or cancelled
 * (filled in from the history for requests closed before), and a partial index holds only closed requests whose
 * fields are still there, so the retention job finds the expired ones cheaply and the index empties as it wipes.
 * Texts are found by what they are about, so the texts of a wiped request can be wiped with it. A volunteer's
 * deliveries in progress (their MINE reply) are found by the volunteer.
 */
export class DeliveryRetention1795300800000 implements MigrationInterface {
  name = 'DeliveryRetention1795300800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "delivery_requests" ADD "closed_at" TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`
      UPDATE "delivery_requests" r
         SET "closed_at" = COALESCE(
               (SELECT max(t."at") FROM "delivery_transitions" t
                 WHERE t."request_id" = r."id" AND t."to_status" IN ('DELIVERED', 'CANCELLED')),
               r."updated_at")
       WHERE r."status" IN ('DELIVERED', 'CANCELLED')`);
    await queryRunner.query(
      `CREATE INDEX "IDX_delivery_requests_pii_kept" ON "delivery_requests" ("closed_at")
        WHERE "closed_at" IS NOT NULL AND "pii_purged_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_delivery_requests_in_progress" ON "delivery_requests" ("assigned_volunteer_id", "deliver_by")
        WHERE "status" IN ('ASSIGNED', 'PICKED_UP')`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_messages_subject" ON "messages" ("subject_id") WHERE "subject_id" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_messages_subject"`);
    await queryRunner.query(`DROP INDEX "IDX_delivery_requests_in_progress"`);
    await queryRunner.query(`DROP INDEX "IDX_delivery_requests_pii_kept"`);
    await queryRunner.query(`ALTER TABLE "delivery_requests" DROP COLUMN "closed_at"`);
  }
}
