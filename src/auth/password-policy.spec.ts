import { PASSWORD_MAX_LENGTH, passwordProblem } from './password-policy';

/** The refusal's code and parameters, which a client words; the English follows from them. */
const refusal = (password: string, username: string) => {
  const found = passwordProblem(password, username);
  return found && { code: found.code, params: found.params };
};

describe('the password policy', () => {
  it('accepts a long password of its own', () => {
    expect(passwordProblem('lingonris-och-tallbit-7', 'eva.sandberg')).toBeUndefined();
    expect(passwordProblem('Åtta ögon ser mer än två', 'eva')).toBeUndefined();
    expect(passwordProblem('x'.repeat(PASSWORD_MAX_LENGTH - 1) + 'y', 'eva')).toBeUndefined();
  });

  it('refuses fewer than 12 characters, and more than 256, naming the limit', () => {
    expect(passwordProblem('kort-lösen1', 'eva')).toEqual({ field: 'password', problem: 'must be at least 12 characters', code: 'password.too_short', params: { min: 12 } });
    expect(refusal('12345678', 'eva')).toEqual({ code: 'password.too_short', params: { min: 12 } });
    expect(passwordProblem('y'.repeat(PASSWORD_MAX_LENGTH + 1), 'eva')).toEqual({ field: 'password', problem: 'must be at most 256 characters', code: 'password.too_long', params: { max: 256 } });
  });

  it('refuses the username inside the password, in any case', () => {
    expect(passwordProblem('eva.sandberg', 'eva.sandberg')).toEqual({ field: 'password', problem: 'must not contain the username', code: 'password.contains_username', params: {} });
    expect(refusal('Mitt-Eva.Sandberg-lösen', 'eva.sandberg')).toEqual({ code: 'password.contains_username', params: {} });
  });

  it('refuses common passwords, also with digits or symbols after them, repeated, or one character over and over', () => {
    for (const common of ['123456789012', 'qwertyuiopasdfghjkl', 'Password1234', 'password123!', 'Lösenord2026!', 'Sommar2024!!', 'sommarsommar', 'abcabcabcabc', '!!!!!!!!!!!!', 'iloveyou1234', 'smärtrehab123']) {
      expect([common, refusal(common, 'eva')]).toEqual([common, { code: 'password.too_common', params: {} }]);
    }
    expect(passwordProblem('sommarsommar', 'eva')?.problem).toBe('is too common: it is among the first passwords an attacker tries');
  });
});
