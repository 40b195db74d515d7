import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import {
  CommandRegistry,
  type CommandContext,
  type CommandHandler,
  type CommandOutcome,
  type CommandReply,
} from '../messaging/inbound/command-registry.js';
import { MineSections, type MineSectionContext } from '../messaging/inbound/mine-sections.js';
import { longestFittingPrefix } from '../messaging/text/sms-text.js';
import { renderTemplate } from '../messaging/text/templates.js';
import { formatTextTime } from '../messaging/text/text-time.js';
import { CalendarFeeds } from './calendar/calendar-feeds.service.js';
import { shiftTextParams } from './shift-time.js';
import { SignupsService } from './signups.service.js';
import { readVolunteerForSignup } from './volunteer-profile.js';
import { heldShiftsOf, openShiftsFor, shiftIdByCode, type ShiftLine } from './volunteer-shifts.js';
import './shift-templates.js';

/** SHIFTS lists at most this many. */
const OPEN_SHIFTS_LISTED = 5;
/** The MINE section of shifts comes first. */
const MINE_SHIFTS_ORDER = 10;

function subjectOf(shiftId: string): CommandOutcome['subject'] {
  return { type: 'shift', id: shiftId };
}

/**
 * CLAIM/TOMAR, DROP/SOLTAR, SHIFTS/TURNOS, MINE/MIOS and CAL/CALENDARIO, registered with the messaging module's CommandRegistry;
 * shifts' part of the MINE reply is registered with MineSections. Replies are templates in the volunteer's
 * language, times in the network's time zone.
 */
@Injectable()
export class ShiftSmsCommands implements OnModuleInit {
  constructor(
    private readonly registry: CommandRegistry,
    private readonly mineSections: MineSections,
    private readonly signups: SignupsService,
    private readonly calendarFeeds: CalendarFeeds,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    for (const handler of this.handlers()) this.registry.register(handler);
    this.mineSections.register({ order: MINE_SHIFTS_ORDER, lines: (context) => this.mineLines(context) });
  }

  private handlers(): CommandHandler[] {
    return [
      { entry: { name: 'CLAIM', synonyms: ['TOMAR'], takesCode: true }, handle: (c) => this.claim(c) },
      { entry: { name: 'DROP', synonyms: ['SOLTAR'], takesCode: true }, handle: (c) => this.drop(c) },
      { entry: { name: 'SHIFTS', synonyms: ['TURNOS'] }, handle: (c) => this.openShifts(c) },
      { entry: { name: 'MINE', synonyms: ['MIOS'] }, handle: (c) => this.mine(c) },
      { entry: { name: 'CAL', synonyms: ['CALENDARIO'] }, handle: (c) => this.calendar(c) },
    ];
  }

  /** CLAIM 4821; without a code, the only open shift that fits, or the question which. */
  private async claim(context: CommandContext): Promise<CommandOutcome> {
    const { manager, volunteer, command, now } = context;
    const target = await this.target(command.code, manager, 'shifts_none', 'shift_which_claim', async () => {
      const profile = await readVolunteerForSignup(manager, volunteer.id, false);
      return profile ? openShiftsFor(manager, profile, now, OPEN_SHIFTS_LISTED) : [];
    });
    if ('reply' in target) return target;
    const result = await this.signups.claim(manager, target.shiftId, volunteer.id, 'volunteer', now);
    if (!result)
      return { reply: { templateKey: 'shift_unknown_code', params: { code: command.code ?? '' } } };
    const { shift } = result;
    const subject = subjectOf(shift.id);
    const code = shift.code;
    switch (result.outcome) {
      case 'confirmed':
        return {
          subject,
          reply: {
            templateKey: 'shift_confirmed',
            params: shiftTextParams(shift, this.config.networkTimezone, volunteer.preferredLanguage, now),
          },
        };
      case 'waitlisted':
        return {
          subject,
          reply: {
            templateKey: 'shift_waitlisted',
            params: { code, position: result.signup.waitlistPosition ?? 0 },
          },
        };
      case 'overlap':
        return {
          subject,
          reply: { templateKey: 'shift_overlaps', params: { code, other: result.otherCode } },
        };
      case 'started':
      case 'ended':
        return { subject, reply: { templateKey: 'shift_started', params: { code } } };
      case 'inactive':
        // The coordinators read this text in the inbox: they may make the volunteer active again.
        return { subject, needsAttention: true, reply: { templateKey: 'shift_claim_not_active' } };
      case 'no_show_limit':
        return {
          subject,
          needsAttention: true,
          reply: { templateKey: 'shift_no_show_limit', params: { count: this.config.noShowLimit } },
        };
      case 'not_fitting':
        return { subject, reply: { templateKey: 'shift_not_for_you', params: { code } } };
    }
  }

