import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const FORMAT_VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export type ProtectedDataErrorCode =
  'PROTECTED_DATA_MALFORMED' | 'PROTECTED_DATA_UNKNOWN_KEY' | 'PROTECTED_DATA_TAMPERED';

/**
 * A stored protected value that cannot be read. Not a client's mistake, so not a DomainError: it reaches the
 * client masked as an internal error and is logged by class and code only (the value is never in the message).
 */
export class ProtectedDataError extends Error {
  constructor(readonly code: ProtectedDataErrorCode) {
    super(`protected value unreadable: ${code}`);
    this.name = 'ProtectedDataError';
  }
}

export interface FieldCipherKeys {
  currentKeyId: string;
  currentKey: Buffer;
  /** Retired keys, read only. */
  oldKeys: ReadonlyMap<string, Buffer>;
}

/**
 * AES-256-GCM for protected fields (addresses, family phones, notes). Each value is one self-describing string,
 * `v1:<keyId>:<nonce>:<tag>:<ciphertext>` (base64 parts), with a fresh 12-byte nonce. The version and key id are
 * authenticated too (as additional data), so none of the five parts can be changed without the read failing.
 */
export class FieldCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;

  constructor(private readonly config: FieldCipherKeys) {
    this.keys = new Map([...config.oldKeys, [config.currentKeyId, config.currentKey]]);
  }

  encrypt(plaintext: string): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.config.currentKey, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(header(this.config.currentKeyId));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      FORMAT_VERSION,
      this.config.currentKeyId,
      nonce.toString('base64'),
      cipher.getAuthTag().toString('base64'),
      ciphertext.toString('base64'),
    ].join(':');
  }

  decrypt(stored: string): string {
    const parts = stored.split(':');
    if (parts.length !== 5 || parts[0] !== FORMAT_VERSION)
      throw new ProtectedDataError('PROTECTED_DATA_MALFORMED');
    const [, keyId, nonceText, tagText, ciphertextText] = parts as [string, string, string, string, string];
    const key = this.keys.get(keyId);
    if (!key) throw new ProtectedDataError('PROTECTED_DATA_UNKNOWN_KEY');
    const nonce = strictBase64(nonceText);
    const tag = strictBase64(tagText);
    const ciphertext = strictBase64(ciphertextText);
    if (nonce?.length !== NONCE_BYTES || tag?.length !== TAG_BYTES || !ciphertext) {
      throw new ProtectedDataError('PROTECTED_DATA_MALFORMED');
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
      decipher.setAAD(header(keyId));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new ProtectedDataError('PROTECTED_DATA_TAMPERED');
    }
  }

  /** The key id a stored value is written under, without decrypting it. */
  keyIdOf(stored: string): string | null {
    const parts = stored.split(':');
    return parts.length === 5 && parts[0] === FORMAT_VERSION ? (parts[1] as string) : null;
  }

  get currentKeyId(): string {
    return this.config.currentKeyId;
  }
}

function header(keyId: string): Buffer {
  return Buffer.from(`${FORMAT_VERSION}:${keyId}`, 'utf8');
}

/** Base64 that decodes back to itself: Node's decoder skips stray characters, which would hide tampering. */
function strictBase64(text: string): Buffer | null {
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}
