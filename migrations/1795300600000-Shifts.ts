import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Shifts and their signups. Capacity holds in the database: `confirmed_count` (kept under the shift row's lock)
 * can never pass `seats`, a volunteer has one live signup per shift, and waitlist positions are unique per shift
 * (checked at commit, so a renumbering UPDATE may pass through duplicates).
 */
export class Shifts1795300600000 implements MigrationInterface {
  name = 'Shifts1795300600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "shifts" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "code" character varying(4) NOT NULL,
        "code_released" boolean NOT NULL DEFAULT false,
        "zone_id" uuid NOT NULL,
        "role" character varying(60) NOT NULL,
        "starts_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "ends_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "seats" integer NOT NULL,
        "required_skill" character varying,
        "required_language" character varying,
        "confirmed_count" integer NOT NULL DEFAULT 0,
        "waitlist_count" integer NOT NULL DEFAULT 0,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_shifts" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_shifts_seats" CHECK ("seats" BETWEEN 1 AND 10000),
        CONSTRAINT "CHK_shifts_ends_after_start" CHECK ("ends_at" > "starts_at"),
        CONSTRAINT "CHK_shifts_confirmed_within_seats" CHECK ("confirmed_count" BETWEEN 0 AND "seats"),
        CONSTRAINT "CHK_shifts_waitlist_count" CHECK ("waitlist_count" >= 0),
        CONSTRAINT "CHK_shifts_code" CHECK ("code" ~ '^[0-9]{4}$'),
        CONSTRAINT "FK_shifts_zone" FOREIGN KEY ("zone_id") REFERENCES "zones" ("id") ON DELETE RESTRICT
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_shifts_starts" ON "shifts" ("starts_at", "id")`);
    await queryRunner.query(`CREATE INDEX "IDX_shifts_zone_starts" ON "shifts" ("zone_id", "starts_at")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_shifts_code_in_use" ON "shifts" ("code") WHERE NOT "code_released"`,
    );
    await queryRunner.query(
      `CREATE TYPE "signup_status" AS ENUM ('CONFIRMED', 'WAITLISTED', 'DROPPED', 'ATTENDED', 'NO_SHOW')`,
    );
    await queryRunner.query(`
      CREATE TABLE "signups" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "shift_id" uuid NOT NULL,
        "volunteer_id" uuid NOT NULL,
        "status" "signup_status" NOT NULL,
        "waitlist_position" integer,
        "dropped_at" TIMESTAMP(3) WITH TIME ZONE,
        "checked_in_at" TIMESTAMP(3) WITH TIME ZONE,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_signups" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_signups_waitlist_position" UNIQUE ("shift_id", "waitlist_position")
          DEFERRABLE INITIALLY DEFERRED,
        CONSTRAINT "CHK_signups_waitlist_position" CHECK (("status" = 'WAITLISTED') = ("waitlist_position" IS NOT NULL)),
        CONSTRAINT "CHK_signups_waitlist_position_positive" CHECK ("waitlist_position" >= 1),
        CONSTRAINT "FK_signups_shift" FOREIGN KEY ("shift_id") REFERENCES "shifts" ("id") ON DELETE CASCADE,
        CONSTRAINT "FK_signups_volunteer" FOREIGN KEY ("volunteer_id") REFERENCES "volunteers" ("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_signups_shift_volunteer_active" ON "signups" ("shift_id", "volunteer_id") WHERE "status" <> 'DROPPED'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_signups_volunteer_status" ON "signups" ("volunteer_id", "status")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "signups"`);
    await queryRunner.query(`DROP TYPE "signup_status"`);
    await queryRunner.query(`DROP TABLE "shifts"`);
  }
}
