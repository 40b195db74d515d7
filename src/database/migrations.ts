import { Foundation1795300000000 } from '../../migrations/1795300000000-Foundation.js';
import { Messaging1795300100000 } from '../../migrations/1795300100000-Messaging.js';

/** Every migration in order, listed once (a glob breaks under Jest's ESM mode; the TypeORM CLI accepts this). */
export const MIGRATIONS = [Foundation1795300000000, Messaging1795300100000];
