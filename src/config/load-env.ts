import dotenv from 'dotenv';
import { exitOnStartupFailure } from '../observability/startup-log.js';
import { ConfigError, loadConfig, type AppConfig } from './config.js';

/** Entry points call this once: `.env` (if any) under the real environment, then validation or a clean exit. */
export function loadConfigOrExit(): AppConfig {
  dotenv.config({ quiet: true });
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      // Before the configuration there is no logger: NODE_ENV alone says whether the line must be JSON.
      exitOnStartupFailure(
        `${error.message}\nSee .env.example for every variable.`,
        process.env.NODE_ENV === 'production',
        78, // EX_CONFIG
      );
    }
    throw error;
  }
}
