import dotenv from 'dotenv';
import { ConfigError, loadConfig, type AppConfig } from './config.js';

/** Entry points call this once: `.env` (if any) under the real environment, then validation or a clean exit. */
export function loadConfigOrExit(): AppConfig {
  dotenv.config({ quiet: true });
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`vecino cannot start. ${error.message}\nSee .env.example for every variable.\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
