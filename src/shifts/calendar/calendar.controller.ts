import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CalendarFeedBuilder } from './calendar-feed.builder.js';
import { CalendarFeeds } from './calendar-feeds.service.js';

/**
 * `GET /calendar/<token>.ics`: a volunteer's confirmed upcoming shifts, for calendar apps, which cannot send a
 * staff token: the unguessable token is the credential. Whatever is wrong with the token (unknown, revoked,
 * malformed, no `.ics`), the answer is the same 404 after the same lookup, so nothing tells a guess apart.
 */
@Controller('calendar')
export class CalendarController {
  constructor(
    private readonly feeds: CalendarFeeds,
    private readonly builder: CalendarFeedBuilder,
  ) {}

  @Get(':file')
  async feed(@Param('file') file: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const token = file.endsWith('.ics') ? file.slice(0, -'.ics'.length) : file;
    const volunteerId = await this.feeds.volunteerOf(token);
    if (!volunteerId || token === file) throw new NotFoundException();
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    // The feed is someone's schedule: no shared cache keeps it, and no page links to it.
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    return this.builder.feedOf(volunteerId);
  }
}
