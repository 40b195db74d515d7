import { createRequire } from 'node:module';
import twilio from 'twilio';
import { SmsSendError, type SmsFailureKind } from './sms-transport.js';
import { classifyTwilioFailure } from './twilio-errors.js';

// Not re-exported by the SDK's index; Version.throwException raises it for RFC 9457 error bodies.
const TwilioServiceException = createRequire(import.meta.url)('twilio/lib/base/TwilioServiceException.js')
  .default as new (response: { statusCode: number; body: unknown }) => Error;

function restException(statusCode: number, code?: number, message = 'Twilio says no'): Error {
  return new twilio.RestException({
    statusCode,
    body: code === undefined ? null : { code, message, status: statusCode },
  });
}

function systemError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('classifyTwilioFailure', () => {
  const cases: Array<[string, unknown, SmsFailureKind, string | null, number | null]> = [
    ['HTTP 429 with code 20429', restException(429, 20429), 'rate_limited', '20429', 429],
    ['HTTP 429 without a body', restException(429), 'rate_limited', null, 429],
    ['code 20429 on another status', restException(400, 20429), 'rate_limited', '20429', 400],
    ['HTTP 500 with code 20500', restException(500, 20500), 'retryable', '20500', 500],
    ['HTTP 503 with code 20503', restException(503, 20503), 'retryable', '20503', 503],
    ['HTTP 502 without a body', restException(502), 'retryable', null, 502],
    ['code 30003 unreachable handset', restException(400, 30003), 'retryable', '30003', 400],
    ['code 30008 unknown carrier error', restException(400, 30008), 'retryable', '30008', 400],
    ['code 21211 invalid To', restException(400, 21211), 'permanent', '21211', 400],
    ['code 21614 not a mobile number', restException(400, 21614), 'permanent', '21614', 400],
    ['code 21610 unsubscribed recipient', restException(400, 21610), 'permanent', '21610', 400],
    ['code 30006 landline', restException(400, 30006), 'permanent', '30006', 400],
    ['code 21408 region not enabled', restException(400, 21408), 'permanent', '21408', 400],
    ['code 21612 no route', restException(400, 21612), 'permanent', '21612', 400],
    ['code 21606 From not message-capable', restException(400, 21606), 'permanent', '21606', 400],
    ['code 21617 body too long', restException(400, 21617), 'permanent', '21617', 400],
    ['code 30004 blocked', restException(400, 30004), 'permanent', '30004', 400],
    ['code 30005 unknown destination', restException(400, 30005), 'permanent', '30005', 400],
    ['code 30007 carrier filtered', restException(400, 30007), 'permanent', '30007', 400],
    ['permanent code on a 5xx status', restException(500, 21211), 'permanent', '21211', 500],
    ['HTTP 401 code 20003 bad credentials', restException(401, 20003), 'permanent', '20003', 401],
    ['HTTP 404 code 20404', restException(404, 20404), 'permanent', '20404', 404],
    ['other 4xx without a body', restException(403), 'permanent', null, 403],
    ['RFC 9457 body, HTTP 429', serviceException(429, 20429), 'rate_limited', '20429', 429],
    ['RFC 9457 body, HTTP 400', serviceException(400, 21211), 'permanent', '21211', 400],
    [
      'connection refused',
      systemError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'),
      'retryable',
      null,
      null,
    ],
    ['connection reset', systemError('ECONNRESET', 'read ECONNRESET'), 'retryable', null, null],
    ['socket hang up', systemError('ECONNRESET', 'socket hang up'), 'retryable', null, null],
    ['socket timeout', systemError('ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.1:443'), 'retryable', null, null],
    ['axios timeout', axiosError('ECONNABORTED', 'timeout of 50ms exceeded'), 'retryable', null, null],
    [
      'axios network error without response',
      axiosError('ERR_NETWORK', 'Network Error'),
      'retryable',
      null,
      null,
    ],
    [
      'axios error with a Twilio response',
      {
        ...axiosError('ERR_BAD_RESPONSE', 'Request failed'),
        response: { status: 503, data: { code: 20503 } },
      },
      'retryable',
      '20503',
      503,
    ],
    ['a thrown string', 'boom', 'retryable', null, null],
  ];

  it.each(cases)('%s', (_label, thrown, kind, code, httpStatus) => {
    const classified = classifyTwilioFailure(thrown);
    expect(classified).toBeInstanceOf(SmsSendError);
    expect({ kind: classified.kind, code: classified.code, httpStatus: classified.httpStatus }).toEqual({
      kind,
      code,
      httpStatus,
    });
  });

  it('keeps an SmsSendError as it is', () => {
    const original = new SmsSendError('already classified', 'permanent', '21610', 400);
    expect(classifyTwilioFailure(original)).toBe(original);
  });

  it('states status and code, and keeps phone numbers out of the message', () => {
    const classified = classifyTwilioFailure(
      restException(400, 21211, "The 'To' number +14145550123 is not a valid phone number."),
    );
    expect(classified.message).toBe(
      "Twilio answered HTTP 400 (code 21211): The 'To' number [number] is not a valid phone number.",
    );
  });

  it('names the network error code', () => {
    const classified = classifyTwilioFailure(systemError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'));
    expect(classified.message).toBe('Twilio request failed: ECONNREFUSED connect ECONNREFUSED 127.0.0.1:9');
  });
});

function serviceException(status: number, code: number): Error {
  return new TwilioServiceException({
    statusCode: status,
    body: { type: `https://www.twilio.com/docs/errors/${code}`, title: 'Twilio says no', status, code },
  });
}

/** The shape axios gives its errors (`isAxiosError`, string `code`, `response` only when one arrived). */
function axiosError(code: string, message: string): Error & { isAxiosError: true } {
  return Object.assign(new Error(message), { code, isAxiosError: true as const });
}
