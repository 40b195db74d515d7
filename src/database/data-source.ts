import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfigOrExit } from '../config/load-env.js';
import { typeormOptions } from './typeorm-options.js';

/** The DataSource the TypeORM CLI uses (`npm run migration:*`). */
export default new DataSource(typeormOptions(loadConfigOrExit().databaseUrl, 2));
