import argon2 from 'argon2';

/**
 * argon2id at OWASP's first recommended setting (19 MiB, 2 passes, 1 lane) rather than the library's default
 * (64 MiB, 3 passes, 4 lanes): each hash or verification holds its memory cost for as long as it runs, so at the
 * default a single login raised the API's peak memory by about 60 MB, and ten at once would take 640 MB. Hashes
 * carry their own parameters, so those made at the old setting still verify.
 */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

export function verifyPassword(hash: string, password: string): Promise<boolean> {
  return argon2.verify(hash, password);
}
