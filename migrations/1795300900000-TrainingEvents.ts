import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Know-your-rights training events, their attendee registrations, the events' shifts (`shifts.event_id`, null for
 * a shift that stands alone) and broadcasts to an audience a feature computes. Attendee capacity holds in the
 * database: `registered_count` is raised by a conditional UPDATE and can never pass `capacity`.
 */
export class TrainingEvents1795300900000 implements MigrationInterface {
  name = 'TrainingEvents1795300900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "training_event_status" AS ENUM ('DRAFT', 'PUBLISHED', 'CANCELLED', 'COMPLETED')`,
    );
    await queryRunner.query(`
      CREATE TABLE "training_events" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "title" character varying(80) NOT NULL,
        "languages" text array NOT NULL,
        "venue" character varying(100) NOT NULL,
        "zone_id" uuid NOT NULL,
        "starts_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "ends_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "capacity" integer NOT NULL,
        "registered_count" integer NOT NULL DEFAULT 0,
        "walk_in_count" integer,
        "trainer_id" uuid NOT NULL,
        "status" "training_event_status" NOT NULL DEFAULT 'DRAFT',
        "offer_broadcast_id" uuid,
        "cancel_reason" character varying(300),
        "published_at" TIMESTAMP(3) WITH TIME ZONE,
        "cancelled_at" TIMESTAMP(3) WITH TIME ZONE,
        "completed_at" TIMESTAMP(3) WITH TIME ZONE,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_training_events" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_training_events_capacity" CHECK ("capacity" BETWEEN 1 AND 10000),
        CONSTRAINT "CHK_training_events_registered_within_capacity" CHECK ("registered_count" BETWEEN 0 AND "capacity"),
        CONSTRAINT "CHK_training_events_walk_ins" CHECK ("walk_in_count" >= 0),
        CONSTRAINT "CHK_training_events_ends_after_start" CHECK ("ends_at" > "starts_at"),
        CONSTRAINT "CHK_training_events_languages" CHECK (cardinality("languages") > 0),
        CONSTRAINT "FK_training_events_zone" FOREIGN KEY ("zone_id") REFERENCES "zones" ("id") ON DELETE RESTRICT,
        CONSTRAINT "FK_training_events_trainer" FOREIGN KEY ("trainer_id") REFERENCES "staff_users" ("id") ON DELETE RESTRICT,
        CONSTRAINT "FK_training_events_offer_broadcast" FOREIGN KEY ("offer_broadcast_id") REFERENCES "broadcasts" ("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_training_events_starts" ON "training_events" ("starts_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_training_events_status_ends" ON "training_events" ("status", "ends_at")`,
    );
    await queryRunner.query(`
      CREATE TABLE "attendees" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "event_id" uuid NOT NULL,
        "name" character varying(120),
        "phone_ciphertext" text,
        "language" character varying NOT NULL,
        "attended" boolean NOT NULL DEFAULT false,
        "personal_data_purged_at" TIMESTAMP(3) WITH TIME ZONE,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_attendees" PRIMARY KEY ("id"),
        CONSTRAINT "FK_attendees_event" FOREIGN KEY ("event_id") REFERENCES "training_events" ("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_attendees_event" ON "attendees" ("event_id", "created_at")`);
    await queryRunner.query(`ALTER TABLE "shifts" ADD "event_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "shifts" ADD CONSTRAINT "FK_shifts_event" FOREIGN KEY ("event_id") REFERENCES "training_events" ("id") ON DELETE RESTRICT`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_shifts_event" ON "shifts" ("event_id", "starts_at") WHERE "event_id" IS NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE "broadcasts" ADD "audience" character varying(60)`);
    await queryRunner.query(`ALTER TABLE "broadcasts" ADD "audience_params" jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "broadcasts" DROP COLUMN "audience_params"`);
    await queryRunner.query(`ALTER TABLE "broadcasts" DROP COLUMN "audience"`);
    await queryRunner.query(`DROP INDEX "IDX_shifts_event"`);
    await queryRunner.query(`ALTER TABLE "shifts" DROP CONSTRAINT "FK_shifts_event"`);
    await queryRunner.query(`ALTER TABLE "shifts" DROP COLUMN "event_id"`);
    await queryRunner.query(`DROP TABLE "attendees"`);
    await queryRunner.query(`DROP TABLE "training_events"`);
    await queryRunner.query(`DROP TYPE "training_event_status"`);
  }
}
