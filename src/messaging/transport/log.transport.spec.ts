import { jest } from '@jest/globals';
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
    const transport = new LogSmsTransport();
    const first = await transport.send({ to: '+14145550123', body: 'Hi' });
    const second = await transport.send({ to: '+14145550123', body: 'Hi' });

    expect(transport.name).toBe('log');
    expect(first).toEqual({ providerSid: expect.stringMatching(/^SM[0-9a-f]{32}$/), providerStatus: 'sent' });
    expect(second.providerSid).not.toBe(first.providerSid);
  });

  it('prints each text on one line, with only the last four digits of the number', async () => {
    await new LogSmsTransport().send({ to: '+14145550123', body: 'Delivery 731:\nreply YES 731' });

    expect(printed).toEqual(['[sms → …0123] Delivery 731: ⏎ reply YES 731\n']);
  });
});
