import { SmsSendError, type SmsFailureKind } from './sms-transport.js';

/** Twilio's "Too Many Requests" code; it comes with HTTP 429. */
export const TWILIO_RATE_LIMIT_CODE = 20429;

/** Twilio codes worth another attempt later: carrier or Twilio trouble, not the message or the number. */
export const RETRYABLE_TWILIO_CODES: ReadonlySet<number> = new Set([
  20500, // Twilio internal server error
  20503, // Twilio service unavailable
  30003, // unreachable destination handset
  30008, // unknown carrier error
]);

/** Twilio codes that no retry can fix. Codes 300xx also arrive later, in status callbacks. */
export const PERMANENT_TWILIO_CODES: ReadonlySet<number> = new Set([
  21211, // invalid 'To' number
  21408, // no permission to send to this region
  21606, // 'From' is not a message-capable Twilio number
  21610, // recipient replied STOP (unsubscribed)
  21612, // no route between 'From' and 'To'
  21614, // 'To' is not a mobile number
  21617, // body exceeds 1600 characters
  30004, // message blocked
  30005, // unknown or inactive destination
  30006, // landline or unreachable carrier
  30007, // filtered as spam by the carrier
]);

/** Twilio error messages echo the numbers they reject; error messages end up in logs, numbers must not. */
const PHONE_NUMBER_LIKE = /\+?\d{7,}/g;

interface HttpFailure {
  status: number;
  code: number | null;
  message: string | null;
}

/**
 * Turns anything the Twilio SDK throws into an `SmsSendError` the outbound queue can act on.
 * HTTP failures (the SDK's `RestException`, `TwilioServiceException`) are judged by Twilio code, then HTTP status.
 * Everything else — refused or reset connections, timeouts, DNS — never reached a verdict from Twilio and is
 * retryable: the queue's attempt limit bounds the cost, while a wrong "permanent" would silently lose a text.
 */
export function classifyTwilioFailure(err: unknown): SmsSendError {
  if (err instanceof SmsSendError) return err;
  const http = readHttpFailure(err);
  if (http) {
    const codeLabel = http.code === null ? '' : ` (code ${http.code})`;
    const detail = http.message ? `: ${redactPhoneNumbers(http.message)}` : '';
    return new SmsSendError(
      `Twilio answered HTTP ${http.status}${codeLabel}${detail}`,
      kindOfHttpFailure(http.status, http.code),
      http.code === null ? null : String(http.code),
      http.status,
    );
  }
  return new SmsSendError(`Twilio request failed: ${describeTransportError(err)}`, 'retryable', null, null);
}

function kindOfHttpFailure(status: number, code: number | null): SmsFailureKind {
  if (status === 429 || code === TWILIO_RATE_LIMIT_CODE) return 'rate_limited';
  if (code !== null && RETRYABLE_TWILIO_CODES.has(code)) return 'retryable';
  if (code !== null && PERMANENT_TWILIO_CODES.has(code)) return 'permanent';
  if (status >= 400 && status < 500) return 'permanent';
  return 'retryable';
}

/** Reads status and code from a Twilio exception, or from an HTTP client error that carries a response. */
function readHttpFailure(err: unknown): HttpFailure | null {
  if (!isRecord(err)) return null;
  if (isHttpStatus(err.status) && err.isAxiosError !== true) {
    return { status: err.status, code: twilioCode(err.code), message: stringOrNull(err.message) };
  }
  const response = err.response;
  if (isRecord(response) && isHttpStatus(response.status)) {
    const body = isRecord(response.data) ? response.data : {};
    return { status: response.status, code: twilioCode(body.code), message: stringOrNull(body.message) };
  }
  return null;
}

function describeTransportError(err: unknown): string {
  if (!(err instanceof Error)) return redactPhoneNumbers(String(err));
  const code = (err as { code?: unknown }).code;
  const prefix = typeof code === 'string' && code !== '' ? `${code} ` : '';
  return `${prefix}${redactPhoneNumbers(err.message)}`;
}

/** `TwilioServiceException` reports a missing code as 0. */
function twilioCode(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}

function isHttpStatus(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 100 && value < 600;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function redactPhoneNumbers(text: string): string {
  return text.replace(PHONE_NUMBER_LIKE, '[number]');
}
