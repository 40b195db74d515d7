import { Logger } from '@nestjs/common';
import { createApi } from './bootstrap.js';
import { startProcess } from './process-start.js';
import { loadConfigOrExit } from './config/load-env.js';
import { runMigrations } from './database/run-migrations.js';

const config = loadConfigOrExit();
await startProcess(config, async () => {
  const logger = new Logger('Api');
  if (config.runMigrationsOnStart) await runMigrations(config.databaseUrl, (line) => logger.log(line));
  const app = await createApi(config);
  await app.listen(config.port);
  logger.log(`GraphQL on ${config.publicBaseUrl}/graphql (SMS transport: ${config.smsTransport})`);
});
