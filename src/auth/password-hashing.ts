import { availableParallelism } from 'node:os';
import { Algorithm, hash, Options, verify } from '@node-rs/argon2';
import { compare } from 'bcryptjs';

/**
 * argon2id at OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): about 40–60 ms on
 * this machine, computed natively on libuv's thread pool, so logins never block the event loop.
 */
const ARGON2ID: Options = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
const CURRENT_PREFIX = `$argon2id$v=19$m=${ARGON2ID.memoryCost},t=${ARGON2ID.timeCost},p=${ARGON2ID.parallelism}$`;

/**
 * Hashes computed at once: one core fewer than the machine has, so a burst of logins leaves a core
 * to the event loop and PostgreSQL, and at most 3, so one of libuv's 4 threads stays free for file
 * and DNS work (the web app's static files). Further hashes wait their turn.
 */
const HASHING_SLOTS = Math.min(3, Math.max(1, availableParallelism() - 1));
let hashing = 0;
const waiting: (() => void)[] = [];

async function inHashingSlot<T>(work: () => Promise<T>): Promise<T> {
  if (hashing >= HASHING_SLOTS) await new Promise<void>((resolve) => waiting.push(resolve));
  else hashing += 1;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else hashing -= 1;
  }
}

/** bcrypt reads only the first 72 bytes of a password; a longer one was never checked in full. */
const BCRYPT_MAX_BYTES = 72;

/**
 * Passwords are compared as Unicode NFC, so an "å" typed as one code point or as "a" plus a ring
 * matches either way. argon2 uses every byte: nothing is truncated.
 */
export function hashPassword(password: string): Promise<string> {
  return inHashingSlot(() => hash(password.normalize('NFC'), ARGON2ID));
}

/** What a login for a username nobody has is checked against: a hash at the current settings of a random password nobody knows. */
export const STAND_IN_HASH = '$argon2id$v=19$m=19456,t=2,p=1$/3S9WW7A/uLQtKS8oIZZiA$JR6cWWcHWOAnGChGQdNkWkxvhDG1Bz2TD/V2s90wwe8';

/**
 * Whether the password matches the stored hash. With no hash (no such user) a hash of the same
 * cost is still checked, so the answer's timing does not tell which usernames exist.
 *
 * Hashes from before argon2 are bcrypt (bcryptjs, kept for this only; it runs on the event loop, but
 * only until each such user's next login upgrades their hash). bcrypt ignores bytes after the 72nd,
 * so a longer password cannot be verified against one and is refused; the admin resets it.
 */
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  if (stored === undefined) {
    await inHashingSlot(() => verify(STAND_IN_HASH, password.normalize('NFC')));
    return false;
  }
  if (isBcrypt(stored)) return Buffer.byteLength(password) <= BCRYPT_MAX_BYTES && compare(password, stored);
  return inHashingSlot(() => verify(stored, password.normalize('NFC')));
}

/** A hash from bcrypt or from weaker argon2 settings, to replace at the next successful login. */
export function needsRehash(stored: string): boolean {
  return !stored.startsWith(CURRENT_PREFIX);
}

function isBcrypt(stored: string): boolean {
  return /^\$2[abxy]?\$/.test(stored);
}
