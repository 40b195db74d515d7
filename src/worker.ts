import { Logger } from '@nestjs/common';
import { createWorker } from './bootstrap.js';
import { loadConfigOrExit } from './config/load-env.js';

const config = loadConfigOrExit();
await createWorker(config);
new Logger('Worker').log(`worker consuming queues (SMS transport: ${config.smsTransport})`);
