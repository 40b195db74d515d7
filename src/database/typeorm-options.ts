import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/** Connections each API or worker process keeps to PostgreSQL at most (pg's pool `max`). */
export const DATABASE_POOL_SIZE = 10;

/** One definition of the connection, shared by the apps, the CLI and the migration DataSource. */
export function typeormOptions(databaseUrl: string, poolSize = DATABASE_POOL_SIZE): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    namingStrategy: new SnakeNamingStrategy(),
    extra: { max: poolSize, application_name: 'vecino' },
  };
}
