import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each join table's owner column, and the names TypeORM derives for its foreign keys and indexes. */
const JOIN_TABLES = [
  {
    table: 'staff_user_zones',
    owner: { column: 'staff_users_id', references: 'staff_users', fk: 'FK_0873fdd53581bef608d5a339a5b' },
    zone: { fk: 'FK_976df8f196d8181e2ab6cda1b36' },
    ownerIndex: 'IDX_0873fdd53581bef608d5a339a5',
    zoneIndex: { old: 'IDX_staff_user_zones_zone', new: 'IDX_976df8f196d8181e2ab6cda1b3' },
  },
  {
    table: 'volunteer_zones',
    owner: { column: 'volunteers_id', references: 'volunteers', fk: 'FK_9cfa62d51507f1e01fa93f9ced5' },
    zone: { fk: 'FK_1253efb800c1b0ecfead9b73f72' },
    ownerIndex: 'IDX_9cfa62d51507f1e01fa93f9ced',
    zoneIndex: { old: 'IDX_volunteer_zones_zone', new: 'IDX_1253efb800c1b0ecfead9b73f7' },
  },
];

/**
 * Gives the many-to-many join tables the constraint and index names, and the ON UPDATE CASCADE, that TypeORM
 * derives for them, so the entities and the schema agree and `migration:generate` shows only real changes.
 */
export class JoinTableConstraints1795300300000 implements MigrationInterface {
  name = 'JoinTableConstraints1795300300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const { table, owner, zone, ownerIndex, zoneIndex } of JOIN_TABLES) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${table}_${owner.column}_fkey"`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${table}_zones_id_fkey"`);
      await queryRunner.query(`ALTER INDEX "${zoneIndex.old}" RENAME TO "${zoneIndex.new}"`);
      await queryRunner.query(`CREATE INDEX "${ownerIndex}" ON "${table}" ("${owner.column}")`);
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${owner.fk}" FOREIGN KEY ("${owner.column}") ` +
          `REFERENCES "${owner.references}" ("id") ON DELETE CASCADE ON UPDATE CASCADE`,
      );
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${zone.fk}" FOREIGN KEY ("zones_id") ` +
          `REFERENCES "zones" ("id") ON DELETE CASCADE ON UPDATE CASCADE`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const { table, owner, zone, ownerIndex, zoneIndex } of JOIN_TABLES) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${zone.fk}"`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${owner.fk}"`);
      await queryRunner.query(`DROP INDEX "${ownerIndex}"`);
      await queryRunner.query(`ALTER INDEX "${zoneIndex.new}" RENAME TO "${zoneIndex.old}"`);
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${table}_zones_id_fkey" FOREIGN KEY ("zones_id") ` +
          `REFERENCES "zones" ("id") ON DELETE CASCADE`,
      );
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${table}_${owner.column}_fkey" FOREIGN KEY ("${owner.column}") ` +
          `REFERENCES "${owner.references}" ("id") ON DELETE CASCADE`,
      );
    }
  }
}
