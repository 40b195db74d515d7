import 'reflect-metadata';
import dotenv from 'dotenv';
import { DataSource } from 'typeorm';
import { useDevServicesWhenUnset } from '../cli/dev-services.js';
import { typeormOptions } from './typeorm-options.js';

dotenv.config({ quiet: true });
const env = process.env;
await useDevServicesWhenUnset(env, 'database', (line) => process.stderr.write(`${line}\n`));
if (!env.DATABASE_URL?.trim()) {
  process.stderr.write('DATABASE_URL is required (e.g. postgres://user:pass@host:5432/vecino)\n');
  process.exit(78);
}

/** The DataSource the TypeORM CLI uses (`npm run migration:run`, `migration:revert`, `migration:generate`). */
export default new DataSource(typeormOptions(env.DATABASE_URL, 2));
