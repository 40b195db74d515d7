import 'reflect-metadata';
import dotenv from 'dotenv';
import { DataSource } from 'typeorm';
import { useDevServices } from '../cli/dev-services.js';
import { typeormOptions } from './typeorm-options.js';

dotenv.config({ quiet: true });
const env = process.env;
// As for `npm run cli`: outside production, no DATABASE_URL means the database `npm run dev` uses.
if (!env.DATABASE_URL?.trim() && env.NODE_ENV !== 'production') {
  await useDevServices(env, (line) => process.stderr.write(`${line}\n`));
}
if (!env.DATABASE_URL?.trim()) {
  process.stderr.write('DATABASE_URL is required (e.g. postgres://user:pass@host:5432/vecino)\n');
  process.exit(78);
}

/** The DataSource the TypeORM CLI uses (`npm run migration:run`, `migration:revert`, `migration:generate`). */
export default new DataSource(typeormOptions(env.DATABASE_URL, 2));
