import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rapid-response alerts, with their transitions, verifications and responders; zone neighbours; the count of
 * pictures on an inbound text (never the pictures); and the send priority of outbound texts (on the message row, so the outbox reconciler re-enqueues a text with its own) and of
 * broadcasts, whose segment gains "any of these skills".
 *
 * The responder target holds in the database: `responders_count` is raised only by a conditional UPDATE under the
 * alert's row lock and can never pass the target stored on the alert. A code is unique among open alerts only.
 */
export class Alerts1795301100000 implements MigrationInterface {
  name = 'Alerts1795301100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "message_priority" AS ENUM ('URGENT', 'NORMAL', 'BULK')`);
    await queryRunner.query(
      `ALTER TABLE "messages" ADD "priority" "message_priority" NOT NULL DEFAULT 'NORMAL'`,
    );
    // Texts still waiting keep the order they would have had: replies first, broadcasts last.
    await queryRunner.query(
      `UPDATE "messages" SET "priority" = CASE WHEN "broadcast_id" IS NOT NULL THEN 'BULK'::message_priority
                                               ELSE 'URGENT'::message_priority END
        WHERE "status" IN ('QUEUED', 'SENDING') AND ("broadcast_id" IS NOT NULL OR "in_reply_to_id" IS NOT NULL)`,
    );
    await queryRunner.query(`ALTER TABLE "messages" ADD "media_count" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "broadcasts" ADD "any_skills" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(
      `ALTER TABLE "broadcasts" ADD "priority" "message_priority" NOT NULL DEFAULT 'BULK'`,
    );

    await queryRunner.query(`
      CREATE TABLE "zone_neighbours" (
        "zone_id" uuid NOT NULL,
        "neighbour_id" uuid NOT NULL,
        CONSTRAINT "PK_zone_neighbours" PRIMARY KEY ("zone_id", "neighbour_id"),
        CONSTRAINT "CHK_zone_neighbours_other" CHECK ("zone_id" <> "neighbour_id"),
        CONSTRAINT "FK_zone_neighbours_zone" FOREIGN KEY ("zone_id") REFERENCES "zones" ("id") ON DELETE CASCADE,
        CONSTRAINT "FK_zone_neighbours_neighbour" FOREIGN KEY ("neighbour_id") REFERENCES "zones" ("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_zone_neighbours_neighbour" ON "zone_neighbours" ("neighbour_id")`,
    );

    await queryRunner.query(
      `CREATE TYPE "alert_kind" AS ENUM ('RAID', 'CHECKPOINT', 'WORKPLACE', 'SURVEILLANCE', 'OTHER')`,
    );
    await queryRunner.query(
      `CREATE TYPE "alert_status" AS ENUM ('REPORTED', 'VERIFYING', 'CONFIRMED', 'RESOLVED', 'FALSE_ALARM', 'EXPIRED')`,
    );
    await queryRunner.query(`CREATE TYPE "alert_actor_kind" AS ENUM ('STAFF', 'VOLUNTEER', 'SYSTEM')`);
    await queryRunner.query(`
      CREATE TABLE "alerts" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "code" integer NOT NULL,
        "zone_id" uuid NOT NULL,
        "kind" "alert_kind" NOT NULL,
        "location" character varying(200),
        "details" jsonb,
        "status" "alert_status" NOT NULL DEFAULT 'REPORTED',
        "reported_by_staff_id" uuid,
        "reported_by_volunteer_id" uuid,
        "confirmed_by_staff_id" uuid,
        "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "confirmed_at" TIMESTAMP(3) WITH TIME ZONE,
        "closed_at" TIMESTAMP(3) WITH TIME ZONE,
        "close_note" character varying(300),
        "responder_target" integer NOT NULL,
        "responders_count" integer NOT NULL DEFAULT 0,
        "dispatch_broadcast_id" uuid,
        "details_purged_at" TIMESTAMP(3) WITH TIME ZONE,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_alerts" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_alerts_code" CHECK ("code" BETWEEN 100 AND 999),
        CONSTRAINT "CHK_alerts_responders_within_target" CHECK ("responders_count" BETWEEN 0 AND "responder_target"),
        CONSTRAINT "CHK_alerts_one_reporter" CHECK ("reported_by_staff_id" IS NULL OR "reported_by_volunteer_id" IS NULL),
        CONSTRAINT "FK_alerts_zone" FOREIGN KEY ("zone_id") REFERENCES "zones" ("id") ON DELETE RESTRICT,
        CONSTRAINT "FK_alerts_reported_by_staff" FOREIGN KEY ("reported_by_staff_id") REFERENCES "staff_users" ("id") ON DELETE SET NULL,
        CONSTRAINT "FK_alerts_reported_by_volunteer" FOREIGN KEY ("reported_by_volunteer_id") REFERENCES "volunteers" ("id") ON DELETE SET NULL,
        CONSTRAINT "FK_alerts_confirmed_by_staff" FOREIGN KEY ("confirmed_by_staff_id") REFERENCES "staff_users" ("id") ON DELETE SET NULL,
        CONSTRAINT "FK_alerts_dispatch_broadcast" FOREIGN KEY ("dispatch_broadcast_id") REFERENCES "broadcasts" ("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_alerts_open_code" ON "alerts" ("code") WHERE "status" IN ('REPORTED', 'VERIFYING', 'CONFIRMED')`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_alerts_created" ON "alerts" ("created_at", "id")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_alerts_open_expiry" ON "alerts" ("expires_at") WHERE "status" IN ('REPORTED', 'VERIFYING', 'CONFIRMED')`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_alerts_details_kept" ON "alerts" ("closed_at") WHERE "details_purged_at" IS NULL AND "closed_at" IS NOT NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE "alert_transitions" (
        "sequence" BIGSERIAL NOT NULL,
        "alert_id" uuid NOT NULL,
        "from_status" "alert_status",
        "to_status" "alert_status" NOT NULL,
        "actor_kind" "alert_actor_kind" NOT NULL,
        "actor_id" uuid,
        "note" character varying(300),
        "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_alert_transitions" PRIMARY KEY ("sequence"),
        CONSTRAINT "FK_alert_transitions_alert" FOREIGN KEY ("alert_id") REFERENCES "alerts" ("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_alert_transitions_alert" ON "alert_transitions" ("alert_id", "sequence")`,
    );

    await queryRunner.query(`
      CREATE TABLE "alert_verifications" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "alert_id" uuid NOT NULL,
        "volunteer_id" uuid NOT NULL,
        "asked_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "seen" boolean,
        "answered_at" TIMESTAMP(3) WITH TIME ZONE,
        CONSTRAINT "PK_alert_verifications" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_alert_verifications_volunteer" UNIQUE ("alert_id", "volunteer_id"),
        CONSTRAINT "CHK_alert_verifications_answer" CHECK (("seen" IS NULL) = ("answered_at" IS NULL)),
        CONSTRAINT "FK_alert_verifications_alert" FOREIGN KEY ("alert_id") REFERENCES "alerts" ("id") ON DELETE CASCADE,
        CONSTRAINT "FK_alert_verifications_volunteer" FOREIGN KEY ("volunteer_id") REFERENCES "volunteers" ("id") ON DELETE CASCADE
      )`);

    await queryRunner.query(`
      CREATE TABLE "alert_responders" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "alert_id" uuid NOT NULL,
        "volunteer_id" uuid NOT NULL,
        "note" character varying(160),
        "standby" boolean NOT NULL,
        "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_alert_responders" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_alert_responders_volunteer" UNIQUE ("alert_id", "volunteer_id"),
        CONSTRAINT "FK_alert_responders_alert" FOREIGN KEY ("alert_id") REFERENCES "alerts" ("id") ON DELETE CASCADE,
        CONSTRAINT "FK_alert_responders_volunteer" FOREIGN KEY ("volunteer_id") REFERENCES "volunteers" ("id") ON DELETE CASCADE
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "alert_responders"`);
    await queryRunner.query(`DROP TABLE "alert_verifications"`);
    await queryRunner.query(`DROP TABLE "alert_transitions"`);
    await queryRunner.query(`DROP TABLE "alerts"`);
    await queryRunner.query(`DROP TYPE "alert_actor_kind"`);
    await queryRunner.query(`DROP TYPE "alert_status"`);
    await queryRunner.query(`DROP TYPE "alert_kind"`);
    await queryRunner.query(`DROP TABLE "zone_neighbours"`);
    await queryRunner.query(`ALTER TABLE "broadcasts" DROP COLUMN "priority"`);
    await queryRunner.query(`ALTER TABLE "broadcasts" DROP COLUMN "any_skills"`);
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "media_count"`);
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "priority"`);
    await queryRunner.query(`DROP TYPE "message_priority"`);
  }
}
