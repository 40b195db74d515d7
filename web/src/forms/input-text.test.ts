import { describe, expect, it } from 'vitest';
import { changedFields, languageCodes } from './input-text';

describe('languageCodes', () => {
  it('splits on commas, trims and drops empties', () => {
    expect(languageCodes(' es, en ,, ')).toEqual(['es', 'en']);
    expect(languageCodes('')).toEqual([]);
  });
});

describe('changedFields', () => {
  it('keeps only what changed, lists compared by their items', () => {
    const before = { title: 'KYR', languages: ['es', 'en'], capacity: 30, trainerId: null as string | null };
    expect(changedFields(before, { ...before, languages: ['es', 'en'] })).toEqual({});
    expect(changedFields(before, { ...before, languages: ['en', 'es'], capacity: 40 })).toEqual({
      languages: ['en', 'es'],
      capacity: 40,
    });
    expect(changedFields(before, { ...before, trainerId: 't1' })).toEqual({ trainerId: 't1' });
  });
});
