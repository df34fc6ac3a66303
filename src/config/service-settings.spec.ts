import { readOidcSettings } from './service-settings';

const read = (env: NodeJS.ProcessEnv) => {
  const problems: string[] = [];
  return { settings: readOidcSettings(env, problems), problems };
};
const REQUIRED = { OIDC_ISSUER: 'https://idp.region.example', OIDC_CLIENT_ID: 'rehab', OIDC_CLIENT_SECRET: 'secret' };

describe('sign-in through an identity provider (OIDC_*)', () => {
  it('is off with none of its variables set', () => {
    expect(read({})).toEqual({ settings: undefined, problems: [] });
  });

  it('defaults the audience to the client id and the claims to hsa_id and personal_number', () => {
    expect(read(REQUIRED)).toEqual({
      settings: { issuer: REQUIRED.OIDC_ISSUER, clientId: 'rehab', clientSecret: 'secret', audience: 'rehab', staffClaim: 'hsa_id', patientClaim: 'personal_number', scopes: 'openid profile', redirectUrl: undefined },
      problems: [],
    });
    const chosen = read({ ...REQUIRED, OIDC_AUDIENCE: 'api://rehab', OIDC_STAFF_CLAIM: 'hsaid', OIDC_PATIENT_CLAIM: 'pnr', OIDC_SCOPES: 'openid profile hsa', OIDC_REDIRECT_URL: 'https://rehab.region.example/auth/oidc/callback' });
    expect(chosen.settings).toMatchObject({ audience: 'api://rehab', staffClaim: 'hsaid', patientClaim: 'pnr', scopes: 'openid profile hsa', redirectUrl: 'https://rehab.region.example/auth/oidc/callback' });
  });

  it('refuses a partial setting, naming the variables that go together', () => {
    expect(read({ OIDC_ISSUER: REQUIRED.OIDC_ISSUER }).problems).toEqual([expect.stringMatching(/OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are needed together/)]);
    expect(read({ OIDC_STAFF_CLAIM: 'hsa_id' }).problems).toHaveLength(1);
  });

  it('refuses a plain-http issuer elsewhere than this machine, a redirect to another path and the same claim twice', () => {
    expect(read({ ...REQUIRED, OIDC_ISSUER: 'http://127.0.0.1:4000' }).problems).toEqual([]);
    const { problems } = read({ ...REQUIRED, OIDC_ISSUER: 'http://idp.region.example', OIDC_REDIRECT_URL: 'https://rehab.example/elsewhere', OIDC_PATIENT_CLAIM: 'hsa_id' });
    expect(problems).toEqual([
      expect.stringMatching(/^OIDC_ISSUER must be an https URL/),
      expect.stringMatching(/^OIDC_REDIRECT_URL must be an https URL ending in \/auth\/oidc\/callback/),
      expect.stringMatching(/must be different claims/),
    ]);
  });
});
