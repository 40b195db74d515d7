import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../app.module.js';
import { EXIT_BAD_INPUT, EXIT_CONFIG, EXIT_OK, type CliIo, type CommandInput } from '../../cli/command.js';
import { DomainError } from '../../common/domain-error.js';
import { loadConfig } from '../../config/config.js';
import { runMigrations } from '../../database/run-migrations.js';
import { twilioKeywordOf } from '../text/command-parser.js';
import { isTwilioStandInTemplate } from '../text/templates.js';
import { InboundSmsService } from './inbound-sms.service.js';

/**
 * `sms <from> <body…>`: feeds a text through the inbound path (as the webhook would after its signature check)
 * and prints the replies it recorded, one per line. Only with the `log` transport. It boots the API's modules as
 * an application context without HTTP, so every command any module registers answers here too; the replies are
 * queued like any other, and a running worker "sends" them through the log transport.
 */
export async function runSmsCommand(
  { args: [from = '', ...words] }: CommandInput,
  io: CliIo,
): Promise<number> {
  const config = loadConfig(io.env);
  if (!config.smsSimulatorEnabled) {
    io.warn(
      config.smsTransport === 'log'
        ? 'sms simulates texts in production only with ALLOW_LOG_TRANSPORT_IN_PRODUCTION=true'
        : 'sms simulates texts only with SMS_TRANSPORT=log (this configuration sends real texts)',
    );
    return EXIT_CONFIG;
  }
  if (config.runMigrationsOnStart) await runMigrations(config.databaseUrl, () => undefined);
  const app = await NestFactory.createApplicationContext(AppModule.register(config), {
    logger: ['error', 'warn'],
  });
  try {
    const body = words.join(' ');
    const replies = await app.get(InboundSmsService).simulate(from, body);
    if (replies.length === 0) {
      io.warn(
        twilioKeywordOf(body) ? '(no reply of ours: Twilio itself answers this keyword)' : '(no reply)',
      );
    }
    for (const reply of replies) {
      if (reply.templateKey && isTwilioStandInTemplate(reply.templateKey)) {
        io.warn('(Twilio’s own reply, which Twilio sends itself in production:)');
      }
      io.print(reply.body);
    }
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    io.warn(error.message);
    return EXIT_BAD_INPUT;
  } finally {
    await app.close();
  }
}
