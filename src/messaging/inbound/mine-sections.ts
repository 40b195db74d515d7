import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Volunteer } from '../../volunteers/volunteer.entity.js';

/** What a section of the MINE reply is given: the text's transaction, its sender and the time. */
export interface MineSectionContext {
  manager: EntityManager;
  volunteer: Volunteer;
  now: Date;
}

/**
 * One feature's part of the reply to MINE (the volunteer's upcoming shifts, their deliveries in progress): lines
 * in the volunteer's language, soonest first, none when there is nothing to say.
 */
export interface MineSection {
  /** Orders the sections in the reply, lowest first. */
  order: number;
  lines(context: MineSectionContext): Promise<string[]>;
}

/**
 * The sections of the MINE reply. Feature modules register theirs in onModuleInit, so the module that answers MINE
 * (shifts) and the others (deliveries) need not import each other.
 */
@Injectable()
export class MineSections {
  private readonly sections: MineSection[] = [];

  register(section: MineSection): void {
    this.sections.push(section);
    this.sections.sort((a, b) => a.order - b.order);
  }

  async lines(context: MineSectionContext): Promise<string[]> {
    const lines: string[] = [];
    for (const section of this.sections) lines.push(...(await section.lines(context)));
    return lines;
  }
}
