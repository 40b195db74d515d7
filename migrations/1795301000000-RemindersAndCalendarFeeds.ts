import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A partial index of confirmed signups by shift (the no-show marker, the reminder reconciler). Shift reminders sent, one row per signup × offset × start time, so a reminder job run twice texts once (and a
 * shift moved to a new time is reminded again); and each volunteer's iCalendar feed: the token's SHA-256 for the
 * lookup, the token itself encrypted (FieldCipher) so coordinators can show the link.
 */
export class RemindersAndCalendarFeeds1795301000000 implements MigrationInterface {
  name = 'RemindersAndCalendarFeeds1795301000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_signups_confirmed_shift" ON "signups" ("shift_id") WHERE "status" = 'CONFIRMED'`,
    );
    await queryRunner.query(`
      CREATE TABLE "shift_reminders_sent" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "signup_id" uuid NOT NULL,
        "offset_minutes" integer NOT NULL,
        "shift_starts_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_shift_reminders_sent" PRIMARY KEY ("id"),
        CONSTRAINT "FK_shift_reminders_sent_signup" FOREIGN KEY ("signup_id") REFERENCES "signups" ("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_shift_reminders_sent" ON "shift_reminders_sent" ("signup_id", "offset_minutes", "shift_starts_at")`,
    );
    await queryRunner.query(`
      CREATE TABLE "calendar_feeds" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "volunteer_id" uuid NOT NULL,
        "token_hash" character varying(64) NOT NULL,
        "token_ciphertext" text NOT NULL,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_calendar_feeds" PRIMARY KEY ("id"),
        CONSTRAINT "FK_calendar_feeds_volunteer" FOREIGN KEY ("volunteer_id") REFERENCES "volunteers" ("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_calendar_feeds_volunteer" ON "calendar_feeds" ("volunteer_id")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_calendar_feeds_token_hash" ON "calendar_feeds" ("token_hash")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "calendar_feeds"`);
    await queryRunner.query(`DROP TABLE "shift_reminders_sent"`);
    await queryRunner.query(`DROP INDEX "IDX_signups_confirmed_shift"`);
  }
}
