import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery requests and their history. Address, contact phone and notes are only ever stored as FieldCipher
 * ciphertext. The SMS code is unique among open requests by a partial unique index, so a closed request's code
 * can be handed out again.
 */
export class DeliveryRequests1795300500000 implements MigrationInterface {
  name = 'DeliveryRequests1795300500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "delivery_status" AS ENUM ('OPEN', 'OFFERED', 'ASSIGNED', 'PICKED_UP', 'DELIVERED', 'CANCELLED')`,
    );
    await queryRunner.query(`CREATE TYPE "delivery_urgency" AS ENUM ('LOW', 'NORMAL', 'HIGH')`);
    await queryRunner.query(`CREATE TYPE "delivery_actor_kind" AS ENUM ('STAFF', 'VOLUNTEER', 'SYSTEM')`);
    await queryRunner.query(`
      CREATE TABLE "delivery_requests" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "code" integer NOT NULL,
        "status" "delivery_status" NOT NULL DEFAULT 'OPEN',
        "zone_id" uuid NOT NULL REFERENCES "zones" ("id"),
        "household_alias" character varying NOT NULL,
        "household_size" integer NOT NULL,
        "language" character varying NOT NULL,
        "needs" text,
        "deliver_after" TIMESTAMP(3) WITH TIME ZONE,
        "deliver_by" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "urgency" "delivery_urgency" NOT NULL DEFAULT 'NORMAL',
        "created_by_id" uuid NOT NULL REFERENCES "staff_users" ("id"),
        "assigned_volunteer_id" uuid REFERENCES "volunteers" ("id") ON DELETE SET NULL,
        "address_ciphertext" text,
        "contact_phone_ciphertext" text,
        "notes_ciphertext" text,
        "pii_purged_at" TIMESTAMP(3) WITH TIME ZONE,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_delivery_requests" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_delivery_requests_open_code" ON "delivery_requests" ("code")
        WHERE "status" NOT IN ('DELIVERED', 'CANCELLED')`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_delivery_requests_deliver_by" ON "delivery_requests" ("deliver_by", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_delivery_requests_zone_status" ON "delivery_requests" ("zone_id", "status")`,
    );
    await queryRunner.query(`
      CREATE TABLE "delivery_transitions" (
        "sequence" BIGSERIAL NOT NULL,
        "request_id" uuid NOT NULL REFERENCES "delivery_requests" ("id") ON DELETE CASCADE,
        "from_status" "delivery_status",
        "to_status" "delivery_status" NOT NULL,
        "actor_kind" "delivery_actor_kind" NOT NULL,
        "actor_id" uuid,
        "reason" text,
        "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_delivery_transitions" PRIMARY KEY ("sequence")
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_delivery_transitions_request" ON "delivery_transitions" ("request_id", "sequence")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "delivery_transitions"`);
    await queryRunner.query(`DROP TABLE "delivery_requests"`);
    await queryRunner.query(`DROP TYPE "delivery_actor_kind"`);
    await queryRunner.query(`DROP TYPE "delivery_urgency"`);
    await queryRunner.query(`DROP TYPE "delivery_status"`);
  }
}
