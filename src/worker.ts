import { Logger } from '@nestjs/common';
import { startProcess } from './process-start.js';
import { createWorker } from './worker-bootstrap.js';
import { loadConfigOrExit } from './config/load-env.js';

const config = loadConfigOrExit();
await startProcess(config, async () => {
  await createWorker(config);
  const logger = new Logger('Worker');
  logger.log(`worker consuming queues (SMS transport: ${config.smsTransport})`);
  if (config.nodeEnv === 'production' && config.smsTransport === 'log') {
    logger.warn(
      'SMS_TRANSPORT is log in production: texts are printed here, not sent. Set the TWILIO_* variables.',
    );
  }
});
