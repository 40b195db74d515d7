/** One text to hand to the provider. `to` is E.164; `body` is already rendered and within three segments. */
export interface OutboundSms {
  to: string;
  body: string;
  /** Where the provider should report delivery status; omitted in development. */
  statusCallbackUrl?: string;
  /** The template the body was rendered from (null for a coordinator's own words): what a body-less log shows. */
  templateKey?: string | null;
  /** Segments the body is sent as, as stored on the message. */
  segments?: number | null;
}

export interface SmsSendResult {
  /** The provider's message id (a Twilio `SM…` SID), used to match status callbacks. */
  providerSid: string;
  /** The provider's status at acceptance, e.g. `queued`, `accepted`, `sent`. */
  providerStatus: string;
}

/**
 * What the outbound queue should do with a failed send:
 * `rate_limited` — slow down and try again without spending an attempt;
 * `retryable` — try again later (provider outage, network, timeout);
 * `permanent` — never retry (invalid or unsubscribed number, bad credentials, body rejected).
 */
export type SmsFailureKind = 'rate_limited' | 'retryable' | 'permanent';

/** A failed send. The message never carries the recipient's number or the text's body. */
export class SmsSendError extends Error {
  /**
   * @param code the provider's error code (Twilio's numeric code as a string), or null when there was none
   * @param httpStatus the provider's HTTP status, or null when no response arrived
   */
  constructor(
    message: string,
    readonly kind: SmsFailureKind,
    readonly code: string | null,
    readonly httpStatus: number | null,
  ) {
    super(message);
    this.name = 'SmsSendError';
  }
}

/** Sends one text. Implementations do not retry: the outbound queue owns retries and rate limiting. */
export abstract class SmsTransport {
  abstract readonly name: 'log' | 'twilio';

  /** Resolves once the provider accepted the text; rejects with an `SmsSendError`. */
  abstract send(sms: OutboundSms): Promise<SmsSendResult>;
}
