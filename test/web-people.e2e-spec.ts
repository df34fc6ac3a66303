import { BrowserContextOptions, Page } from 'playwright-core';
import { bearer } from './support/fixtures';
import { assertAccessible, assertSwedish, PHONE, screenshot, SCREENSHOTS, startWebApp, statusMessage, STOCKHOLM, tabTo, WebApp } from './support/browser';
import { join } from 'node:path';
import { stockholm, swedishWhen } from './support/site-time';

/** Issue 17: the clinician's own week and attendance list, and the patient's own visits on a phone. */

const DAY_MS = 86_400_000;
const ADDRESS = 'Smärtrehab, ingång 29, Västmanlands sjukhus, Västerås';
const PHONE_NUMBER = '021-17 30 00';
/** The smallest phone held upright that the patient's screen must fit. */
const SMALL_PHONE: BrowserContextOptions = { ...PHONE, viewport: { width: 360, height: 740 } };

interface CalendarEntry {
  id: string;
  kind: string;
  label: string;
  status: string;
  start: string;
  end: string;
  patients: { id: string; name?: string }[];
  groupProgram: { id: string; sessionNumber: number; name: string } | null;
  selfService?: { unitPhone: string | null; unitAddress: string | null; selfCancelUntil: string | null; moveRequest: { sentAt: string; note: string | null } | null };
}