  /** DROP 4821; without a code, the only upcoming shift the volunteer is on, or the question which. */
  private async drop(context: CommandContext): Promise<CommandOutcome> {
    const { manager, volunteer, command, now } = context;
    const target = await this.target(command.code, manager, 'shift_none_held', 'shift_which_drop', () =>
      heldShiftsOf(manager, volunteer.id, now),
    );
    if ('reply' in target) return target;
    const result = await this.signups.drop(manager, target.shiftId, volunteer.id, 'volunteer', now);
    if (!result)
      return { reply: { templateKey: 'shift_unknown_code', params: { code: command.code ?? '' } } };
    const { shift } = result;
    const subject = subjectOf(shift.id);
    switch (result.outcome) {
      case 'dropped':
        return {
          subject,
          reply: { templateKey: 'shift_dropped', params: { code: shift.code } },
          notices: result.notices,
        };
      case 'too_late':
        // The coordinators read this text in the inbox: they find the replacement.
        return {
          subject,
          needsAttention: true,
          reply: {
            templateKey: 'shift_drop_too_late',
            params: { code: shift.code, hours: this.config.shiftDropCutoffHours },
          },
        };
      case 'not_signed_up':
        return { subject, reply: { templateKey: 'shift_not_yours', params: { code: shift.code } } };
    }
  }

  /** SHIFTS: up to five open shifts that fit, soonest first, in at most three segments. */
  private async openShifts(context: CommandContext): Promise<CommandOutcome> {
    const { manager, volunteer, now } = context;
    const profile = await readVolunteerForSignup(manager, volunteer.id, false);
    const open = profile ? await openShiftsFor(manager, profile, now, OPEN_SHIFTS_LISTED) : [];
    const language = volunteer.preferredLanguage;
    const lines = open.map(
      (shift) =>
        `${shift.code} ${formatTextTime(shift.startsAt, this.config.networkTimezone, language, now)} ${shift.role}`,
    );
    const render = (listed: string[]) =>
      renderTemplate('shifts_open', language, { list: listed.join('\n') }).body;
    const listed = longestFittingPrefix(lines, render);
    if (listed.length === 0) return { reply: { templateKey: 'shifts_none' } };
    return { reply: { templateKey: 'shifts_open', params: { list: listed.join('\n') } } };
  }

  /** MINE: every registered section's lines (shifts', and later deliveries'), in at most three segments. */
  private async mine(context: CommandContext): Promise<CommandOutcome> {
    const language = context.volunteer.preferredLanguage;
    const lines = await this.mineSections.lines(context);
    const render = (listed: string[]) =>
      renderTemplate('mine_list', language, { list: listed.join('\n') }).body;
    const listed = longestFittingPrefix(lines, render);
    if (listed.length === 0) return { reply: { templateKey: 'mine_none' } };
    return { reply: { templateKey: 'mine_list', params: { list: listed.join('\n') } } };
  }

  /** CAL: the link to the volunteer's iCalendar feed of confirmed shifts, made on first use. */
  private async calendar({ manager, volunteer }: CommandContext): Promise<CommandOutcome> {
    const url = await this.calendarFeeds.linkFor(manager, volunteer.id);
    return { reply: { templateKey: 'shift_calendar_link', params: { url } } };
  }

  private async mineLines({ manager, volunteer, now }: MineSectionContext): Promise<string[]> {
    const language = volunteer.preferredLanguage;
    const held = await heldShiftsOf(manager, volunteer.id, now);
    return held.map((shift) => {
      const params = shiftTextParams(shift, this.config.networkTimezone, language, now);
      return shift.status === 'WAITLISTED'
        ? renderTemplate('mine_shift_waitlisted', language, {
            ...params,
            position: shift.waitlistPosition ?? 0,
          }).body
        : renderTemplate('mine_shift_confirmed', language, params).body;
    });
  }

  /**
   * The shift CLAIM or DROP acts on: the one its code names, or without a code the only candidate; otherwise the
   * reply saying there is none, or asking which.
   */
  private async target(
    code: string | null,
    manager: CommandContext['manager'],
    none: 'shifts_none' | 'shift_none_held',
    which: 'shift_which_claim' | 'shift_which_drop',
    candidates: () => Promise<ShiftLine[]>,
  ): Promise<{ shiftId: string } | { reply: CommandReply }> {
    if (code) {
      const shiftId = await shiftIdByCode(manager, code);
      return shiftId ? { shiftId } : { reply: { templateKey: 'shift_unknown_code', params: { code } } };
    }
    const found = await candidates();
    if (found.length === 1) return { shiftId: found[0].id };
    if (found.length === 0) return { reply: { templateKey: none } };
    return { reply: { templateKey: which, params: { codes: found.map((shift) => shift.code).join(', ') } } };
  }
}
