import twilio from 'twilio';
import { InboundCommandQueue } from '../../src/messaging/inbound/inbound-command-queue.js';
import type { TestApp } from './test-app.js';

export const INBOUND_SMS_WEBHOOK = '/webhooks/twilio/sms';

/** Posts a form the way Twilio does: form-encoded, signed with the SDK's own signature code over the public URL. */
export async function postSignedTwilioForm(
  app: TestApp,
  path: string,
  params: Record<string, string>,
  options: { authToken?: string; signedUrl?: string; signature?: string | null } = {},
) {
  const authToken = options.authToken ?? app.config.webhookAuthToken;
  if (!authToken) throw new Error('postSignedTwilioForm needs the app configured with TWILIO_AUTH_TOKEN');
  const url = options.signedUrl ?? `${app.config.publicBaseUrl}${path}`;
  const call = app.http().post(path).type('form').send(params);
  const signature =
    options.signature === undefined
      ? twilio.getExpectedTwilioSignature(authToken, url, params)
      : options.signature;
  if (signature !== null) call.set('X-Twilio-Signature', signature);
  return call;
}

/**
 * Posts a signed text to the inbound webhook, then waits until the commands the API queued have run: the webhook
 * answers once the text is stored, before its command runs.
 */
export async function postInboundSms(
  app: TestApp,
  params: Record<string, string>,
  options: Parameters<typeof postSignedTwilioForm>[3] = {},
) {
  const response = await postSignedTwilioForm(app, INBOUND_SMS_WEBHOOK, params, options);
  await app.api.get(InboundCommandQueue).drained();
  return response;
}

/** Test credentials in Twilio's shapes, for apps configured with SMS_TRANSPORT=twilio against the fake server. */
export const TEST_TWILIO = {
  accountSid: `AC${'1a2b3c4d'.repeat(4)}`,
  authToken: 'test-auth-token-0123456789abcdef',
  messagingServiceSid: `MG${'5e6f7a8b'.repeat(4)}`,
};

export function twilioEnv(apiBaseUrl: string): Record<string, string> {
  return {
    SMS_TRANSPORT: 'twilio',
    TWILIO_ACCOUNT_SID: TEST_TWILIO.accountSid,
    TWILIO_AUTH_TOKEN: TEST_TWILIO.authToken,
    TWILIO_MESSAGING_SERVICE_SID: TEST_TWILIO.messagingServiceSid,
    TWILIO_API_BASE_URL: apiBaseUrl,
  };
}
