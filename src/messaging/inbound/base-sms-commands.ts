import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { SmsStatus, type Volunteer } from '../../volunteers/volunteer.entity.js';
import {
  BASE_COMMANDS,
  twilioKeywordOf,
  type CommandVocabularyEntry,
  type TwilioKeyword,
} from '../text/command-parser.js';
import { templateLanguages, type TemplateKey } from '../text/templates.js';
import {
  CommandRegistry,
  type CommandContext,
  type CommandHandler,
  type CommandOutcome,
  type CommandReply,
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
 * The reply to a consent or help command. A single word Twilio recognises (see twilioKeywordOf) has been acted on
 * and answered by Twilio, so we send nothing ourselves: except with the `log` transport, where no Twilio stands in
 * front, and we send the reply Twilio would have sent (a `twilio_*` template, marked as such by the transport).
 */
function keywordReply(
  body: string,
  keyword: TwilioKeyword,
  standIn: TemplateKey,
  twilioInFront: boolean,
  ours: CommandReply,
): CommandReply | null {
  if (twilioKeywordOf(body) !== keyword) return ours;
  return twilioInFront ? null : { templateKey: standIn };
}

/** A consent command: records the new status, then replies as keywordReply says. */
function consentCommand(
  name: string,
  status: SmsStatus,
  keyword: TwilioKeyword,
  standIn: TemplateKey,
  confirmation: TemplateKey,
  twilioInFront: boolean,
): CommandHandler {
  return {
    entry: baseEntry(name),
    async handle({ manager, volunteer, inbound, now }: CommandContext): Promise<CommandOutcome> {
      await setSmsStatus(manager, volunteer, status, now);
      const ours = { templateKey: confirmation };
      return { reply: keywordReply(inbound.body, keyword, standIn, twilioInFront, ours) };
    },
  };
}

function baseCommands(twilioInFront: boolean): CommandHandler[] {
  /** STOP family: we confirm only texts Twilio did not recognise (`STOP please`). */
  const stop = consentCommand(
    STOP_COMMAND,
    SmsStatus.OPTED_OUT,
    'OPT_OUT',
    'twilio_opt_out',
    'opted_out_confirmation',
    twilioInFront,
  );
  /** START/UNSTOP (and a bare YES from an opted-out volunteer, see InboundSmsService): same rule as STOP. */
  const start = consentCommand(
    START_COMMAND,
    SmsStatus.SUBSCRIBED,
    'OPT_IN',
    'twilio_opt_in',
    'opted_in_confirmation',
    twilioInFront,
  );

  /** Single-word HELP and INFO are Twilio's; AYUDA and longer texts get our help text. */
  const help: CommandHandler = {
    entry: baseEntry(HELP_COMMAND),
    handle({ inbound, command }: CommandContext): Promise<CommandOutcome> {
      const language = command.words[0] === SPANISH_HELP_WORD ? 'es' : undefined;
      const ours = { templateKey: 'help', language } as const;
      return Promise.resolve({
        reply: keywordReply(inbound.body, 'HELP', 'twilio_help', twilioInFront, ours),
      });
    },
  };

  return [stop, start, help, lang];
}

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
  constructor(
    private readonly registry: CommandRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const twilioInFront = this.config.smsTransport === 'twilio';
    for (const handler of baseCommands(twilioInFront)) this.registry.register(handler);
  }
}
