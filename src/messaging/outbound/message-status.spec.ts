import { MessageStatus } from '../message.entity.js';
import { OUTBOUND_STATUS_RANK, statusFromTwilio } from './message-status.js';

describe('statusFromTwilio', () => {
  it.each([
    ['accepted', MessageStatus.SENDING],
    ['queued', MessageStatus.SENDING],
    ['sending', MessageStatus.SENDING],
    ['sent', MessageStatus.SENT],
    ['delivered', MessageStatus.DELIVERED],
    ['read', MessageStatus.DELIVERED],
    ['undelivered', MessageStatus.UNDELIVERED],
    ['failed', MessageStatus.FAILED],
    [' Delivered ', MessageStatus.DELIVERED],
  ])('%s → %s', (twilioStatus, status) => {
    expect(statusFromTwilio(twilioStatus)).toBe(status);
  });

  it('ignores statuses that say nothing about an outbound text', () => {
    expect(statusFromTwilio('received')).toBeNull();
    expect(statusFromTwilio('')).toBeNull();
  });

  it('ranks the final statuses above sent, sent above sending, sending above queued', () => {
    expect(OUTBOUND_STATUS_RANK.QUEUED).toBeLessThan(OUTBOUND_STATUS_RANK.SENDING);
    expect(OUTBOUND_STATUS_RANK.SENDING).toBeLessThan(OUTBOUND_STATUS_RANK.SENT);
    for (const final of [MessageStatus.DELIVERED, MessageStatus.UNDELIVERED, MessageStatus.FAILED] as const) {
      expect(OUTBOUND_STATUS_RANK[final]).toBeGreaterThan(OUTBOUND_STATUS_RANK.SENT);
    }
  });
});
