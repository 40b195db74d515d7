import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { StaffUser } from '../auth/staff-user.entity.js';
import { DomainError } from '../common/domain-error.js';
import type { ConnectionShape } from '../common/pagination/connection.js';
import { paginate } from '../common/pagination/paginate.js';
import { RequestLoaders } from '../common/request-loaders.js';
import { SmsStatus, Volunteer } from '../volunteers/volunteer.entity.js';
import { VolunteersService } from '../volunteers/volunteers.service.js';
import { zoneScopeOf } from '../zones/zone-scope.js';
import type { MessageFilter } from './dto/message.input.js';
import { Message } from './message.entity.js';
import { OutboundMessagesService } from './outbound/outbound-messages.service.js';
import { outgoingTextProblem, toGsmFriendly } from './text/sms-text.js';

/** Coordinators' view of the SMS history, and texts they write themselves. */
@Injectable()
export class MessagesService {
  /** `Message.volunteer` costs one query a page. */
  private readonly volunteerLoaders = new RequestLoaders<string, Volunteer | null>(async (ids) => {
    const found = await this.volunteers.find({ where: { id: In([...ids]) }, relations: { zones: true } });
    const byId = new Map(found.map((volunteer) => [volunteer.id, volunteer]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  constructor(
    @InjectRepository(Message) private readonly messages: Repository<Message>,
    @InjectRepository(Volunteer) private readonly volunteers: Repository<Volunteer>,
    private readonly volunteersService: VolunteersService,
    private readonly outbound: OutboundMessagesService,
  ) {}

  /** Newest first. A coordinator limited to zones sees only texts with volunteers in those zones. */
  list(
    user: StaffUser,
    filter: MessageFilter = {},
    page: { first: number; after?: string | null },
  ): Promise<ConnectionShape<Message>> {
    const query = this.messages.createQueryBuilder('m');
    const scope = zoneScopeOf(user);
    if (scope) {
      query.andWhere(
        'EXISTS (SELECT 1 FROM volunteer_zones vz WHERE vz.volunteers_id = m.volunteer_id AND vz.zones_id = ANY(:scope))',
        { scope },
      );
    }
    if (filter.volunteerId)
      query.andWhere('m.volunteerId = :volunteerId', { volunteerId: filter.volunteerId });
    if (filter.direction) query.andWhere('m.direction = :direction', { direction: filter.direction });
    if (filter.status) query.andWhere('m.status = :status', { status: filter.status });
    if (filter.broadcastId)
      query.andWhere('m.broadcastId = :broadcastId', { broadcastId: filter.broadcastId });
    return paginate(query, {
      ...page,
      sortColumn: 'm.createdAt',
      direction: 'DESC',
      sortValueOf: (message) => message.createdAt.toISOString(),
    });
  }

  /** A coordinator's own text to one volunteer, through the outbound pipeline (quiet hours apply). */
  async send(user: StaffUser, volunteerId: string, body: string): Promise<Message> {
    const volunteer = await this.volunteersService.get(user, volunteerId);
    if (volunteer.smsStatus === SmsStatus.OPTED_OUT) {
      throw DomainError.badInput(
        'volunteerId',
        'this volunteer opted out of texts (they can text START to rejoin)',
      );
    }
    const text = toGsmFriendly(body.trim());
    const problem = outgoingTextProblem(text);
    if (problem) throw DomainError.badInput('body', problem);
    const [message] = await this.outbound.send([
      { volunteerId: volunteer.id, phone: volunteer.phone, body: text },
    ]);
    return message;
  }

  volunteerOf(message: Message, requestContext: object): Promise<Volunteer | null> {
    if (!message.volunteerId) return Promise.resolve(null);
    return this.volunteerLoaders.load(requestContext, message.volunteerId);
  }
}
