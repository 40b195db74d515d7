import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import { SmsTransport, type OutboundSms, type SmsSendResult } from './sms-transport.js';
import { classifyTwilioFailure } from './twilio-errors.js';

/** The origin the SDK builds every REST URL on (`lib/rest/ApiBase.js`). */
const TWILIO_API_ORIGIN = 'https://api.twilio.com';

export interface TwilioTransportOptions {
  accountSid: string;
  authToken: string;
  /** Preferred sender: Twilio picks the number from the service's pool and applies its opt-out handling. */
  messagingServiceSid?: string;
  /** Used when no Messaging Service is configured. */
  fromNumber?: string;
  /** `https://api.twilio.com` in production; tests point it at a local fake. */
  apiBaseUrl: string;
  /** Per-request timeout; the SDK's default (30 s) when omitted. */
  timeoutMs?: number;
}

/** The SDK's request client with the fixed Twilio origin swapped for another base URL (a local fake in tests). */
class ApiBaseUrlRequestClient extends twilio.RequestClient {
  private readonly baseUrl: string;

  constructor(apiBaseUrl: string, options: RequestClient.RequestClientOptions) {
    super(options);
    this.baseUrl = apiBaseUrl.replace(/\/+$/, '');
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const target = new URL(opts.uri);
    return super.request({ ...opts, uri: `${this.baseUrl}${target.pathname}${target.search}` });
  }
}

/** Sends through the Twilio SDK; auth, form encoding and error parsing stay the SDK's. */
export class TwilioSmsTransport extends SmsTransport {
  readonly name = 'twilio';
  private readonly client: twilio.Twilio;
  private readonly sender: { messagingServiceSid: string } | { from: string };

  constructor(options: TwilioTransportOptions) {
    super();
    if (options.messagingServiceSid) {
      this.sender = { messagingServiceSid: options.messagingServiceSid };
    } else if (options.fromNumber) {
      this.sender = { from: options.fromNumber };
    } else {
      throw new Error('TwilioSmsTransport needs a messagingServiceSid or a fromNumber');
    }
    // The outbound queue owns retries and rate limiting, so the SDK's own 429 back-off stays off.
    const clientOptions: RequestClient.RequestClientOptions = {
      autoRetry: false,
      timeout: options.timeoutMs,
    };
    const httpClient =
      new URL(options.apiBaseUrl).origin === TWILIO_API_ORIGIN
        ? new twilio.RequestClient(clientOptions)
        : new ApiBaseUrlRequestClient(options.apiBaseUrl, clientOptions);
    this.client = twilio(options.accountSid, options.authToken, { httpClient });
  }

  async send(sms: OutboundSms): Promise<SmsSendResult> {
    try {
      const message = await this.client.messages.create({
        to: sms.to,
        body: sms.body,
        statusCallback: sms.statusCallbackUrl,
        ...this.sender,
      });
      return { providerSid: message.sid, providerStatus: message.status };
    } catch (err) {
      throw classifyTwilioFailure(err);
    }
  }
}
