import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Volunteer search ignores accents and case ("maria" finds "María") and stays indexed at tens of thousands of
 * volunteers: trigram GIN indexes (pg_trgm, which `%term%` ILIKE needs) over the names with accents removed, and
 * over the phones.
 *
 * `unaccent(text)` is only STABLE (it finds its dictionary through search_path), and an index needs IMMUTABLE, so
 * `immutable_unaccent` names the dictionary itself. Its SQL-standard body is bound when it is created, so a later
 * search_path cannot change what the index holds. Both extensions are "trusted" (PostgreSQL 13+): a database owner
 * may create them without superuser, as on the managed offerings.
 */
export class VolunteerNameSearch1795300410000 implements MigrationInterface {
  name = 'VolunteerNameSearch1795300410000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS "unaccent"`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS "pg_trgm"`);
    await queryRunner.query(`
      CREATE FUNCTION "immutable_unaccent"(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        BEGIN ATOMIC
          SELECT unaccent('unaccent'::regdictionary, $1);
        END`);
    await queryRunner.query(
      `CREATE INDEX "IDX_volunteers_name_search" ON "volunteers" USING gin (immutable_unaccent("name") gin_trgm_ops)`,
    );
    // A search with digits also matches phones (`%digits%`): without this, the OR of the two is a table scan.
    await queryRunner.query(
      `CREATE INDEX "IDX_volunteers_phone_search" ON "volunteers" USING gin ("phone" gin_trgm_ops)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_volunteers_phone_search"`);
    await queryRunner.query(`DROP INDEX "IDX_volunteers_name_search"`);
    await queryRunner.query(`DROP FUNCTION "immutable_unaccent"(text)`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS "pg_trgm"`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS "unaccent"`);
  }
}
