import { isIP } from 'node:net';

/**
 * How failed logins slow down guessing. Failed logins are counted per account and per client
 * address; past a number of failures each further one locks that account or address for a time
 * that doubles with every failure, up to a ceiling. Counts are forgotten a while after the last
 * failure, and an account's on its next successful login (an address's stay: one valid login must
 * not buy an attacker at that address a fresh allowance).
 */
export type ThrottleScope = 'account' | 'address';

export interface ThrottleRule {
  /** Failures allowed before the first lock. */
  failuresBeforeLock: number;
  /** The lock after the failure that reaches the limit; each further failure doubles it. */
  firstLockMs: number;
  maxLockMs: number;
  /** Failures are forgotten this long after the latest one. Longer than maxLockMs, so a lock that runs out leaves the count standing. */
  forgetAfterMs: number;
}

const MINUTE_MS = 60_000;

export const THROTTLE_RULES: Record<ThrottleScope, ThrottleRule> = {
  // Five guesses, then 30 s, 1 min, 2 min, ... up to 15 min between guesses at one account.
  account: { failuresBeforeLock: 5, firstLockMs: 30_000, maxLockMs: 15 * MINUTE_MS, forgetAfterMs: 60 * MINUTE_MS },
  // An address may be a whole clinic behind one NAT: more room before the lock, then the same climb.
  address: { failuresBeforeLock: 20, firstLockMs: 30_000, maxLockMs: 15 * MINUTE_MS, forgetAfterMs: 60 * MINUTE_MS },
};

export interface FailureCount {
  failures: number;
  lastFailureAt: Date;
  lockedUntil: Date | null;
}

/** The count after one more failure at `now`, given the count so far (undefined: none). */
export function afterFailure(previous: FailureCount | undefined, now: Date, rule: ThrottleRule): FailureCount {
  const forgotten = !previous || now.getTime() - previous.lastFailureAt.getTime() >= rule.forgetAfterMs;
  const failures = forgotten ? 1 : previous.failures + 1;
  const beyond = failures - rule.failuresBeforeLock;
  const lockMs = beyond < 0 ? 0 : Math.min(rule.firstLockMs * 2 ** Math.min(beyond, 30), rule.maxLockMs);
  return { failures, lastFailureAt: now, lockedUntil: lockMs ? new Date(now.getTime() + lockMs) : null };
}

/** Whole seconds until the lock ends (what `Retry-After` says), at least 1. */
export function retryAfterSeconds(lockedUntil: Date, now: Date): number {
  return Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
}

/**
 * The client address as the limits count it: IPv4 as itself (written IPv4-mapped too), IPv6 by its
 * /64 network, which one client usually holds whole and could otherwise walk through, a fresh
 * allowance at every address.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  const plain = address.split('%')[0]; // a link-local address's zone
  if (isIP(plain) !== 6) return address;
  const [head, tail] = plain.split('::');
  const groups = (text: string | undefined) => (text ? text.split(':').flatMap((group) => (group.includes('.') ? ['0', '0'] : [group])) : []);
  const written = [...groups(head), ...groups(tail)];
  const all = tail === undefined ? written : [...groups(head), ...Array(8 - written.length).fill('0'), ...groups(tail)];
  return `${all.slice(0, 4).map((group) => parseInt(group, 16).toString(16)).join(':')}::/64`;
}
