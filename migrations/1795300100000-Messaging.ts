import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Messaging1795300100000 implements MigrationInterface {
  name = 'Messaging1795300100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "broadcast_status" AS ENUM ('FANNING_OUT', 'SENDING', 'COMPLETED', 'CANCELLED')`,
    );
    await queryRunner.query(`
      CREATE TABLE "broadcasts" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "status" "broadcast_status" NOT NULL DEFAULT 'FANNING_OUT',
        "body" text NOT NULL,
        "body_by_language" jsonb NOT NULL DEFAULT '{}',
        "zone_ids" uuid array NOT NULL DEFAULT '{}',
        "skills" text array NOT NULL DEFAULT '{}',
        "languages" text array NOT NULL DEFAULT '{}',
        "urgent" boolean NOT NULL DEFAULT false,
        "fanout_cursor" uuid,
        "created_by_id" uuid,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "cancelled_at" TIMESTAMP(3) WITH TIME ZONE,
        "completed_at" TIMESTAMP(3) WITH TIME ZONE,
        CONSTRAINT "PK_broadcasts" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE TYPE "message_direction" AS ENUM ('INBOUND', 'OUTBOUND')`);
    await queryRunner.query(
      `CREATE TYPE "message_status" AS ENUM ('QUEUED', 'SENDING', 'SENT', 'DELIVERED', 'UNDELIVERED', 'FAILED', 'SKIPPED', 'RECEIVED')`,
    );
    await queryRunner.query(`
      CREATE TABLE "messages" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "direction" "message_direction" NOT NULL,
        "volunteer_id" uuid REFERENCES "volunteers" ("id") ON DELETE SET NULL,
        "phone" character varying NOT NULL,
        "body" text NOT NULL,
        "template_key" character varying,
        "language" character varying,
        "status" "message_status" NOT NULL,
        "provider_sid" character varying,
        "error_code" character varying,
        "attempts" integer NOT NULL DEFAULT 0,
        "segments" integer,
        "urgent" boolean NOT NULL DEFAULT false,
        "not_before" TIMESTAMP(3) WITH TIME ZONE,
        "broadcast_id" uuid REFERENCES "broadcasts" ("id") ON DELETE CASCADE,
        "in_reply_to_id" uuid REFERENCES "messages" ("id") ON DELETE SET NULL,
        "subject_type" character varying,
        "subject_id" uuid,
        "command" character varying,
        "processed_at" TIMESTAMP(3) WITH TIME ZONE,
        "needs_attention" boolean NOT NULL DEFAULT false,
        "handled_at" TIMESTAMP(3) WITH TIME ZONE,
        "handled_by_id" uuid REFERENCES "staff_users" ("id") ON DELETE SET NULL,
        "sent_at" TIMESTAMP(3) WITH TIME ZONE,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_messages" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_messages_provider_sid" UNIQUE ("provider_sid")
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_messages_broadcast_status" ON "messages" ("broadcast_id", "status")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_messages_volunteer_created" ON "messages" ("volunteer_id", "created_at")`,
    );
    // The reconciler's and the inbox's scans stay small however long the history grows.
    await queryRunner.query(
      `CREATE INDEX "IDX_messages_queued" ON "messages" ("created_at") WHERE "status" = 'QUEUED'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_messages_unprocessed_inbound" ON "messages" ("created_at") WHERE "direction" = 'INBOUND' AND "processed_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_messages_inbox" ON "messages" ("created_at") WHERE "needs_attention" AND "handled_at" IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "messages"`);
    await queryRunner.query(`DROP TYPE "message_status"`);
    await queryRunner.query(`DROP TYPE "message_direction"`);
    await queryRunner.query(`DROP TABLE "broadcasts"`);
    await queryRunner.query(`DROP TYPE "broadcast_status"`);
  }
}
