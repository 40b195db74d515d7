import { sendConcurrency, sendRateLimit, smsRetryDelay } from './outbound.queue.js';

describe('smsRetryDelay', () => {
  it('doubles per retry between half and all of base·2^(n−1)', () => {
    expect(smsRetryDelay(1, 1000, () => 0)).toBe(500);
    expect(smsRetryDelay(1, 1000, () => 1)).toBe(1000);
    expect(smsRetryDelay(3, 1000, () => 0)).toBe(2000);
    expect(smsRetryDelay(3, 1000, () => 1)).toBe(4000);
    expect(smsRetryDelay(4, 1000, () => 0.5)).toBe(6000);
  });

  it('never waits more than 15 minutes', () => {
    expect(smsRetryDelay(30, 5000, () => 1)).toBe(15 * 60_000);
    expect(smsRetryDelay(30, 5000, () => 0)).toBe(7.5 * 60_000);
  });
});

describe('sendRateLimit', () => {
  it.each([
    [1, { max: 1, duration: 1000 }],
    [10, { max: 1, duration: 100 }],
    [3, { max: 1, duration: 333 }],
    [0.5, { max: 1, duration: 2000 }],
    [2.5, { max: 1, duration: 400 }],
    [30, { max: 2, duration: 67 }],
    [100, { max: 5, duration: 50 }],
    [1000, { max: 50, duration: 50 }],
    [0.1, { max: 1, duration: 10_000 }],
  ])('%s per second is %o', (rate, limit) => {
    expect(sendRateLimit(rate)).toEqual(limit);
  });
});

describe('sendConcurrency', () => {
  it.each([
    [0.5, 10],
    [1, 10],
    [30, 30],
    [100, 100],
    [1000, 100],
  ])('at %p texts/s keeps %p sends in flight', (rate, concurrency) => {
    expect(sendConcurrency(rate)).toBe(concurrency);
  });
});
