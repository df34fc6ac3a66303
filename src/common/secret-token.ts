import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: a credential that only its holder knows (calendar feeds, refresh tokens). */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What is stored in place of a token (or another value the database should not hold in clear):
 * its SHA-256, hex. A 256-bit random token needs no slow hash; a copy of the database opens nothing.
 */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
