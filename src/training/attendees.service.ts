import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { StaffUser } from '../auth/staff-user.entity.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { FieldCipher } from '../protected-data/field-cipher.js';
import { InvalidPhoneError, parsePhone } from '../volunteers/phone.js';
import { Attendee } from './attendee.entity.js';
import type { RecordAttendanceInput, RegisterAttendeeInput } from './dto/training-event.input.js';
import { runnableTrainingEventOrFail } from './training-event-access.js';
import { TrainingEvent, TrainingEventStatus } from './training-event.entity.js';

/** An attendee who gave a phone, decrypted, for a text about their session. */
export interface ReachableAttendee {
  attendeeId: string;
  phone: string;
  language: string;
}

/**
 * The public's registrations for a session and the attendance taken there. A seat is taken by one conditional
 * UPDATE of the event's `registered_count` (it waits on the row's lock and re-reads the count, so concurrent
 * registrations never pass capacity; a CHECK backs it), in the transaction that inserts the attendee.
 */
@Injectable()
export class AttendeesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cipher: FieldCipher,
    private readonly clock: Clock,
  ) {}

  /** Registers someone for a PUBLISHED session that has not ended; CONFLICT when it is full. */
  async register(user: StaffUser, eventId: string, input: RegisterAttendeeInput): Promise<Attendee> {
    const event = await this.runnable(user, eventId);
    const phoneCiphertext = this.encryptPhone(input.phone ?? null);
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const [rows]: [{ id: string }[], number] = await manager.query(
        `UPDATE training_events SET registered_count = registered_count + 1, updated_at = now()
          WHERE id = $1 AND status = $2 AND ends_at > $3 AND registered_count < capacity
          RETURNING id`,
        [eventId, TrainingEventStatus.PUBLISHED, now],
      );
      if (rows.length === 0) {
        const current = await manager.findOneByOrFail(TrainingEvent, { id: eventId });
        if (current.status !== TrainingEventStatus.PUBLISHED || current.endsAt.getTime() <= now.getTime()) {
          throw DomainError.conflict(`Training event ${eventId} is not open for registration`);
        }
        throw DomainError.conflict(`Training event ${eventId} is full (${current.capacity} registered)`);
      }
      return manager.save(
        manager.create(Attendee, {
          eventId,
          name: input.name ?? null,
          phoneCiphertext,
          language: input.language ?? event.languages[0],
          attended: false,
          personalDataPurgedAt: null,
        }),
      );
    });
  }

  /**
   * Attendance, once the session has started: `attendedIds` are the registered attendees who came (every other
   * registration is marked as not come), `headCount` the people who came without registering. Either, or both.
   */
  async recordAttendance(user: StaffUser, eventId: string, input: RecordAttendanceInput): Promise<void> {
    const attendedIds = input.attendedIds ?? null;
    const headCount = input.headCount ?? null;
    if (attendedIds === null && headCount === null) {
      throw DomainError.badInput('attendedIds', 'or headCount must be given');
    }
    const event = await this.runnable(user, eventId);
    if (event.status !== TrainingEventStatus.PUBLISHED && event.status !== TrainingEventStatus.COMPLETED) {
      throw DomainError.conflict(`Training event ${eventId} is ${event.status.toLowerCase()}`);
    }
    if (event.startsAt.getTime() > this.clock.now().getTime()) {
      throw DomainError.conflict(`Training event ${eventId} has not started yet`);
    }
    await this.dataSource.transaction(async (manager) => {
      if (attendedIds !== null) {
        const unique = [...new Set(attendedIds)];
        const known = await manager.countBy(Attendee, { eventId, id: In(unique) });
        if (known !== unique.length) {
          throw DomainError.badInput('attendedIds', 'contains an id that is not an attendee of this event');
        }
        await manager.query(
          `UPDATE attendees SET attended = (id = ANY($2::uuid[])), updated_at = now() WHERE event_id = $1`,
          [eventId, unique],
        );
      }
      if (headCount !== null) await manager.update(TrainingEvent, eventId, { walkInCount: headCount });
    });
  }

  /** A session's registrations, in the order they came (TrainingEvent.attendees). */
  attendeesOf(eventId: string): Promise<Attendee[]> {
    return this.dataSource
      .getRepository(Attendee)
      .find({ where: { eventId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /**
   * The attendees of a session who gave a phone (not yet wiped), decrypted: whom a cancellation or a reminder
   * texts. Not audited: the phone goes to the SMS outbox only, never to a person.
   */
  async reachableAttendees(manager: EntityManager, eventId: string): Promise<ReachableAttendee[]> {
    const rows = await manager.find(Attendee, { where: { eventId }, order: { createdAt: 'ASC' } });
    return rows
      .filter((row): row is Attendee & { phoneCiphertext: string } => row.phoneCiphertext !== null)
      .map((row) => ({
        attendeeId: row.id,
        phone: this.cipher.decrypt(row.phoneCiphertext),
        language: row.language,
      }));
  }

  private async runnable(user: StaffUser, eventId: string): Promise<TrainingEvent> {
    const event = await this.dataSource.getRepository(TrainingEvent).findOneBy({ id: eventId });
    return runnableTrainingEventOrFail(user, event, eventId);
  }

  private encryptPhone(input: string | null): string | null {
    if (input === null) return null;
    try {
      return this.cipher.encrypt(parsePhone(input, this.config.defaultPhoneRegion));
    } catch (error) {
      if (error instanceof InvalidPhoneError)
        throw DomainError.badInput('phone', 'is not a valid phone number');
      throw error;
    }
  }
}
