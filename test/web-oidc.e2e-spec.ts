import { demoHsaId, demoPersonalNumber } from '../src/demo/demo-data';
import { assertAccessible, assertSwedish, screenshot, startWebApp, WebApp } from './support/browser';
import { startOidcProvider, TestProvider } from './support/oidc-provider';

/**
 * Sign-in through the region's identity provider in a real browser: the button on the sign-in
 * page, the provider's own login page, and back in the web app as the person's own login.
 */
describe('sign-in with e-ID in a real browser', () => {
  let op: TestProvider;
  let w: WebApp;

  beforeAll(async () => {
    op = await startOidcProvider([
      // The demo clinician, Eva Sandberg, the third of the first site's staff (see demo-data.ts).
      { sub: 'eva', name: 'Eva Sandberg', hsa_id: demoHsaId('VAS', 2) },
      // The demo patient, whose personal number the provider writes without the century.
      { sub: 'anna', name: 'Anna Andersson', personal_number: demoPersonalNumber(0).slice(2) },
      { sub: 'stranger', name: 'Sven Okänd', hsa_id: 'SE2321000016-NONE' },
    ]);
    w = await startWebApp({ settings: { oidc: op.settings } });
  });
  afterAll(async () => {
    await w?.close();
    await op?.close();
  });

  /** From the sign-in page through the provider's login page, as `account`. */
  async function signInWithEId(account: string) {
    const page = await w.open();
    await page.getByRole('link', { name: 'Logga in med e-legitimation' }).click();
    await page.waitForURL(`${op.issuer}/interaction/**`);
    await page.getByLabel('Användare').fill(account);
    await page.getByRole('button', { name: 'Logga in' }).click();
    return page;
  }

  it('offers e-ID beside the password on the sign-in page', async () => {
    const page = await w.open();
    await page.getByRole('link', { name: 'Logga in med e-legitimation' }).waitFor();
    await assertAccessible(page);
    await screenshot(page, 'sign-in-with-e-id');
    await page.context().close();
  });

  it('signs a clinician in through the provider’s login page onto their week, their name in the header, with no token left in the address', async () => {
    const page = await signInWithEId('eva');
    await page.waitForURL(`${w.base}/app/#/week`);
    await page.waitForSelector('main h1:not(:text("Logga in"))');
    expect(await page.locator('#who').innerText()).toContain('Eva Sandberg');
    expect(await page.getByRole('link', { name: 'Min vecka' }).getAttribute('aria-current')).toBe('page');
    await assertAccessible(page);
    await screenshot(page, 'signed-in-with-e-id');
    // The refresh token the callback handed over is gone from the history (and spent anyway): back is the
    // week again, where an address still holding it would end on the sign-in page with the token refused.
    await page.goBack();
    await page.waitForURL(`${w.base}/app/#/week`);
    await page.context().close();
  });

  it('signs a patient in, found by their personal number, onto their visits', async () => {
    const page = await signInWithEId('anna');
    await page.waitForURL(`${w.base}/app/#/my-visits`);
    await page.getByRole('link', { name: 'Mina besök' }).waitFor();
    await page.context().close();
  });

  it('brings someone without a login here back to the sign-in page, told why in Swedish', async () => {
    const page = await signInWithEId('stranger');
    await page.waitForURL(`${w.base}/app/#/login?problem=auth.unknown_person`);
    await page.getByText('Du har ingen inloggning här. Kontakta enheten om du ska ha det.').waitFor();
    await assertSwedish(page);
    await assertAccessible(page);
    await page.context().close();
  });
});
