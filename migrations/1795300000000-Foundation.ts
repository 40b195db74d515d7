import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795300000000 implements MigrationInterface {
  name = 'Foundation1795300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "zones" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "code" character varying NOT NULL,
        "name" character varying NOT NULL,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_zones" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_zones_code" UNIQUE ("code")
      )`);
    await queryRunner.query(`CREATE TYPE "staff_role" AS ENUM ('ADMIN', 'COORDINATOR', 'TRAINER')`);
    await queryRunner.query(`
      CREATE TABLE "staff_users" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "email" character varying NOT NULL,
        "password_hash" character varying NOT NULL,
        "role" "staff_role" NOT NULL,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_staff_users" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_staff_users_email" UNIQUE ("email")
      )`);
    await queryRunner.query(`
      CREATE TABLE "staff_user_zones" (
        "staff_users_id" uuid NOT NULL REFERENCES "staff_users" ("id") ON DELETE CASCADE,
        "zones_id" uuid NOT NULL REFERENCES "zones" ("id") ON DELETE CASCADE,
        CONSTRAINT "PK_staff_user_zones" PRIMARY KEY ("staff_users_id", "zones_id")
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_staff_user_zones_zone" ON "staff_user_zones" ("zones_id")`);
    await queryRunner.query(`CREATE TYPE "volunteer_status" AS ENUM ('ACTIVE', 'PAUSED', 'INACTIVE')`);
    await queryRunner.query(`CREATE TYPE "sms_status" AS ENUM ('SUBSCRIBED', 'OPTED_OUT')`);
    await queryRunner.query(`
      CREATE TABLE "volunteers" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" character varying NOT NULL,
        "phone" character varying NOT NULL,
        "preferred_language" character varying NOT NULL,
        "languages" text array NOT NULL DEFAULT '{}',
        "skills" text array NOT NULL DEFAULT '{}',
        "availability" jsonb NOT NULL DEFAULT '[]',
        "status" "volunteer_status" NOT NULL DEFAULT 'ACTIVE',
        "sms_status" "sms_status" NOT NULL DEFAULT 'SUBSCRIBED',
        "sms_status_changed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_volunteers" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_volunteers_phone" UNIQUE ("phone")
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_volunteers_created" ON "volunteers" ("created_at", "id")`);
    await queryRunner.query(`CREATE INDEX "IDX_volunteers_skills" ON "volunteers" USING gin ("skills")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_volunteers_languages" ON "volunteers" USING gin ("languages")`,
    );
    await queryRunner.query(`
      CREATE TABLE "volunteer_zones" (
        "volunteers_id" uuid NOT NULL REFERENCES "volunteers" ("id") ON DELETE CASCADE,
        "zones_id" uuid NOT NULL REFERENCES "zones" ("id") ON DELETE CASCADE,
        CONSTRAINT "PK_volunteer_zones" PRIMARY KEY ("volunteers_id", "zones_id")
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_volunteer_zones_zone" ON "volunteer_zones" ("zones_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "volunteer_zones"`);
    await queryRunner.query(`DROP TABLE "volunteers"`);
    await queryRunner.query(`DROP TYPE "sms_status"`);
    await queryRunner.query(`DROP TYPE "volunteer_status"`);
    await queryRunner.query(`DROP TABLE "staff_user_zones"`);
    await queryRunner.query(`DROP TABLE "staff_users"`);
    await queryRunner.query(`DROP TYPE "staff_role"`);
    await queryRunner.query(`DROP TABLE "zones"`);
  }
}
