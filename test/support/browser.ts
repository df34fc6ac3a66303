import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContextOptions, chromium, Locator, Page } from 'playwright-core';
import { ServiceSettings } from '../../src/config/service-settings';
import { seedDemoData } from '../../src/demo/demo-data';
import { bearer } from './fixtures';
import { createTestApp, TestApp } from './test-app';

/**
 * The web app in a real browser, as a person uses it: Debian's Chromium (apt-get install chromium;
 * .ci/run installs it) over the service on its own test database with the demo data. Each browser
 * test file starts one with `startWebApp()` and closes it in afterAll.
 */

const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(__dirname, '..', '..', 'test-results', 'screenshots');
export const STOCKHOLM: BrowserContextOptions = { timezoneId: 'Europe/Stockholm', locale: 'sv-SE', viewport: { width: 1440, height: 900 } };
/** A phone held upright. */
export const PHONE: BrowserContextOptions = { ...STOCKHOLM, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
/** Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern (a <script> tag would break it). */
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface WebApp {
  t: TestApp;
  base: string;
  browser: Browser;
  /** The demo coordinator's Authorization header, for checking results through the API. */
  coordinator: { Authorization: string };
  siteId: string;
  /** Signs in with the keyboard as a demo user (password "demo"); `week` is the date the calendars open on. */
  signIn(username: string, options?: { context?: BrowserContextOptions; week?: string }): Promise<Page>;
  /** The sign-in page in a new browser context, watched as signIn's pages are (see assertAccessible), for signing in some other way. */
  open(context?: BrowserContextOptions): Promise<Page>;
  close(): Promise<void>;
}

/** What the browser refused under the Content-Security-Policy, and what the page logged as an error. */
const watched = new WeakMap<Page, { refused: string[]; errors: string[] }>();

/** `settings` override the test app's, e.g. `oidc` for sign-in through a provider. */
export async function startWebApp({ settings = {} }: { settings?: Partial<ServiceSettings> } = {}): Promise<WebApp> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (as .ci/run does)`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const t = await createTestApp(undefined, settings);
  await seedDemoData(t.app);
  await t.app.listen(0, '127.0.0.1');
  const base = await t.app.getUrl();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  const coordinator = bearer(await t.login('coordinator', 'demo'));
  const { siteId } = (await t.http().get('/auth/me').set(coordinator).expect(200)).body;

  async function open(context = STOCKHOLM, week?: string): Promise<Page> {
    const browserContext = await browser.newContext(context);
    if (week) await browserContext.addInitScript((date) => (globalThis as unknown as { sessionStorage: { setItem: (k: string, v: string) => void } }).sessionStorage.setItem('week', date), week);
    const page = await browserContext.newPage();
    const seen = { refused: [] as string[], errors: [] as string[] };
    watched.set(page, seen);
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) seen.refused.push(message.text());
      else if (message.type() === 'error' && !/status of (4\d\d)/.test(message.text())) seen.errors.push(message.text());
    });
    page.on('pageerror', (error) => seen.errors.push(error.message));
    await page.goto(base);
    return page;
  }

  async function signIn(username: string, { context = STOCKHOLM, week }: { context?: BrowserContextOptions; week?: string } = {}): Promise<Page> {
    const page = await open(context, week);
    await page.getByLabel('Användarnamn').fill(username);
    await page.getByLabel('Lösenord').fill('demo');
    await page.keyboard.press('Enter'); // keyboard only
    await page.waitForSelector('main h1:not(:text("Logga in"))');
    return page;
  }

  return {
    t,
    base,
    browser,
    coordinator,
    siteId,
    signIn,
    open: (context) => open(context),
    close: async () => {
      await browser.close();
      await t.close();
    },
  };
}

/**
 * What every screen must pass: axe-core finds no serious or critical violation; no object, missing
 * value or unfilled placeholder is printed as text; no raw id is on screen; nothing was refused by
 * the Content-Security-Policy and no script error was logged.
 */
export async function assertAccessible(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/\[object |undefined|\bnull\b|NaN|\{\d\}/);
  expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
  expect(watched.get(page)).toEqual({ refused: [], errors: [] });
  await page.evaluate(AXE);
  const violations: { id: string; impact: string }[] = await page.evaluate(async () => {
    const result = await (globalThis as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string }[] }> } }).axe.run();
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: (v as unknown as { nodes: { target: string[] }[] }).nodes.map((n) => n.target.join(' ')) }));
  });
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
}

/**
 * Words of the API's English that must never reach a Swedish screen: a problem the app shows must
 * be worded by the app from its code.
 */
const ENGLISH = /\b(must|is not|already|cannot|booked|not found|the patient|the referral|between|outside)\b/i;

/** The screen (or the part of it given) reads Swedish: none of the API's English words. */
export async function assertSwedish(page: Page, selector = 'body'): Promise<void> {
  const text = await page.locator(selector).innerText();
  expect(text.split('\n').filter((line) => ENGLISH.test(line))).toEqual([]);
}

/** The page, kept in test-results/screenshots/<name>.png (the README shows some of them). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Tabs until the focused element's text matches, as someone without a mouse would. */
export async function tabTo(page: Page, text: RegExp, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document.activeElement?.textContent ?? '');
    if (text.test(focused.trim())) return;
  }
  throw new Error(`nothing matching ${text} within ${limit} tabs`);
}

/** The one live region's message: every confirmation and error of an action lands there, replacing the last. */
export async function statusMessage(page: Page, expected: RegExp | string): Promise<void> {
  await page.waitForFunction(
    ([pattern, flags]) => new RegExp(pattern, flags).test((globalThis as unknown as { document: { getElementById: (id: string) => { textContent: string } | null } }).document.getElementById('status')?.textContent ?? ''),
    typeof expected === 'string' ? [expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), ''] : [expected.source, expected.flags],
  );
}

/**
 * What a person finds at a control once a form has told its problems (waiting for the mark when
 * `marked`): whether it is marked invalid, and the words shown that describe it (what a screen
 * reader reads with it; dom.js showProblems puts them there).
 */
export async function problemAt(control: Locator, { marked = true } = {}): Promise<{ invalid: string | null; words: string }> {
  if (marked) await control.and(control.page().locator('[aria-invalid="true"]')).waitFor();
  const ids = ((await control.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
  const described = ids.map((id) => control.page().locator(`[id="${id}"]`));
  const shown = await Promise.all(described.map(async (words) => ((await words.isVisible()) ? words.innerText() : '')));
  return { invalid: await control.getAttribute('aria-invalid'), words: shown.filter(Boolean).join(' ') };
}
