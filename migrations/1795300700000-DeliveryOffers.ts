import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Offers of a delivery request to volunteers, auto-dispatch mode, protected outbox bodies and coordinator notes.
 * - At most one ACCEPTED offer per request, and one PENDING offer per request × volunteer: partial unique indexes,
 *   so "first YES wins" holds in the database whatever the application does.
 * - `messages.body_ciphertext`: a text that carries protected data (the address text) is stored only as FieldCipher
 *   output; its `body` holds a redacted marker. A partial index keeps `rotate-key`'s scan to the rows that have one.
 * - `message_direction` gains NOTE: an item the system leaves in the coordinators' inbox (never sent).
 */
export class DeliveryOffers1795300700000 implements MigrationInterface {
  name = 'DeliveryOffers1795300700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "offer_status" AS ENUM ('PENDING', 'ACCEPTED', 'DECLINED', 'EXPIRED', 'WITHDRAWN')`,
    );
    await queryRunner.query(`
      CREATE TABLE "delivery_offers" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "request_id" uuid NOT NULL REFERENCES "delivery_requests" ("id") ON DELETE CASCADE,
        "volunteer_id" uuid NOT NULL REFERENCES "volunteers" ("id") ON DELETE CASCADE,
        "status" "offer_status" NOT NULL DEFAULT 'PENDING',
        "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "responded_at" TIMESTAMP(3) WITH TIME ZONE,
        "withdrawal_texted" boolean NOT NULL DEFAULT false,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_delivery_offers" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_delivery_offers_one_accepted" ON "delivery_offers" ("request_id") WHERE "status" = 'ACCEPTED'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_delivery_offers_one_pending" ON "delivery_offers" ("request_id", "volunteer_id") WHERE "status" = 'PENDING'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_delivery_offers_request_volunteer" ON "delivery_offers" ("request_id", "volunteer_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_delivery_offers_volunteer_status" ON "delivery_offers" ("volunteer_id", "status")`,
    );
    await queryRunner.query(
      `ALTER TABLE "delivery_requests" ADD "auto_dispatch" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_delivery_requests_assigned_status" ON "delivery_requests" ("assigned_volunteer_id", "status")`,
    );
    await queryRunner.query(`ALTER TABLE "messages" ADD "body_ciphertext" text`);
    await queryRunner.query(
      `CREATE INDEX "IDX_messages_body_ciphertext" ON "messages" ("id") WHERE "body_ciphertext" IS NOT NULL`,
    );
    await queryRunner.query(`ALTER TYPE "message_direction" ADD VALUE 'NOTE'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // PostgreSQL cannot drop an enum value: the type is rebuilt without it, once its rows are gone.
    await queryRunner.query(`DELETE FROM "messages" WHERE "direction"::text = 'NOTE'`);
    await queryRunner.query(`DROP INDEX "IDX_messages_unprocessed_inbound"`);
    await queryRunner.query(`ALTER TYPE "message_direction" RENAME TO "message_direction_old"`);
    await queryRunner.query(`CREATE TYPE "message_direction" AS ENUM ('INBOUND', 'OUTBOUND')`);
    await queryRunner.query(
      `ALTER TABLE "messages" ALTER COLUMN "direction" TYPE "message_direction" USING "direction"::text::"message_direction"`,
    );
    await queryRunner.query(`DROP TYPE "message_direction_old"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_messages_unprocessed_inbound" ON "messages" ("created_at") WHERE "direction" = 'INBOUND' AND "processed_at" IS NULL`,
    );
    await queryRunner.query(`DROP INDEX "IDX_messages_body_ciphertext"`);
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "body_ciphertext"`);
    await queryRunner.query(`DROP INDEX "IDX_delivery_requests_assigned_status"`);
    await queryRunner.query(`ALTER TABLE "delivery_requests" DROP COLUMN "auto_dispatch"`);
    await queryRunner.query(`DROP TABLE "delivery_offers"`);
    await queryRunner.query(`DROP TYPE "offer_status"`);
  }
}
