import { addressKey, afterFailure, FailureCount, retryAfterSeconds, ThrottleRule } from './login-throttle';

const RULE: ThrottleRule = { failuresBeforeLock: 3, firstLockMs: 10_000, maxLockMs: 60_000, forgetAfterMs: 600_000 };
const at = (seconds: number) => new Date(Date.UTC(2026, 11, 1, 12, 0, 0) + seconds * 1000);

/** Failures at the given seconds, one after the other. */
function failuresAt(seconds: number[]): FailureCount {
  return seconds.reduce<FailureCount | undefined>((count, second) => afterFailure(count, at(second), RULE), undefined)!;
}

describe('login throttling', () => {
  it('lets the first failures pass and locks at the limit', () => {
    expect(failuresAt([0, 1])).toEqual({ failures: 2, lastFailureAt: at(1), lockedUntil: null });
    expect(failuresAt([0, 1, 2])).toEqual({ failures: 3, lastFailureAt: at(2), lockedUntil: at(12) });
  });

  it('doubles the lock with every further failure, up to the ceiling', () => {
    expect(failuresAt([0, 1, 2, 20]).lockedUntil).toEqual(at(40));
    expect(failuresAt([0, 1, 2, 20, 50]).lockedUntil).toEqual(at(90));
    expect(failuresAt([0, 1, 2, 20, 50, 100, 200, 300]).lockedUntil).toEqual(at(360));
  });

  it('forgets the count a while after the last failure, not while failures keep coming', () => {
    expect(failuresAt([0, 1, 2, 602])).toEqual({ failures: 1, lastFailureAt: at(602), lockedUntil: null });
    expect(failuresAt([0, 500, 1000]).failures).toBe(3);
  });

  it('counts an IPv4 client by its address, however written, and an IPv6 client by its /64 network', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('64:ff9b::198.51.100.1')).toBe('64:ff9b:0:0::/64');
    expect(addressKey('unknown')).toBe('unknown');
  });

  it('says how long to wait in whole seconds, at least one', () => {
    expect(retryAfterSeconds(at(30), at(0.2))).toBe(30);
    expect(retryAfterSeconds(at(1), at(0.9999))).toBe(1);
  });
});
