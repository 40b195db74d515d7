import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Volunteer } from '../../volunteers/volunteer.entity.js';
import type { MessageWithBody } from '../message.entity.js';
import type { OutboundText } from '../outbound/outbound-messages.service.js';
import {
  CommandVocabulary,
  type CommandVocabularyEntry,
  type ParsedCommand,
} from '../text/command-parser.js';
import type { TemplateKey, TemplateParams } from '../text/templates.js';

/** What a command handler gets: the inbound text's transaction, its sender and the parsed command. */
export interface CommandContext {
  /** The transaction that marks the inbound text processed and records the reply: write through it. */
  manager: EntityManager;
  volunteer: Volunteer;
  command: ParsedCommand;
  inbound: MessageWithBody;
  now: Date;
}

/**
 * The reply to the sender: a template rendered in `language` (default: the volunteer's preferred language,
 * read after the handler ran), or a ready body.
 */
export type CommandReply =
  { templateKey: TemplateKey; params?: TemplateParams; language?: string } | { body: string };

export interface CommandOutcome {
  reply?: CommandReply | null;
  /** Puts the inbound text in the coordinators' inbox. */
  needsAttention?: boolean;
  /** What the text was about (e.g. `delivery_request` and its id), stored on the text and its reply. */
  subject?: { type: string; id: string };
  /**
   * Texts to others that the command caused (the volunteer promoted from a waitlist by a drop): written to the
   * outbox in the command's transaction, and sent after it commits.
   */
  notices?: OutboundText[];
  /**
   * Work that must follow the commit, never precede it (enqueue a fan-out, publish an event): run once the
   * command's transaction committed and its texts were enqueued. What it throws is logged, not retried, so it
   * must only hasten what a reconciler would do anyway.
   */
  afterCommit?: () => Promise<void>;
}

export interface CommandHandler {
  entry: CommandVocabularyEntry;
  handle(context: CommandContext): Promise<CommandOutcome>;
}

/**
 * The SMS commands the app understands. Feature modules register theirs (in `onModuleInit`), so messaging never
 * knows about deliveries or shifts; a word claimed twice fails at start-up, not at the first text.
 */
@Injectable()
export class CommandRegistry {
  private readonly vocabulary = new CommandVocabulary();
  private readonly handlers = new Map<string, CommandHandler>();

  register(handler: CommandHandler): void {
    const { name } = handler.entry;
    if (this.handlers.has(name)) throw new Error(`SMS command ${name} is already registered`);
    this.vocabulary.add(handler.entry);
    this.handlers.set(name, handler);
  }

  parse(body: string): ParsedCommand {
    return this.vocabulary.parse(body);
  }

  handlerFor(name: string | null): CommandHandler | null {
    return (name && this.handlers.get(name)) || null;
  }

  commandNames(): string[] {
    return [...this.handlers.keys()];
  }
}
