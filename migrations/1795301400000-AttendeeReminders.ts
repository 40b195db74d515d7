import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The attendees' day-before reminders that were texted: once per attendee and start announced. */
export class AttendeeReminders1795301400000 implements MigrationInterface {
  name = 'AttendeeReminders1795301400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "attendee_reminders_sent" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "attendee_id" uuid NOT NULL,
        "event_starts_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_attendee_reminders_sent" PRIMARY KEY ("id"),
        CONSTRAINT "FK_attendee_reminders_sent_attendee" FOREIGN KEY ("attendee_id") REFERENCES "attendees" ("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_attendee_reminders_sent" ON "attendee_reminders_sent" ("attendee_id", "event_starts_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "attendee_reminders_sent"`);
  }
}
