import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { INBOUND_SMS_WEBHOOK } from './twilio-webhook.js';

export interface Text {
  from: string;
  body: string;
  /** The MessageSid; a new one when not given (a Twilio retry sends the same again). */
  sid?: string;
}

export interface Answer {
  sid: string;
  status: number;
  /** performance.now() when the request was sent. */
  sentAt: number;
  /** From sending the request to reading the whole answer. */
  ms: number;
}

export const newMessageSid = (): string => `SM${randomBytes(16).toString('hex')}`;

/**
 * Each text posted to the inbound webhook of a running API as Twilio posts it (form-encoded, signed with the
 * twilio SDK's own signature code over `publicBaseUrl`), the i-th to `baseUrls[i % baseUrls.length]`,
 * `concurrency` in flight; the answers in the order they came. A post that gets no answer (the connection refused
 * or reset) counts as status 0.
 */
export async function postSignedTexts(
  target: { baseUrls: string[]; publicBaseUrl: string; authToken: string },
  texts: Text[],
  concurrency: number,
  onAnswer: (answer: Answer) => void = () => undefined,
): Promise<Answer[]> {
  const { baseUrls, publicBaseUrl, authToken } = target;
  const answers: Answer[] = [];
  let next = 0;
  const client = async () => {
    while (next < texts.length) {
      const index = next++;
      const { from, body, sid = newMessageSid() } = texts[index];
      const params = {
        MessageSid: sid,
        AccountSid: `AC${randomBytes(16).toString('hex')}`,
        From: from,
        To: '+13125550100',
        Body: body,
        NumMedia: '0',
        NumSegments: '1',
        SmsStatus: 'received',
      };
      const signature = twilio.getExpectedTwilioSignature(
        authToken,
        `${publicBaseUrl}${INBOUND_SMS_WEBHOOK}`,
        params,
      );
      const url = baseUrls[index % baseUrls.length];
      const sentAt = performance.now();
      const status = await fetch(`${url}${INBOUND_SMS_WEBHOOK}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: new URLSearchParams(params).toString(),
      }).then(
        async (response) => {
          await response.text();
          return response.status;
        },
        () => 0,
      );
      const answer = { sid, status, sentAt, ms: performance.now() - sentAt };
      answers.push(answer);
      onAnswer(answer);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, texts.length) }, client));
  return answers;
}
