import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionStore } from './session';
import { tokenExpiry } from './token-expiry';

class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

const base64url = (value: object) =>
  btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const tokenExpiringAt = (ms: number) =>
  `${base64url({ alg: 'HS256' })}.${base64url({ sub: 'u1', exp: ms / 1000 })}.sig`;
const USER = { id: 'u1', email: 'coord@vecino.test', role: 'COORDINATOR' };

describe('the staff session', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.parse('2026-12-01T12:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('reads the expiry from the token', () => {
    expect(tokenExpiry(tokenExpiringAt(Date.parse('2026-12-01T13:00:00Z')))).toBe(
      Date.parse('2026-12-01T13:00:00Z'),
    );
    expect(tokenExpiry('not-a-jwt')).toBeNull();
    expect(tokenExpiry(`${base64url({})}.${base64url({ sub: 'u1' })}.sig`)).toBeNull();
  });

  it('survives a reload through its storage, and signs out cleanly when the token expires', () => {
    const storage = new MemoryStorage();
    const token = tokenExpiringAt(Date.now() + 60 * 60_000);
    new SessionStore(storage).signIn(token, USER);

    const reloaded = new SessionStore(storage);
    expect(reloaded.token).toBe(token);
    const events: (string | null)[] = [];
    reloaded.subscribe((session, reason) => events.push(session ? 'signed-in' : reason));

    vi.advanceTimersByTime(59 * 60_000);
    expect(reloaded.token).toBe(token);
    vi.advanceTimersByTime(60_000);
    expect(reloaded.token).toBeNull();
    expect(events).toEqual(['expired']);
    expect(storage.length).toBe(0);
  });

  it('drops an expired session it finds in storage instead of using it', () => {
    const storage = new MemoryStorage();
    new SessionStore(storage).signIn(tokenExpiringAt(Date.now() + 60_000), USER);
    vi.setSystemTime(Date.now() + 120_000);
    expect(new SessionStore(storage).current).toBeNull();
    expect(storage.length).toBe(0);
  });

  it('refuses a token that has already expired', () => {
    expect(() =>
      new SessionStore(new MemoryStorage()).signIn(tokenExpiringAt(Date.now() - 1000), USER),
    ).toThrow();
  });
});