describe('the clinician’s and the patient’s own screens, in a real browser', () => {
  let w: WebApp;
  let clinician: { Authorization: string };
  let staffId = '';
  let patient: { Authorization: string };
  let patientId = '';

  beforeAll(async () => {
    w = await startWebApp();
    clinician = bearer(await w.t.login('clinician', 'demo'));
    staffId = (await w.t.http().get('/auth/me').set(clinician).expect(200)).body.staffId;
    patient = bearer(await w.t.login('patient', 'demo'));
    patientId = (await w.t.http().get('/auth/me').set(patient).expect(200)).body.patientId;
    // The unit's phone and address, as a coordinator sets them for patients to see.
    await w.t.http().patch(`/sites/${w.siteId}/settings`).set(w.coordinator).send({ patientService: { phone: PHONE_NUMBER, address: ADDRESS } }).expect(200);
  });
  afterAll(() => w?.close());

  const staffCalendar = async (from: number, to: number): Promise<CalendarEntry[]> =>
    (await w.t.http().get(`/staff/${staffId}/calendar?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`).set(clinician).expect(200)).body.appointments;
  const appointment = async (id: string) => (await w.t.http().get(`/appointments/${id}`).set(w.coordinator).expect(200)).body;
  /** The event of a visit in the week calendar on screen. */
  const eventOf = (page: Page, visit: { patients: { name?: string }[] }, label: string) =>
    page.locator('.fc-event', { hasText: visit.patients[0].name! }).filter({ hasText: label }).first();
  const scrollWidth = (page: Page) => page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);

  /**
   * A visit of the clinician's that ended days ago with nobody's attendance recorded: the first hour
   * from `daysAgo` days back that the calendar takes (within working hours, everyone free).
   */
  async function endedVisit(daysAgo: number, patientIndex: number): Promise<{ id: string; start: string; patientName: string }> {
    const patients: { id: string; name: string }[] = (await w.t.http().get('/patients').set(w.coordinator).expect(200)).body;
    const chosen = patients.filter((p) => p.id !== patientId)[patientIndex];
    for (let days = daysAgo; days > 1; days--) {
      const date = new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10);
      for (const hour of ['08', '09', '10', '11', '13', '14', '15']) {
        const { status, body } = await w.t
          .http()
          .post('/appointments')
          .set(w.coordinator)
          .send({ kind: 'individual_visit', siteId: w.siteId, start: stockholm(date, `${hour}:00`), end: stockholm(date, `${hour}:45`), staffIds: [staffId], patientIds: [chosen.id] });
        if (status === 201) return { id: body.id, start: body.start, patientName: chosen.name };
      }
    }
    throw new Error('no free hour for the clinician in the past days');
  }

  it('lets a clinician record attendance from the visits awaiting it, and the week shows it', async () => {
    const visit = await endedVisit(7, 25);
    const awaiting: { appointmentId: string }[] = (await w.t.http().get('/worklists/unrecorded-visits').set(clinician).expect(200)).body;
    expect(awaiting.map((a) => a.appointmentId)).toContain(visit.id);

    const page = await w.signIn('clinician', { week: visit.start.slice(0, 10) });
    await page.getByRole('link', { name: /besök väntar på att du registrerar närvaro/ }).waitFor();
    await page.getByRole('link', { name: 'Att registrera' }).click();
    await page.waitForSelector('h1:text("Att registrera")');
    const row = page.getByRole('group', { name: visit.patientName });
    await row.waitFor();
    expect(await page.locator('.awaiting-visit', { has: row }).innerText()).toContain(swedishWhen(visit.start));
    await assertAccessible(page);
    await assertSwedish(page);
    await screenshot(page, 'clinician-attendance');

    await row.getByRole('button', { name: 'Närvarande' }).click();
    await statusMessage(page, `Närvaron är registrerad: ${visit.patientName}, närvarande.`);
    await row.waitFor({ state: 'detached' });
    expect((await appointment(visit.id)).status).toBe('attended');
    const left: { appointmentId: string }[] = (await w.t.http().get('/worklists/unrecorded-visits').set(clinician).expect(200)).body;
    expect(left.map((a) => a.appointmentId)).not.toContain(visit.id);

    // The week marks it attended.
    await page.getByRole('link', { name: 'Min vecka', exact: true }).click();
    const event = page.locator('.fc-event.status-attended', { hasText: visit.patientName });
    await event.waitFor();
    expect(await event.innerText()).toContain('genomförd');
    await assertAccessible(page);
  });

  it('shows a clinician their week in the site’s time even from a browser in New York, names them, and marks attendance recorded with the keyboard at once', async () => {
    const { name } = (await w.t.http().get(`/staff/${staffId}`).set(w.coordinator).expect(200)).body;
    const made = await endedVisit(5, 26);
    const [visit] = (await staffCalendar(Date.now() - 14 * DAY_MS, Date.now())).filter((a) => a.id === made.id);

    const page = await w.signIn('clinician', { context: { ...STOCKHOLM, timezoneId: 'America/New_York' }, week: visit.start.slice(0, 10) });
    expect(await page.locator('#who').innerText()).toContain(name);
    const event = eventOf(page, visit, visit.label);
    await event.waitFor();
    expect(await event.locator('.fc-event-time').innerText()).toBe(`${visit.start.slice(11, 16)} - ${visit.end.slice(11, 16)}`);
    // Over and unrecorded: marked as awaiting attendance.
    expect(await event.getAttribute('class')).toContain('awaiting-attendance');
    expect(await event.innerText()).toContain('närvaro saknas');
    await assertAccessible(page);

    await event.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog[open]');
    await tabTo(page, /^Uteblev$/);
    await page.keyboard.press('Enter');
    await statusMessage(page, `${made.patientName} är registrerad som utebliven.`);
    // Marked on the calendar without reloading it, and so recorded.
    await page.locator('.fc-event.status-no_show:not(.awaiting-attendance)', { hasText: made.patientName }).waitFor();
    expect((await appointment(visit.id)).status).toBe('no_show');
    expect((await staffCalendar(Date.now() - 14 * DAY_MS, Date.now())).find((a) => a.id === visit.id)?.status).toBe('no_show');
    await assertAccessible(page);
    await screenshot(page, 'clinician-week');
  });

  it('gives the clinician a calendar subscription to copy, a webcal link and how to add it in Outlook, Google and Apple', async () => {
    const page = await w.signIn('clinician');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: w.base });
    await page.getByRole('button', { name: 'Visa kalenderadressen' }).click();
    const address = page.getByLabel('Kalenderadress');
    await address.waitFor();
    const url = await address.inputValue();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/calendar-feeds\/[^/]+\.ics$/);
    // The address works: a calendar app gets the clinician's visits from it.
    const feed = await w.t.http().get(new URL(url).pathname).expect(200);
    expect(feed.text).toContain('BEGIN:VCALENDAR');
    expect(await page.getByRole('link', { name: 'Öppna i kalenderappen' }).getAttribute('href')).toBe(url.replace(/^http:/, 'webcal:'));
    const howTo = await page.locator('.how-to').innerText();
    for (const app of ['Outlook', 'Google', 'Apple']) expect(howTo).toContain(app);
    expect(howTo).toContain('Prenumerera från webben');

    await page.getByRole('button', { name: 'Kopiera adressen' }).click();
    await statusMessage(page, 'Adressen är kopierad.');
    expect(await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText: () => Promise<string> } } }).navigator.clipboard.readText())).toBe(url);
    await assertAccessible(page);
    await assertSwedish(page);
    await screenshot(page, 'clinician-subscription');
  });

  it('shows a patient on a phone their next visit on top: place, address, phone, length, end and program', async () => {
    const mine: CalendarEntry[] = (await w.t.http().get('/me/appointments').set(patient).expect(200)).body;
    const next = mine.find((visit) => visit.status === 'booked' && Date.parse(visit.start) > Date.now())!;
    // The demo patient is in the group program: the calendar names it.
    expect(next.groupProgram?.name).toBe('Smärtskola');
    expect(next.selfService).toEqual(expect.objectContaining({ unitPhone: PHONE_NUMBER, unitAddress: ADDRESS }));
    const { name } = (await w.t.http().get(`/patients/${patientId}`).set(patient).expect(200)).body;

    const page = await w.signIn('patient', { context: PHONE });
    const card = page.locator('section.next-visit');
    await card.waitFor();
    expect(await page.locator('#who').innerText()).toContain(name);
    const text = await card.innerText();
    const minutes = (Date.parse(next.end) - Date.parse(next.start)) / 60_000;
    expect(text).toContain(next.label);
    expect(text).toContain(swedishWhen(next.start).split(' kl.')[0].replace(/^./, (c) => c.toUpperCase()));
    expect(text).toContain(`kl. ${next.start.slice(11, 16)}–${next.end.slice(11, 16)}`);
    expect(text).toContain(minutes === 120 ? '2 timmar' : `${minutes} minuter`);
    for (const fact of ['Smärtskola', ADDRESS, PHONE_NUMBER, 'Grupprummet']) expect(text).toContain(fact);
    expect(await card.getByRole('link', { name: PHONE_NUMBER }).getAttribute('href')).toBe('tel:021173000');
    // On top: the card begins within the first screen, under the title.
    expect((await card.boundingBox())!.y).toBeLessThan(300);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);

    // The calendar link does not widen the page.
    await page.getByRole('button', { name: 'Visa kalenderadressen' }).click();
    await page.getByLabel('Kalenderadress').waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    await assertAccessible(page);
    await assertSwedish(page);
    await page.evaluate(() => (globalThis as unknown as { scrollTo: (x: number, y: number) => void }).scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, 'patient-phone.png') });
    await screenshot(page, 'patient-phone-whole');
  });

  it('lets the patient cancel a visit while the site allows it and ask to move another', async () => {
    const free = async (from: string) =>
      (await w.t.http().get('/appointments/free-slots').query({ kind: 'individual_visit', discipline: 'psychologist', patientId, from, minutes: 45, limit: 1 }).set(w.coordinator).expect(200)).body[0];
    const book = async (slot: { start: string; end: string; staffId: string; roomId: string | null }) =>
      (await w.t.http().post('/appointments').set(w.coordinator).send({ kind: 'individual_visit', siteId: w.siteId, start: slot.start, end: slot.end, staffIds: [slot.staffId], roomId: slot.roomId, patientIds: [patientId] }).expect(201)).body;
    const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
    const toCancel = await book(await free(inDays(8)));
    const toMove = await book(await free(inDays(15)));
    const mine: CalendarEntry[] = (await w.t.http().get('/me/appointments').set(patient).expect(200)).body;
    const until = mine.find((visit) => visit.id === toCancel.id)!.selfService!.selfCancelUntil!;
    expect(until).toBeTruthy();

    const page = await w.signIn('patient', { context: PHONE });
    const cancelItem = page.locator('li.visit', { hasText: swedishWhen(toCancel.start) });
    await cancelItem.waitFor();
    expect(await cancelItem.innerText()).toContain(`Du kan avboka här fram till ${swedishWhen(until)}.`);
    await cancelItem.getByRole('button', { name: 'Avboka' }).click();
    const dialog = page.getByRole('dialog', { name: 'Avboka besöket?' });
    await dialog.getByLabel('Varför? (frivilligt)').fill('Jag är sjuk');
    await assertAccessible(page);
    await screenshot(page, 'patient-cancel');
    await dialog.getByRole('button', { name: 'Ja, avboka' }).click();
    await statusMessage(page, `Besöket ${swedishWhen(toCancel.start)} är avbokat.`);
    const cancelled = await appointment(toCancel.id);
    expect([cancelled.status, cancelled.cancelCategory, cancelled.cancelReason]).toEqual(['cancelled', 'patient_cancelled', 'Jag är sjuk']);
    // Shown as cancelled, with nothing left to do about it.
    const gone = page.locator('li.visit', { hasText: swedishWhen(toCancel.start) });
    expect(await gone.innerText()).toContain('inställd');
    expect(await gone.getByRole('button').count()).toBe(0);

    const moveItem = page.locator('li.visit', { hasText: swedishWhen(toMove.start) });
    expect(await moveItem.getByLabel('När kan du komma i stället?').isVisible()).toBe(false);
    await moveItem.getByRole('button', { name: 'Be om en annan tid' }).click();
    await moveItem.getByLabel('När kan du komma i stället?').fill('Helst en eftermiddag veckan efter');
    await moveItem.getByRole('button', { name: 'Skicka' }).click();
    await statusMessage(page, `Din begäran om en annan tid för ${swedishWhen(toMove.start)} är skickad.`);
    const requests: { kind: string; appointmentId: string; note: string | null }[] = (await w.t.http().get('/worklists/visit-requests').set(w.coordinator).expect(200)).body;
    expect(requests).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'cancellation', appointmentId: toCancel.id }),
        expect.objectContaining({ kind: 'move', appointmentId: toMove.id, note: 'Helst en eftermiddag veckan efter' }),
      ]),
    );
    await assertAccessible(page);
    await assertSwedish(page);
  });

  it('keeps saying a move request is sent after the page is reloaded, and offers no second one', async () => {
    const [slot] = (await w.t.http().get('/appointments/free-slots').query({ kind: 'individual_visit', discipline: 'psychologist', patientId, from: new Date(Date.now() + 22 * DAY_MS).toISOString().slice(0, 10), minutes: 45, limit: 1 }).set(w.coordinator).expect(200)).body;
    const visit = (await w.t.http().post('/appointments').set(w.coordinator).send({ kind: 'individual_visit', siteId: w.siteId, start: slot.start, end: slot.end, staffIds: [slot.staffId], roomId: slot.roomId, patientIds: [patientId] }).expect(201)).body;
    const page = await w.signIn('patient', { context: PHONE });
    const item = () => page.locator('li.visit', { hasText: swedishWhen(visit.start) });
    await item().getByRole('button', { name: 'Be om en annan tid' }).click();
    await item().getByLabel('När kan du komma i stället?').fill('En torsdag går bra');
    await item().getByRole('button', { name: 'Skicka' }).click();
    await statusMessage(page, `Din begäran om en annan tid för ${swedishWhen(visit.start)} är skickad.`);
    const mine: CalendarEntry[] = (await w.t.http().get('/me/appointments').set(patient).expect(200)).body;
    const sentAt = mine.find((entry) => entry.id === visit.id)!.selfService!.moveRequest!.sentAt;

    await page.reload();
    await item().waitFor();
    expect(await item().innerText()).toContain(`Du har bett om en ny tid (skickad ${swedishWhen(sentAt)}).`);
    expect(await item().innerText()).toContain('Du skrev: En torsdag går bra');
    expect(await item().getByRole('button', { name: 'Be om en annan tid' }).count()).toBe(0);
    expect(await item().getByLabel('När kan du komma i stället?').count()).toBe(0);
    await assertAccessible(page);
    await assertSwedish(page);
    await screenshot(page, 'patient-move-requested');
  });

  it('offers no cancel button once the site’s rule has passed, and says to call the unit instead', async () => {
    const [slot] = (await w.t.http().get('/appointments/free-slots').query({ kind: 'individual_visit', discipline: 'psychologist', patientId, from: new Date(Date.now() + 9 * DAY_MS).toISOString().slice(0, 10), minutes: 45, limit: 1 }).set(w.coordinator).expect(200)).body;
    const visit = (await w.t.http().post('/appointments').set(w.coordinator).send({ kind: 'individual_visit', siteId: w.siteId, start: slot.start, end: slot.end, staffIds: [slot.staffId], roomId: slot.roomId, patientIds: [patientId] }).expect(201)).body;
    // The unit lets patients cancel themselves until 14 days before: this visit is too close.
    await w.t.http().patch(`/sites/${w.siteId}/settings`).set(w.coordinator).send({ patientService: { cancelHoursBefore: 336 } }).expect(200);
    try {
      const page = await w.signIn('patient', { context: PHONE });
      const item = page.locator('li.visit', { hasText: swedishWhen(visit.start) });
      await item.waitFor();
      expect(await item.getByRole('button', { name: 'Avboka' }).count()).toBe(0);
      expect(await item.innerText()).toContain(`Det är för sent att avboka här: ring mottagningen på ${PHONE_NUMBER}.`);
      await item.getByRole('button', { name: 'Be om en annan tid' }).waitFor();
      // As the API has it.
      await w.t.http().post(`/me/appointments/${visit.id}/cancel`).set(patient).send({}).expect(409);
      await assertAccessible(page);
    } finally {
      await w.t.http().patch(`/sites/${w.siteId}/settings`).set(w.coordinator).send({ patientService: { cancelHoursBefore: 24 } }).expect(200);
    }
  });

  it('fits a 360 px phone with no sideways scrolling, the calendar address open', async () => {
    const page = await w.signIn('patient', { context: SMALL_PHONE });
    await page.locator('section.next-visit').waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
    await page.getByRole('button', { name: 'Visa kalenderadressen' }).click();
    await page.getByLabel('Kalenderadress').waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
    await assertAccessible(page);
    await screenshot(page, 'patient-phone-360');
  });

  it('lands a patient on their own visits with reminder status and how to cancel, and never another patient’s name', async () => {
    const upcoming: CalendarEntry[] = (await w.t.http().get('/me/appointments').set(patient).expect(200)).body;
    const booked = upcoming.filter((visit) => visit.status === 'booked');
    expect(booked.length).toBeGreaterThan(1);
    const page = await w.signIn('patient');
    await page.waitForSelector('h2:text("Kommande besök")');
    const text = await page.locator('main').innerText();
    expect(await page.locator('section.next-visit').innerText()).toContain(booked[0].label);
    expect(text).toContain(swedishWhen(booked[1].start));
    expect(text).toMatch(/Påminnelse skickas/);
    expect(text).toContain('ring mottagningen');
    expect(await page.locator('h2:text("Tidigare besök") + ul li').count()).toBeGreaterThan(0);
    const others = (await w.t.http().get('/patients').set(w.coordinator).expect(200)).body.filter((p: { id: string }) => p.id !== patientId);
    for (const other of others) expect(text).not.toContain(other.name);
    await assertAccessible(page);
    await screenshot(page, 'patient-my-visits');

    // The same page in English, dates included.
    await page.getByRole('button', { name: 'In English' }).click();
    await page.waitForSelector('h1:text("My visits")');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('main').innerText()).toContain(' at ');
    expect(await page.locator('section.next-visit').innerText()).toContain('Next visit');
    await assertAccessible(page);
  });
});
