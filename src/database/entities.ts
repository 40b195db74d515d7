import { AlertResponder } from '../alerts/alert-responder.entity.js';
import { AlertTransition } from '../alerts/alert-transition.entity.js';
import { AlertVerification } from '../alerts/alert-verification.entity.js';
import { Alert } from '../alerts/alert.entity.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { StaffUser } from '../auth/staff-user.entity.js';
import { DeliveryOffer } from '../deliveries/delivery-offer.entity.js';
import { DeliveryRequest } from '../deliveries/delivery-request.entity.js';
import { DeliveryTransition } from '../deliveries/delivery-transition.entity.js';
import { Broadcast } from '../messaging/broadcasts/broadcast.entity.js';
import { Message } from '../messaging/message.entity.js';
import { CalendarFeed } from '../shifts/calendar/calendar-feed.entity.js';
import { ShiftReminderSent } from '../shifts/shift-reminder-sent.entity.js';
import { Shift } from '../shifts/shift.entity.js';
import { Signup } from '../shifts/signup.entity.js';
import { AttendeeReminderSent } from '../training/attendee-reminder-sent.entity.js';
import { Attendee } from '../training/attendee.entity.js';
import { TrainingEvent } from '../training/training-event.entity.js';
import { Volunteer } from '../volunteers/volunteer.entity.js';
import { ZoneNeighbour } from '../zones/zone-neighbour.entity.js';
import { Zone } from '../zones/zone.entity.js';

/** Every entity, listed once (a glob breaks under Jest's ESM mode). */
export const ENTITIES = [
  Zone,
  StaffUser,
  Volunteer,
  Message,
  Broadcast,
  DeliveryRequest,
  DeliveryTransition,
  DeliveryOffer,
  AuditEntry,
  Shift,
  Signup,
  TrainingEvent,
  Attendee,
  ZoneNeighbour,
  Alert,
  AlertTransition,
  AlertVerification,
  AlertResponder,
  ShiftReminderSent,
  CalendarFeed,
  AttendeeReminderSent,
];
