import { DomainError } from './domain-error.js';
import { allocateShortCode, FREE_CODE_SAMPLE, RANDOM_CODE_ATTEMPTS } from './short-code.js';

/**
 * A code space of 100–199 where taken codes refuse a claim, as the unique index would. `unluckyDraws` random
 * tries collide whatever they draw, so a test reaches the free-code fallback for sure.
 */
function codeSpace(taken: Set<number>, unluckyDraws = 0) {
  const tried: number[] = [];
  const freeAsked: number[] = [];
  let listed: (free: number[]) => void = () => undefined;
  const allocation = {
    min: 100,
    max: 199,
    tryCode: (code: number) => {
      tried.push(code);
      if (tried.length <= unluckyDraws || taken.has(code)) return Promise.resolve(null);
      taken.add(code);
      return Promise.resolve(`claimed ${code}`);
    },
    freeCodes: (limit: number) => {
      freeAsked.push(limit);
      const free: number[] = [];
      for (let code = 100; code <= 199 && free.length < limit; code++) if (!taken.has(code)) free.push(code);
      listed(free);
      return Promise.resolve(free);
    },
    exhaustedMessage: 'No free test code',
  };
  return { allocation, tried, freeAsked, onListed: (hook: typeof listed) => (listed = hook) };
}

const allTakenBut = (...free: number[]) =>
  new Set(Array.from({ length: 100 }, (_, index) => 100 + index).filter((code) => !free.includes(code)));

describe('allocateShortCode', () => {
  it('claims one random code within the range when it is free, without listing free codes', async () => {
    const { allocation, tried, freeAsked } = codeSpace(new Set());
    const claimed = await allocateShortCode(allocation);
    expect(tried).toHaveLength(1);
    expect(tried[0]).toBeGreaterThanOrEqual(100);
    expect(tried[0]).toBeLessThanOrEqual(199);
    expect(claimed).toBe(`claimed ${tried[0]}`);
    expect(freeAsked).toEqual([]);
  });

  it('after the random tries collide, claims the last free code the database lists', async () => {
    const { allocation, tried, freeAsked } = codeSpace(allTakenBut(150), RANDOM_CODE_ATTEMPTS);
    expect(await allocateShortCode(allocation)).toBe('claimed 150');
    expect(tried).toHaveLength(RANDOM_CODE_ATTEMPTS + 1);
    expect(freeAsked).toEqual([FREE_CODE_SAMPLE]);
  });

  it('tries the next listed code when one is taken before its try', async () => {
    const taken = allTakenBut(150, 160, 170);
    const { allocation, tried, onListed } = codeSpace(taken, RANDOM_CODE_ATTEMPTS);
    onListed(() => taken.add(150).add(160)); // concurrent allocations claim them between the listing and the tries
    expect(await allocateShortCode(allocation)).toBe('claimed 170');
    expect(tried.slice(RANDOM_CODE_ATTEMPTS)).toEqual([150, 160, 170]);
  });

  it('lists free codes again when every listed one was taken before its try', async () => {
    const taken = allTakenBut(150);
    const { allocation, freeAsked, onListed } = codeSpace(taken, RANDOM_CODE_ATTEMPTS);
    onListed(() => {
      if (freeAsked.length === 1) taken.add(150).delete(170); // 150 claimed meanwhile, 170 freed (its request closed)
    });
    expect(await allocateShortCode(allocation)).toBe('claimed 170');
    expect(freeAsked).toEqual([FREE_CODE_SAMPLE, FREE_CODE_SAMPLE]);
  });

  it('refuses with CONFLICT, naming what ran out, when no code is free', async () => {
    const { allocation, tried } = codeSpace(allTakenBut());
    const refusal = allocateShortCode(allocation);
    await expect(refusal).rejects.toBeInstanceOf(DomainError);
    await expect(refusal).rejects.toMatchObject({ code: 'CONFLICT', message: 'No free test code' });
    expect(tried).toHaveLength(RANDOM_CODE_ATTEMPTS);
  });
});
