import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { seedDemoData } from '../src/demo/demo-data';
import { ClosedDays } from '../src/scheduling/holidays';
import { addDays, localDateOf, weekdayOf } from '../src/scheduling/local-time';
import { assessedPatient, bearer } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/** Debian's Chromium (apt-get install chromium; .ci/run installs it): no browser download at install time. */
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = join(__dirname, '..', 'test-results', 'screenshots');

/** The first open weekday at least `days` from today (Stockholm), as YYYY-MM-DD. */
function openWeekdayIn(days: number): string {
  let date = addDays(localDateOf(new Date(), 'Europe/Stockholm'), days);
  while (weekdayOf(date) > 5 || new ClosedDays().isClosed(date)) date = addDays(date, 1);
  return date;
}

describe('the web app in a real browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let coordinator: { Authorization: string };
  const ids = { clinicianStaff: '', anna: '', other: '', pastVisit: '' };
  let annaDay = '';
  let groupPatientName = '';
  let otherDay = '';

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (as .ci/run does)`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    t = await createTestApp();
    await seedDemoData(t.db);
    await t.app.listen(0, '127.0.0.1');
    base = await t.app.getUrl();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox'] });

    coordinator = bearer(await t.login('coordinator', 'demo'));
    const clinician = (await t.http().get('/auth/me').set(bearer(await t.login('clinician', 'demo'))).expect(200)).body;
    const patient = (await t.http().get('/auth/me').set(bearer(await t.login('patient', 'demo'))).expect(200)).body;
    const patients = (await t.http().get('/patients').set(coordinator).expect(200)).body;
    ids.clinicianStaff = clinician.staffId;
    ids.anna = patient.patientId;
    ids.other = patients.find((p: { id: string }) => p.id !== ids.anna).id;
    const siteId = clinician.siteId ?? patients[0].siteId;
    const book = async (patientId: string, start: string, end: string) =>
      (
        await t
          .http()
          .post('/appointments')
          .set(coordinator)
          .send({ kind: 'individual_visit', siteId, start, end, staffIds: [ids.clinicianStaff], patientIds: [patientId] })
          .expect(201)
      ).body.id as string;
    ids.pastVisit = await book(ids.other, '2026-11-02T10:00:00+01:00', '2026-11-02T11:00:00+01:00');
    const offered = await assessedPatient(t, { site: { id: siteId }, coordinatorToken: coordinator.Authorization.slice(7) }, 'group_rehab');
    groupPatientName = (await t.http().get(`/patients/${offered}`).set(coordinator).expect(200)).body.name;
    // Two weeks on, within the patient's list of coming visits: hers, and another patient's the day after.
    annaDay = openWeekdayIn(14);
    otherDay = openWeekdayIn(15);
    await book(ids.anna, `${annaDay}T10:00:00+01:00`, `${annaDay}T11:00:00+01:00`);
    await book(ids.other, `${otherDay}T13:00:00+01:00`, `${otherDay}T14:00:00+01:00`);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(username: string): Promise<Page> {
    const context = await browser.newContext({ timezoneId: 'Europe/Stockholm', locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(base);
    await page.getByLabel('Användarnamn').fill(username);
    await page.getByLabel('Lösenord').fill('demo');
    await page.keyboard.press('Enter'); // keyboard only
    await page.waitForSelector('main h1:not(:text("Logga in"))');
    return page;
  }

  /** axe-core in the page: no serious or critical violation. */
  async function assertAccessible(page: Page): Promise<void> {
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const violations: { id: string; impact: string }[] = await page.evaluate(async () => {
      const result = await (globalThis as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string }[] }> } }).axe.run();
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: (v as unknown as { nodes: { target: string[] }[] }).nodes.map((n) => n.target.join(' ')) }));
    });
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  }

  it('lands a patient on their own visits, without another patient’s name', async () => {
    const page = await signIn('patient');
    await page.waitForSelector('h2:text("Kommande besök")');
    const text = await page.locator('main').innerText();
    const expected = new Date(`${annaDay}T12:00:00Z`).toLocaleDateString('sv-SE', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    expect(text).toContain(`Individuellt besök ${expected} kl. 10:00`);
    expect(text).not.toContain('kl. 13:00'); // the other patient's visit
    const others = (await t.http().get('/patients').set(coordinator).expect(200)).body.filter((p: { id: string }) => p.id !== ids.anna);
    for (const other of others) expect(text).not.toContain(other.name);
    await assertAccessible(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'patient-my-visits.png'), fullPage: true });
  });

  it('shows the coordinator the waiting list, and books the proposed assessment', async () => {
    const page = await signIn('coordinator');
    await page.waitForSelector('table caption');
    expect(await page.locator('tr.breached').count()).toBeGreaterThan(0);
    expect(await page.locator('tr.at_risk').count()).toBeGreaterThan(0);
    await assertAccessible(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'coordinator-waitlist.png'), fullPage: true });
    const first = page.locator('tbody tr').first();
    const name = (await first.locator('td').nth(1).innerText()).trim();
    await first.getByRole('button', { name: /^Föreslå bedömning/ }).click();
    await page.getByRole('button', { name: 'Boka förslaget' }).click();
    await page.waitForSelector(`#status:text("Bedömningen för ${name} är bokad.")`);
    const stillWaiting = await page.locator('tbody td:nth-child(2)').allInnerTexts();
    expect(stillWaiting).not.toContain(name);
  });

  it('registers a referral from the form, with field errors next to the fields and the triage suggestion', async () => {
    const page = await signIn('coordinator');
    await page.getByRole('link', { name: 'Ny remiss' }).click();
    await page.getByLabel('Remissen inkom (ÅÅÅÅ-MM-DD)').fill('22-11-2026');
    await page.getByLabel('Smärtans duration (månader)').fill('2');
    await page.getByRole('button', { name: 'Registrera remiss' }).click();
    await page.waitForSelector('#f-receivedDate-error:not(:empty)');
    expect(await page.locator('[data-field="referrer.name"]').innerText()).not.toBe('');
    await assertAccessible(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'coordinator-new-referral-errors.png'), fullPage: true });

    await page.getByLabel('Remissen inkom (ÅÅÅÅ-MM-DD)').fill('2026-11-20');
    await page.getByLabel('Remittent').fill('Dr. Lisa Ek');
    await page.getByLabel('Remitterande enhet').fill('Vårdcentralen Skultuna');
    await page.getByLabel('Kontakt').fill('021-12 34 56');
    await page.getByRole('button', { name: 'Registrera remiss' }).click();
    await page.waitForSelector('#status:text("Remissen är registrerad.")');
    const triage = await page.locator('#triage').innerText();
    expect(triage).toContain('Triageförslag');
    expect(triage).toContain('Saknas:'); // most contents were left out
  });

  it('builds a group program across Ascension Day, shows the make-up session, books it and seats a patient offered group rehabilitation', async () => {
    const page = await signIn('coordinator');
    await page.getByRole('link', { name: 'Nytt gruppprogram' }).click();
    await page.getByLabel('Första dag (ÅÅÅÅ-MM-DD)').fill('2027-04-13'); // Tuesdays and Thursdays; Thursday 6 May is Ascension Day
    await page.getByRole('button', { name: 'Förhandsgranska' }).click();
    await page.waitForSelector('#preview h2');
    const text = await page.locator('#preview').innerText();
    expect(text).toContain('2027-05-06: Kristi himmelsfärdsdag');
    expect(text).toContain('Ersättningsträff 16 (för 2027-05-06)');
    expect(text).toContain('Inga – programmet kan bokas.');
    await assertAccessible(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'coordinator-group-program.png'), fullPage: true });
    await page.getByRole('button', { name: 'Boka programmet' }).click();
    await page.waitForSelector('#status:text("Programmet är bokat med 16 träffar.")');

    // Seats only patients offered group rehabilitation.
    const [offered, other] = [groupPatientName, (await t.http().get(`/patients/${ids.other}`).set(coordinator).expect(200)).body.name];
    await page.getByLabel('Patient', { exact: true }).selectOption({ label: other });
    await page.getByRole('button', { name: 'Skriv in' }).click();
    await page.waitForSelector('#enrolled li.error');
    await page.getByLabel('Patient', { exact: true }).selectOption({ label: offered });
    await page.getByRole('button', { name: 'Skriv in' }).click();
    await page.waitForSelector(`#enrolled li:text("${offered}: inskriven")`);
  });

  it('opens a waiting patient’s episode with the sick-leave responsibility', async () => {
    const page = await signIn('coordinator');
    await page.getByRole('button', { name: /^Episod för / }).first().click();
    await page.waitForSelector('h1:text("Episod: Remitterad")');
    expect(await page.locator('table tbody tr').first().innerText()).toContain('Remittenten');
    await assertAccessible(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'coordinator-episode.png'), fullPage: true });
  });

  it('shows a clinician their week and lets them record attendance from it', async () => {
    const context = await browser.newContext({ timezoneId: 'Europe/Stockholm', locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
    await context.addInitScript(() => (globalThis as unknown as { sessionStorage: { setItem: (key: string, value: string) => void } }).sessionStorage.setItem('week', '2026-11-02'));
    const page = await context.newPage();
    await page.goto(base);
    await page.getByLabel('Användarnamn').fill('clinician');
    await page.getByLabel('Lösenord').fill('demo');
    await page.getByRole('button', { name: 'Logga in' }).click();
    const event = page.locator('.fc-event.kind-individual_visit').first();
    await event.waitFor();
    await assertAccessible(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'clinician-week.png'), fullPage: true });
    await event.click();
    await page.getByRole('button', { name: 'Närvarande' }).click();
    await page.waitForSelector('#status:text("Närvaron är registrerad.")');
    const [visit] = await t.db.query(`SELECT status FROM appointments WHERE id = $1`, [ids.pastVisit]);
    expect(visit.status).toBe('attended');
  });
});
