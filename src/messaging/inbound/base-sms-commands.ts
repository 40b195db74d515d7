import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SmsStatus, type Volunteer } from '../../volunteers/volunteer.entity.js';
import { BASE_COMMANDS, twilioKeywordOf, type CommandVocabularyEntry } from '../text/command-parser.js';
import { templateLanguages } from '../text/templates.js';
import {
  CommandRegistry,
  type CommandContext,
  type CommandHandler,
  type CommandOutcome,
} from './command-registry.js';

export const STOP_COMMAND = 'STOP';
export const START_COMMAND = 'START';
export const HELP_COMMAND = 'HELP';
export const LANG_COMMAND = 'LANG';

/** The word that asked for help in Spanish; its answer is in Spanish whatever the preferred language. */
const SPANISH_HELP_WORD = 'AYUDA';

function baseEntry(name: string): CommandVocabularyEntry {
  const entry = BASE_COMMANDS.find((candidate) => candidate.name === name);
  if (!entry) throw new Error(`BASE_COMMANDS has no ${name}`);
  return entry;
}

/** Records a consent change (and when it happened) only when it is one, so the time keeps meaning "changed". */
async function setSmsStatus(
  manager: EntityManager,
  volunteer: Volunteer,
  status: SmsStatus,
  now: Date,
): Promise<void> {
  if (volunteer.smsStatus === status) return;
  await manager.query(
    `UPDATE volunteers SET sms_status = $2, sms_status_changed_at = $3, updated_at = now() WHERE id = $1`,
    [volunteer.id, status, now],
  );
  volunteer.smsStatus = status;
  volunteer.smsStatusChangedAt = now;
}

/**
 * STOP family: Twilio has already blocked the number and answered a single-word opt-out, so we only confirm
 * texts it did not recognise (`STOP please`).
 */
const stop: CommandHandler = {
  entry: baseEntry(STOP_COMMAND),
  async handle({ manager, volunteer, inbound, now }: CommandContext): Promise<CommandOutcome> {
    await setSmsStatus(manager, volunteer, SmsStatus.OPTED_OUT, now);
    return {
      reply: twilioKeywordOf(inbound.body) === 'OPT_OUT' ? null : { templateKey: 'opted_out_confirmation' },
    };
  },
};

/** START/UNSTOP (and a bare YES from an opted-out volunteer, see InboundSmsService): same Twilio rule as STOP. */
const start: CommandHandler = {
  entry: baseEntry(START_COMMAND),
  async handle({ manager, volunteer, inbound, now }: CommandContext): Promise<CommandOutcome> {
    await setSmsStatus(manager, volunteer, SmsStatus.SUBSCRIBED, now);
    return {
      reply: twilioKeywordOf(inbound.body) === 'OPT_IN' ? null : { templateKey: 'opted_in_confirmation' },
    };
  },
};

/** Twilio answers single-word HELP and INFO itself; AYUDA and longer texts get our help text. */
const help: CommandHandler = {
  entry: baseEntry(HELP_COMMAND),
  handle({ inbound, command }: CommandContext): Promise<CommandOutcome> {
    if (twilioKeywordOf(inbound.body) === 'HELP') return Promise.resolve({});
    const language = command.words[0] === SPANISH_HELP_WORD ? 'es' : undefined;
    return Promise.resolve({ reply: { templateKey: 'help', language } });
  },
};

/**
 * LANG ES / ESPAÑOL / ENGLISH: switches to a language our texts exist in and confirms in it. Any other language
 * is a question for a coordinator.
 */
const lang: CommandHandler = {
  entry: baseEntry(LANG_COMMAND),
  async handle({ manager, volunteer, command }: CommandContext): Promise<CommandOutcome> {
    const language = command.argument?.toLowerCase() ?? '';
    if (!templateLanguages('language_changed').includes(language)) {
      return { reply: { templateKey: 'unknown_command' }, needsAttention: true };
    }
    await manager.query(
      `UPDATE volunteers
          SET preferred_language = $2::text,
              languages = CASE WHEN $2::text = ANY(languages) THEN languages ELSE array_append(languages, $2::text) END,
              updated_at = now()
        WHERE id = $1`,
      [volunteer.id, language],
    );
    volunteer.preferredLanguage = language;
    return { reply: { templateKey: 'language_changed', language } };
  },
};

/** Registers the messaging module's own commands: consent, help and language. */
@Injectable()
export class BaseSmsCommands implements OnModuleInit {
  constructor(private readonly registry: CommandRegistry) {}

  onModuleInit(): void {
    for (const handler of [stop, start, help, lang]) this.registry.register(handler);
  }
}
