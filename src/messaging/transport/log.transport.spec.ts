import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { LogSmsTransport } from './log.transport.js';

describe('LogSmsTransport', () => {
  let printed: string[];

  beforeEach(() => {
    printed = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
  });

  afterEach(() => jest.restoreAllMocks());

  it('returns a Twilio-shaped SID and the status sent', async () => {
    const transport = new LogSmsTransport({ showBody: true });
    const first = await transport.send({ to: '+14145550123', body: 'Hi' });
    const second = await transport.send({ to: '+14145550123', body: 'Hi' });

    expect(transport.name).toBe('log');
    expect(first).toEqual({ providerSid: expect.stringMatching(/^SM[0-9a-f]{32}$/), providerStatus: 'sent' });
    expect(second.providerSid).not.toBe(first.providerSid);
  });

  it('prints each text on one line, with only the last four digits of the number', async () => {
    await new LogSmsTransport({ showBody: true }).send({
      to: '+14145550123',
      body: 'Delivery 731:\nreply YES 731',
    });

    expect(printed).toEqual(['[sms → …0123] Delivery 731: ⏎ reply YES 731\n']);
  });

  it('marks a reply that Twilio itself sends in production', async () => {
    await new LogSmsTransport({ showBody: true }).send({
      to: '+14145550123',
      body: 'Reply STOP to unsubscribe. Msg&Data Rates May Apply.',
      templateKey: 'twilio_help',
      segments: 1,
    });

    expect(printed).toEqual([
      '[sms → …0123] (Twilio sends this one itself in production) Reply STOP to unsubscribe. Msg&Data Rates May Apply.\n',
    ]);
  });

  it('without bodies (production), logs the template key, segments and the last two digits only', async () => {
    const logged: string[] = [];
    jest.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown) => {
      logged.push(String(message));
    });
    const transport = new LogSmsTransport({ showBody: false });
    await transport.send({
      to: '+14145550123',
      body: 'Delivery 731 at 5 Elm St',
      templateKey: 'offer',
      segments: 2,
    });
    await transport.send({ to: '+14145550188', body: 'Our own words', templateKey: null, segments: 1 });

    // Through the logger, so a JSON line in production like every other; nothing raw on stdout.
    expect(printed).toEqual([]);
    expect(logged).toEqual([
      '[sms → …23] template offer, 2 segments',
      '[sms → …88] template (none), 1 segment',
    ]);
    expect(logged.join('')).not.toMatch(/Delivery|Elm|Our own|0123|0188/);
  });
});
