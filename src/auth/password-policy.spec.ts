import { PASSWORD_MAX_LENGTH, passwordProblem } from './password-policy';

describe('the password policy', () => {
  it('accepts a long password of its own', () => {
    expect(passwordProblem('lingonris-och-tallbit-7', 'eva.sandberg')).toBeUndefined();
    expect(passwordProblem('Åtta ögon ser mer än två', 'eva')).toBeUndefined();
    expect(passwordProblem('x'.repeat(PASSWORD_MAX_LENGTH - 1) + 'y', 'eva')).toBeUndefined();
  });

  it('refuses fewer than 12 characters, and more than 256', () => {
    expect(passwordProblem('kort-lösen1', 'eva')).toBe('must be at least 12 characters');
    expect(passwordProblem('12345678', 'eva')).toBe('must be at least 12 characters');
    expect(passwordProblem('y'.repeat(PASSWORD_MAX_LENGTH + 1), 'eva')).toBe('must be at most 256 characters');
  });

  it('refuses the username inside the password, in any case', () => {
    expect(passwordProblem('eva.sandberg', 'eva.sandberg')).toBe('must not contain the username');
    expect(passwordProblem('Mitt-Eva.Sandberg-lösen', 'eva.sandberg')).toBe('must not contain the username');
  });

  it('refuses common passwords, also with digits or symbols after them, repeated, or one character over and over', () => {
    for (const common of ['123456789012', 'qwertyuiopasdfghjkl', 'Password1234', 'password123!', 'Lösenord2026!', 'Sommar2024!!', 'sommarsommar', 'abcabcabcabc', '!!!!!!!!!!!!', 'iloveyou1234', 'smärtrehab123']) {
      expect([common, passwordProblem(common, 'eva')]).toEqual([common, 'is too common: it is among the first passwords an attacker tries']);
    }
  });
});
