import { hash as bcryptHash } from 'bcryptjs';
import { hashPassword, needsRehash, STAND_IN_HASH, verifyPassword } from './password-hashing';

describe('password hashing', () => {
  it('hashes with argon2id and verifies only the same password, every byte of it', async () => {
    const long = `${'å'.repeat(36)}x`; // 73 bytes in UTF-8
    const stored = await hashPassword(long);
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(needsRehash(stored)).toBe(false);
    expect(await verifyPassword(long, stored)).toBe(true);
    expect(await verifyPassword(`${'å'.repeat(36)}y`, stored)).toBe(false);
  });

  it('matches a password whether "å" was typed as one code point or two', async () => {
    const stored = await hashPassword('blåbärssylt-i-maj');
    expect(await verifyPassword('bla\u030abärssylt-i-maj', stored)).toBe(true);
  });

  it('still verifies the bcrypt hashes from before, marks them for an upgrade, and refuses what bcrypt would have cut off', async () => {
    const stored = await bcryptHash('gammalt-lösenord', 4);
    expect(await verifyPassword('gammalt-lösenord', stored)).toBe(true);
    expect(await verifyPassword('gammalt-lösenore', stored)).toBe(false);
    expect(needsRehash(stored)).toBe(true);

    const long = 'a'.repeat(72);
    const cutOff = await bcryptHash(`${long}1`, 4);
    expect(await verifyPassword(`${long}2`, cutOff)).toBe(false);
    expect(await verifyPassword(`${long}1`, cutOff)).toBe(false);
  });

  it('answers no for a user that does not exist, after the same work as for one that does', async () => {
    expect(needsRehash(STAND_IN_HASH)).toBe(false); // the same settings, so the same cost
    expect(await verifyPassword('whatever it is', undefined)).toBe(false);
  });

  it('marks argon2 hashes of weaker settings for an upgrade', () => {
    expect(needsRehash('$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA')).toBe(true);
  });
});
