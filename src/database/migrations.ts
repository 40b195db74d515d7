import { Foundation1795300000000 } from '../../migrations/1795300000000-Foundation.js';
import { Messaging1795300100000 } from '../../migrations/1795300100000-Messaging.js';
import { BroadcastRecipients1795300147213 } from '../../migrations/1795300147213-BroadcastRecipients.js';
import { UnknownNumberReplies1795300260000 } from '../../migrations/1795300260000-UnknownNumberReplies.js';
import { JoinTableConstraints1795300300000 } from '../../migrations/1795300300000-JoinTableConstraints.js';
import { OutboxSendingIndex1795300350000 } from '../../migrations/1795300350000-OutboxSendingIndex.js';
import { MessageBodyRetention1795300400000 } from '../../migrations/1795300400000-MessageBodyRetention.js';
import { VolunteerNameSearch1795300410000 } from '../../migrations/1795300410000-VolunteerNameSearch.js';
import { DeliveryRequests1795300500000 } from '../../migrations/1795300500000-DeliveryRequests.js';
import { AuditEntries1795300510000 } from '../../migrations/1795300510000-AuditEntries.js';
import { Shifts1795300600000 } from '../../migrations/1795300600000-Shifts.js';
import { DeliveryOffers1795300700000 } from '../../migrations/1795300700000-DeliveryOffers.js';
import { DeliveryRetention1795300800000 } from '../../migrations/1795300800000-DeliveryRetention.js';
import { TrainingEvents1795300900000 } from '../../migrations/1795300900000-TrainingEvents.js';
import { RemindersAndCalendarFeeds1795301000000 } from '../../migrations/1795301000000-RemindersAndCalendarFeeds.js';
import { Alerts1795301100000 } from '../../migrations/1795301100000-Alerts.js';
import { StaffAccounts1795301200000 } from '../../migrations/1795301200000-StaffAccounts.js';
import { AttendeeReminders1795301400000 } from '../../migrations/1795301400000-AttendeeReminders.js';
import { DropDuplicateAssignedIndex1795350000000 } from '../../migrations/1795350000000-DropDuplicateAssignedIndex.js';

/** Every migration in order, listed once (a glob breaks under Jest's ESM mode; the TypeORM CLI accepts this). */
export const MIGRATIONS = [
  Foundation1795300000000,
  Messaging1795300100000,
  BroadcastRecipients1795300147213,
  UnknownNumberReplies1795300260000,
  JoinTableConstraints1795300300000,
  OutboxSendingIndex1795300350000,
  MessageBodyRetention1795300400000,
  VolunteerNameSearch1795300410000,
  DeliveryRequests1795300500000,
  AuditEntries1795300510000,
  Shifts1795300600000,
  DeliveryOffers1795300700000,
  DeliveryRetention1795300800000,
  TrainingEvents1795300900000,
  RemindersAndCalendarFeeds1795301000000,
  Alerts1795301100000,
  StaffAccounts1795301200000,
  AttendeeReminders1795301400000,
  DropDuplicateAssignedIndex1795350000000,
];
