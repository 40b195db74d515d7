import type { CountryCode } from 'libphonenumber-js';
import { InvalidPhoneError, parsePhone } from './phone.js';
import { isWithinScope } from '../zones/zone-scope.js';

export const INVALID_PHONE = 'is not a valid phone number';
export const PHONE_IN_USE = 'another volunteer already has this phone number';
/**
 * What a zone-limited user is told for any number they may not register, whatever the reason (a volunteer outside
 * their zones has it, or it is the network's own sender number), so a refusal does not say which volunteer or
 * zones hold a number, nor confirm that a volunteer has it.
 */
export const PHONE_NOT_AVAILABLE = 'cannot be registered from your zones; ask an administrator';
const SENDER_NUMBER = "is the network's own sender number";

export type PhoneCheck = { phone: string; problem?: undefined } | { phone?: undefined; problem: string };

/** The rules every volunteer phone meets, on create, update and import. */
export class VolunteerPhoneRules {
  private readonly senderNumber: string | null;

  constructor(
    private readonly defaultRegion: CountryCode,
    senderNumber: string | null,
  ) {
    this.senderNumber = senderNumber ? normalize(senderNumber, defaultRegion) : null;
  }

  /** The number in E.164, or why it cannot be a volunteer's (before looking at who else has it). */
  check(input: string, scope: string[] | null): PhoneCheck {
    const phone = normalize(input, this.defaultRegion);
    if (!phone) return { problem: INVALID_PHONE };
    // Texts from the network's own number would come back to it as inbound texts.
    if (phone === this.senderNumber) return { problem: scope ? PHONE_NOT_AVAILABLE : SENDER_NUMBER };
    return { phone };
  }
}

/** Why a number another volunteer (in `ownerZoneIds`) already has cannot be used, told as the user may know it. */
export function phoneTakenProblem(scope: string[] | null, ownerZoneIds: string[]): string {
  return isWithinScope(scope, ownerZoneIds) ? PHONE_IN_USE : PHONE_NOT_AVAILABLE;
}

function normalize(input: string, region: CountryCode): string | null {
  try {
    return parsePhone(input, region);
  } catch (error) {
    if (error instanceof InvalidPhoneError) return null;
    throw error;
  }
}
