import { SetMetadata } from '@nestjs/common';

export interface RateLimitRule {
  /** Requests allowed per window and client address. */
  limit: number;
  windowMs: number;
}

export const RATE_LIMIT = 'vecino:rateLimit';

/** Login attempts per client address per minute. */
export const LOGIN_RATE_LIMIT: RateLimitRule = { limit: 10, windowMs: 60_000 };
/** Any other operation per client address per minute. */
export const GENERAL_RATE_LIMIT: RateLimitRule = { limit: 600, windowMs: 60_000 };

/** A stricter limit of its own for one operation (counted apart from the general one). */
export const RateLimited = (rule: RateLimitRule): MethodDecorator & ClassDecorator =>
  SetMetadata(RATE_LIMIT, rule);

/** For endpoints that must take bursts (Twilio webhooks) or are scraped (health, metrics). */
export const SkipRateLimit = (): MethodDecorator & ClassDecorator => SetMetadata(RATE_LIMIT, null);
