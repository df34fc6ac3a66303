import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { Browser, BrowserContextOptions, chromium, Page } from 'playwright-core';
import { seedDemoData } from '../src/demo/demo-data';
import { assessedPatient, bearer } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/** Debian's Chromium (apt-get install chromium; .ci/run installs it): no browser download at install time. */
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = join(__dirname, '..', 'test-results', 'screenshots');
const STOCKHOLM: BrowserContextOptions = { timezoneId: 'Europe/Stockholm', locale: 'sv-SE', viewport: { width: 1280, height: 900 } };
/** Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern (a <script> tag would break it). */
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** What the browser refused under the Content-Security-Policy, per page: the app must need none of it. */
const refusedByPolicy = new WeakMap<Page, string[]>();
function watchPolicy(page: Page): void {
  const refused: string[] = [];
  refusedByPolicy.set(page, refused);
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) refused.push(message.text());
  });
}

describe('the web app in a real browser, on the demo data', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let coordinator: { Authorization: string };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (as .ci/run does)`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    t = await createTestApp();
    await seedDemoData(t.app);
    await t.app.listen(0, '127.0.0.1');
    base = await t.app.getUrl();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox'] });
    coordinator = bearer(await t.login('coordinator', 'demo'));
    const { siteId } = (await t.http().get('/auth/me').set(coordinator).expect(200)).body;
    await assessedPatient(t, { site: { id: siteId }, coordinatorToken: coordinator.Authorization.slice(7) }, 'group_rehab');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Signs in with the keyboard; `week` is the date the week calendars open on. */
  async function signIn(username: string, { options = STOCKHOLM, week, checkLogin = false }: { options?: BrowserContextOptions; week?: string; checkLogin?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext(options);
    if (week) await context.addInitScript((date) => (globalThis as unknown as { sessionStorage: { setItem: (k: string, v: string) => void } }).sessionStorage.setItem('week', date), week);
    const page = await context.newPage();
    watchPolicy(page);
    await page.goto(base);
    if (checkLogin) {
      await page.waitForSelector('main h1:text("Logga in")');
      await assertAccessible(page);
    }
    await page.getByLabel('Användarnamn').fill(username);
    await page.getByLabel('Lösenord').fill('demo');
    await page.keyboard.press('Enter'); // keyboard only
    await page.waitForSelector('main h1:not(:text("Logga in"))');
    return page;
  }

  /** axe-core in the page: no serious or critical violation; and no object or missing value printed as text. */
  async function assertAccessible(page: Page): Promise<void> {
    expect(await page.locator('main').innerText()).not.toMatch(/\[object |undefined|\bnull\b|NaN|\{\d\}/);
    expect(refusedByPolicy.get(page)).toEqual([]);
    await page.evaluate(AXE);
    const violations: { id: string; impact: string }[] = await page.evaluate(async () => {
      const result = await (globalThis as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string }[] }> } }).axe.run();
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: (v as unknown as { nodes: { target: string[] }[] }).nodes.map((n) => n.target.join(' ')) }));
    });
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  }

  it('opens an episode in group rehabilitation, discharges the patient, shows the referral answer and books the follow-up', async () => {
    const page = await signIn('coordinator');
    await page.getByRole('link', { name: 'Episoder' }).click();
    await page.waitForSelector('section:has(h2:text("Grupprehabilitering")) li a');
    await assertAccessible(page);
    await page.locator('section:has(h2:text("Grupprehabilitering")) li a').last().click();
    await page.waitForSelector('h1:text("Episod: Grupprehabilitering")');
    expect(await page.locator('table tbody tr').first().innerText()).toContain('Remittenten');
    expect(await page.locator('main').innerText()).toContain('Bedömningsbesök hos psykolog');
    expect(await page.getByRole('button', { name: 'Föreslå uppföljningsbesök' }).count()).toBe(0); // not before discharge
    await assertAccessible(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'coordinator-episode.png'), fullPage: true });

    // A period recorded wrongly is corrected: the new holder shows, the history keeps the old one.
    await page.getByRole('button', { name: /^Rätta perioden från/ }).click();
    await page.locator('#correction').getByLabel('Ansvarig').selectOption('none');
    await page.locator('#correction').getByLabel('Vad var fel').fill('patienten arbetar heltid');
    await page.getByRole('button', { name: 'Spara rättelsen' }).click();
    await page.waitForSelector('#status:text("Rättelsen är sparad.")');
    expect(await page.locator('table tbody tr').first().innerText()).toContain('Ingen (ej sjukskriven)');

    await page.getByLabel('Sammanfattning').fill('Deltog i gruppen med god effekt.');
    await page.getByLabel('Rehabiliteringsplan').fill('Fortsatt träning två gånger i veckan.');
    await page.getByLabel('Rekommendationer till remittenten').fill('Gradvis återgång i arbete.');
    await page.getByRole('button', { name: 'Skriv ut patienten' }).click();
    await page.waitForSelector('#status:text("Patienten är utskriven.")');
    expect(await page.locator('h1').innerText()).toBe('Episod: Utskriven');
    expect(await page.getByRole('button', { name: 'Skriv ut patienten' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Visa remissvaret' }).click();
    expect(await page.locator('pre.letter').innerText()).toContain('Gradvis återgång i arbete.');
    await page.getByRole('button', { name: 'Föreslå uppföljningsbesök' }).click();
    await page.getByRole('button', { name: 'Boka uppföljningen' }).click();
    await page.waitForSelector('#status:text("Uppföljningsbesöket är bokat.")');
    expect(await page.locator('main').innerText()).toMatch(/Uppföljningsbesök .* \(bokad\)/);
  });

  it('keeps the user signed in past an expired access token, and signs out for good', async () => {
    const page = await signIn('coordinator');
    await page.waitForSelector('table caption');
    type Storage = { sessionStorage: { getItem: (k: string) => string | null; setItem: (k: string, v: string) => void } };
    const stored = () => page.evaluate(() => ({ token: (globalThis as unknown as Storage).sessionStorage.getItem('token'), refreshToken: (globalThis as unknown as Storage).sessionStorage.getItem('refreshToken') }));
    const before = await stored();
    expect(before.refreshToken).toMatch(/^[\w-]{43}$/);

    // An access token the API refuses, as it does one past its 15 minutes, when the tab opens the
    // app again: it renews the token once and shows the screen.
    await page.evaluate(() => (globalThis as unknown as Storage).sessionStorage.setItem('token', 'expired'));
    await page.evaluate(() => ((globalThis as unknown as { location: { hash: string } }).location.hash = '#/episodes'));
    await page.reload();
    await page.waitForSelector('main h1:text("Episoder")');
    const renewed = await stored();
    expect(renewed.refreshToken).not.toBe(before.refreshToken);
    await t.http().get('/auth/me').set(bearer(renewed.token!)).expect(200);

    const loggedOut = page.waitForResponse((response) => response.url().endsWith('/auth/logout'));
    await page.getByRole('button', { name: 'Logga ut' }).click();
    expect((await loggedOut).status()).toBe(204);
    await page.waitForSelector('main h1:text("Logga in")');
    expect(await stored()).toEqual({ token: null, refreshToken: null });
    await t.http().get('/auth/me').set(bearer(renewed.token!)).expect(401);
    await t.http().post('/auth/refresh').send({ refreshToken: renewed.refreshToken }).expect(401);
  });

  it('tells a person signing in that the service is unavailable, not that the password is wrong, when the database does not answer in time', async () => {
    // A real hold-up: another connection locks the users table, the login's query waits until
    // PostgreSQL's statement_timeout cancels it, and the API answers 503 with Retry-After.
    const blocker = new Client({ connectionString: t.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query('BEGIN; LOCK TABLE users IN ACCESS EXCLUSIVE MODE');
      const page = await (await browser.newContext(STOCKHOLM)).newPage();
      watchPolicy(page);
      await page.goto(base);
      await page.getByLabel('Användarnamn').fill('coordinator');
      await page.getByLabel('Lösenord').fill('demo');
      const answer = page.waitForResponse((response) => response.url().endsWith('/auth/login'));
      await page.keyboard.press('Enter');
      expect((await answer).status()).toBe(503);
      await page.getByText('Tjänsten är inte tillgänglig just nu. Försök igen om 5 sekunder.').waitFor();
      expect(await page.getByText('Fel användarnamn eller lösenord.').count()).toBe(0);
      await blocker.query('ROLLBACK');
      await page.keyboard.press('Enter');
      await page.waitForSelector('main h1:not(:text("Logga in"))');
    } finally {
      await blocker.end();
    }
  });

  it('loads the API documentation (Swagger UI) under its own policy, with nothing refused', async () => {
    const page = await (await browser.newContext(STOCKHOLM)).newPage();
    watchPolicy(page);
    await page.goto(`${base}/api/docs`);
    await page.waitForSelector('.swagger-ui .info .title:has-text("rehab-scheduler")');
    await page.locator('.opblock-tag', { hasText: 'patients' }).first().waitFor();
    expect(refusedByPolicy.get(page)).toEqual([]);
  });
});
