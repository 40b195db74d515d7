import { randomBytes } from 'node:crypto';
import { FieldCipher, ProtectedDataError } from './field-cipher.js';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const ADDRESS = '2215 S 5th St, apt 3 — timbre roto';

function refusedWith(cipher: FieldCipher, stored: string): string {
  try {
    cipher.decrypt(stored);
  } catch (error) {
    expect(error).toBeInstanceOf(ProtectedDataError);
    expect((error as Error).message).not.toContain(stored);
    return (error as ProtectedDataError).code;
  }
  throw new Error('expected the value to be refused');
}

/** Flips one bit of the base64 part `index` of a stored value. */
function flipBit(stored: string, index: number): string {
  const parts = stored.split(':');
  const bytes = Buffer.from(parts[index]!, 'base64');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[index] = bytes.toString('base64');
  return parts.join(':');
}

describe('FieldCipher', () => {
  const cipher = new FieldCipher({ currentKeyId: 'k1', currentKey: k1, oldKeys: new Map() });

  it('round-trips text, including non-ASCII, in a self-describing string naming its key', () => {
    const stored = cipher.encrypt(ADDRESS);
    expect(stored).toMatch(/^v1:k1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(stored).not.toContain('5th');
    expect(cipher.decrypt(stored)).toBe(ADDRESS);
    expect(cipher.keyIdOf(stored)).toBe('k1');
  });

  it('uses a fresh 12-byte nonce for every value', () => {
    const values = Array.from({ length: 50 }, () => cipher.encrypt(ADDRESS));
    const nonces = values.map((value) => value.split(':')[2]!);
    expect(new Set(values).size).toBe(50);
    expect(new Set(nonces).size).toBe(50);
    expect(Buffer.from(nonces[0]!, 'base64')).toHaveLength(12);
  });

  it.each([
    [2, 'nonce'],
    [3, 'tag'],
    [4, 'ciphertext'],
  ])('refuses a value whose %s part (%s) was changed', (index) => {
    expect(refusedWith(cipher, flipBit(cipher.encrypt(ADDRESS), index))).toBe('PROTECTED_DATA_TAMPERED');
  });

  it('refuses a value whose key id was changed to another known key', () => {
    const both = new FieldCipher({ currentKeyId: 'k2', currentKey: k2, oldKeys: new Map([['k1', k1]]) });
    const relabelled = both.encrypt(ADDRESS).replace(/^v1:k2:/, 'v1:k1:');
    expect(refusedWith(both, relabelled)).toBe('PROTECTED_DATA_TAMPERED');
  });

  it('refuses malformed values: another version, missing parts, loose base64', () => {
    const stored = cipher.encrypt(ADDRESS);
    expect(refusedWith(cipher, stored.replace(/^v1/, 'v2'))).toBe('PROTECTED_DATA_MALFORMED');
    expect(refusedWith(cipher, stored.split(':').slice(0, 4).join(':'))).toBe('PROTECTED_DATA_MALFORMED');
    expect(refusedWith(cipher, `${stored}!`)).toBe('PROTECTED_DATA_MALFORMED');
    expect(refusedWith(cipher, ADDRESS)).toBe('PROTECTED_DATA_MALFORMED');
  });

  it('reads values written under a retired key, and writes only under the current one', () => {
    const old = new FieldCipher({ currentKeyId: 'k1', currentKey: k1, oldKeys: new Map() });
    const rotated = new FieldCipher({ currentKeyId: 'k2', currentKey: k2, oldKeys: new Map([['k1', k1]]) });
    const stored = old.encrypt(ADDRESS);
    expect(rotated.decrypt(stored)).toBe(ADDRESS);
    expect(rotated.keyIdOf(rotated.encrypt(ADDRESS))).toBe('k2');
  });

  it('refuses a value under a key id it does not hold', () => {
    const other = new FieldCipher({ currentKeyId: 'k9', currentKey: k2, oldKeys: new Map() });
    expect(refusedWith(cipher, other.encrypt(ADDRESS))).toBe('PROTECTED_DATA_UNKNOWN_KEY');
  });

  it('refuses a value under the right key id but another key', () => {
    const impostor = new FieldCipher({ currentKeyId: 'k1', currentKey: k2, oldKeys: new Map() });
    expect(refusedWith(cipher, impostor.encrypt(ADDRESS))).toBe('PROTECTED_DATA_TAMPERED');
  });
});
