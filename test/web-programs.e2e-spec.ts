import { Page } from 'playwright-core';
import { addDays, localDateOf, weekdayOf } from '../src/core/time/local-time';
import { assertAccessible, assertSwedish, PHONE, problemAt, screenshot, startWebApp, statusMessage, WebApp } from './support/browser';
import { assessedPatient } from './support/fixtures';
import { ascensionClearOfTheDemo } from './support/site-time';

/**
 * Group programs in a real browser (issue 17): found again in a list, followed and changed on their
 * own page (sessions, cohort with seats taken, waitlist, attendance grid, a schedule changed from a
 * session on, a patient moved to another cohort), conflicts named in Swedish, and a legend.
 */

interface Session {
  number: number;
  status: string;
  date: string;
  start: string;
  end: string;
  makeUp: boolean;
  appointmentId: string;
}
interface Program {
  id: string;
  name: string;
  roomId: string;
  capacity: number;
  status: string;
  sessions: Session[];
  enrollments: { patientId: string; status: string }[];
  waitlist: string[];
}

const ZONE = 'Europe/Stockholm';
const today = () => localDateOf(new Date(), ZONE);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;


/** The first `weekday` (ISO, Monday = 1) at least `days` days ahead. */
function weekdayAhead(weekday: number, days: number): string {
  const from = addDays(today(), days);
  return addDays(from, (weekday - weekdayOf(from) + 7) % 7);
}

describe('group programs in a real browser, on the demo data', () => {
  let w: WebApp;
  let rooms: { id: string; name: string; kind: string }[];
  /** A program of our own beside the demo's Smärtskola: 2 seats, 3 patients, so one waits. */
  let afternoon: Program;
  const patients: { id: string; name: string }[] = [];

  const api = () => w.t.http();
  const program = async (id: string): Promise<Program> => (await api().get(`/group-programs/${id}`).set(w.coordinator).expect(200)).body;
  const programs = async (): Promise<Program[]> => (await api().get(`/group-programs?siteId=${w.siteId}&limit=200`).set(w.coordinator).expect(200)).body;

  /** A patient offered group rehabilitation, named so the screens can tell them apart. */
  async function offeredPatient(name: string): Promise<{ id: string; name: string }> {
    const id = await assessedPatient(w.t, { site: { id: w.siteId }, coordinatorToken: w.coordinator.Authorization.slice(7) }, 'group_rehab');
    await api().patch(`/patients/${id}`).set(w.coordinator).send({ name }).expect(200);
    return { id, name };
  }

  beforeAll(async () => {
    w = await startWebApp();
    rooms = (await api().get(`/rooms?siteId=${w.siteId}`).set(w.coordinator).expect(200)).body;
    const groupRoom = rooms.find((room) => room.kind === 'group_room')!;
    for (const name of ['Greta Gruppsson', 'Hugo Hallberg', 'Ingrid Isaksson']) patients.push(await offeredPatient(name));
    // Mondays and Wednesdays in the afternoon: clear of Smärtskola's Tuesday and Thursday mornings.
    const request = {
      siteId: w.siteId,
      name: 'Eftermiddagsgruppen',
      roomId: groupRoom.id,
      startDate: weekdayAhead(1, 14),
      weeks: 4,
      weekdays: [1, 3],
      startTime: '13:00',
      durationMinutes: 90,
      capacity: 2,
    };
    const preview = (await api().post('/group-programs/preview').set(w.coordinator).send(request).expect(200)).body;
    expect(preview.conflicts).toEqual([]);
    afternoon = (await api().post('/group-programs').set(w.coordinator).send(request).expect(201)).body;
    for (const patient of patients) await api().post(`/group-programs/${afternoon.id}/enrollments`).set(w.coordinator).send({ patientId: patient.id }).expect(201);
    // One patient said in advance they will miss the second session: recorded in the grid.
    const second = afternoon.sessions.find((s) => s.number === 2)!;
    await api().post(`/group-programs/${afternoon.id}/sessions/${second.appointmentId}/attendance`).set(w.coordinator).send({ patientId: patients[0].id, participation: 'cancelled' }).expect(200);
  });
  afterAll(async () => {
    await w?.close();
  });

  async function openProgram(page: Page, name: string): Promise<void> {
    await page.getByRole('link', { name: 'Gruppprogram', exact: true }).click();
    await page.waitForSelector('table.programs');
    await page.getByRole('link', { name, exact: true }).click();
    await page.waitForSelector(`main h1:text-is("${name}")`);
    await page.waitForSelector('table.attendance');
  }

  it('finds a program in the list and opens its page: seats taken out of capacity, the waitlist in order and the attendance grid', async () => {
    const page = await w.signIn('coordinator');
    await page.getByRole('link', { name: 'Gruppprogram', exact: true }).click();
    await page.waitForSelector('table.programs');
    const row = page.locator('table.programs tbody tr', { hasText: 'Eftermiddagsgruppen' });
    expect(await row.innerText()).toContain('2 av 2');
    expect(await page.locator('table.programs tbody tr', { hasText: 'Smärtskola' }).innerText()).toContain('6 av 8');
    expect(await page.getByRole('link', { name: 'Nytt gruppprogram' }).count()).toBe(1);
    await assertAccessible(page);
    await assertSwedish(page);
    await screenshot(page, 'coordinator-group-programs');

    await row.getByRole('link', { name: 'Eftermiddagsgruppen' }).click();
    await page.waitForSelector('table.attendance');
    expect(await page.locator('#seats').innerText()).toContain('2 av 2');
    expect(await page.locator('#cohort-title').innerText()).toBe('Deltagare: 2 av 2 platser tagna');
    expect(await page.locator('ol.waitlist li').allInnerTexts()).toEqual([expect.stringContaining('Ingrid Isaksson')]);
    // Sessions with date, time, room and leaders by name.
    const first = await page.locator('table.sessions tbody tr').first().innerText();
    expect(first).toContain('13:00–14:30');
    expect(first).toContain('Grupprummet');
    // The grid: a row per seated patient, a column per session, the recorded cancellation marked.
    const grid = page.locator('table.attendance');
    expect(await grid.locator('tbody tr').count()).toBe(2);
    expect(await grid.locator('thead th').count()).toBe(1 + 8 + 2);
    const greta = grid.locator('tbody tr', { hasText: 'Greta Gruppsson' });
    expect(await greta.locator('td').nth(1).getAttribute('title')).toBe('avbokad');
    expect(await greta.locator('td').nth(0).getAttribute('title')).toBe('bokad');
    expect(await page.locator('.program-legend').innerText()).toMatch(/Ersättningsträff:.*\n?.*Stängd dag:/s);
    expect(await page.locator('main').innerText()).not.toMatch(UUID);
    await assertAccessible(page);
    await assertSwedish(page);
    await screenshot(page, 'coordinator-group-program-page');

    // On a phone the program's page keeps within the screen: the wide tables scroll in their own frames.
    const phone = await w.signIn('coordinator', { context: PHONE });
    await phone.goto(`${w.base}/app/#/group-program/${afternoon.id}`);
    await phone.waitForSelector('table.attendance');
    const wider = await phone.evaluate(() => {
      const { document } = globalThis as unknown as { document: { querySelectorAll: (s: string) => { getBoundingClientRect: () => { right: number }; tagName: string }[] } };
      return [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > 390 && !(e as unknown as { closest: (s: string) => unknown }).closest('.grid-scroll')).map((e) => e.tagName);
    });
    expect(wider).toEqual([]);
    // The header too: its menu wraps inside the bar.
    expect(await phone.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await assertAccessible(phone);
    await screenshot(phone, 'coordinator-group-program-phone');
  });

  it('changes the schedule from a session on after its preview: those sessions move, the earlier ones stay', async () => {
    const page = await w.signIn('coordinator');
    await openProgram(page, 'Eftermiddagsgruppen');
    const before = await program(afternoon.id);
    // Onto Smärtskola's mornings first: the preview names the room and what holds it, and nothing can be applied.
    await page.getByLabel('Från träff').selectOption('5');
    await page.getByLabel('Ny starttid').fill('09:00');
    await page.getByLabel('tisdag').check();
    await page.getByLabel('torsdag').check();
    await page.getByRole('button', { name: 'Förhandsgranska ändringen' }).click();
    await page.waitForSelector('#schedule-change ul.conflicts');
    expect(await page.locator('#schedule-change ul.conflicts').innerText()).toMatch(/Träff 5, .* kl\. 09:00–10:30: Grupprummet är upptaget av Smärtskola \(träff \d+\)\./);
    expect(await page.getByRole('button', { name: 'Ändra schemat' }).isDisabled()).toBe(true);
    await assertSwedish(page, '#schedule-change');
    await page.getByLabel('tisdag').uncheck();
    await page.getByLabel('torsdag').uncheck();
    await page.getByLabel('Ny starttid').fill('14:00');
    await page.getByRole('button', { name: 'Förhandsgranska ändringen' }).click();
    await page.waitForSelector('#schedule-change:has-text("14:00–15:30")');
    const preview = await page.locator('#schedule-change').innerText();
    expect(preview).toContain('Förhandsgranskning: 4 träffar flyttas');
    expect(preview).toContain('14:00–15:30');
    expect(preview).toContain('Inga – ändringen kan genomföras.');
    await assertAccessible(page);
    await screenshot(page, 'coordinator-group-program-schedule-change');
    // Nothing changed by the preview.
    expect((await program(afternoon.id)).sessions.map((s) => s.start)).toEqual(before.sessions.map((s) => s.start));

    await page.getByRole('button', { name: 'Ändra schemat' }).click();
    await statusMessage(page, 'Schemat är ändrat från träff 5: 4 träffar flyttade.');
    const after = await program(afternoon.id);
    for (const s of after.sessions) {
      const old = before.sessions.find((o) => o.number === s.number)!;
      if (s.number < 5) expect(s.start).toBe(old.start);
      else expect([s.date, s.start.slice(11, 16), s.end.slice(11, 16)]).toEqual([old.date, '14:00', '15:30']);
    }
    expect(await page.locator('table.sessions tbody tr').nth(4).innerText()).toContain('14:00–15:30');
    await assertSwedish(page);
  });

  it('moves one session and cancels another from the program page', async () => {
    const page = await w.signIn('coordinator');
    await openProgram(page, 'Eftermiddagsgruppen');
    const before = await program(afternoon.id);
    const third = before.sessions.find((s) => s.number === 3)!;
    await page.getByRole('button', { name: 'Flytta träff 3' }).click();
    const dialog = page.getByRole('dialog', { name: 'Flytta träff 3' });
    // Out of the program's order (onto session 6's day): refused in the dialog, which stays open, and nothing moves.
    const sixth = before.sessions.find((s) => s.number === 6)!;
    await dialog.getByLabel('Ny dag').fill(sixth.date);
    await dialog.getByRole('button', { name: 'Flytta träffen' }).click();
    await dialog.locator('p.error:not(:empty)').waitFor();
    expect(await dialog.locator('p.error').innerText()).not.toMatch(/^start:|[0-9a-f]{8}-/);
    expect((await program(afternoon.id)).sessions.find((s) => s.number === 3)!.start).toBe(third.start);
    await dialog.getByLabel('Ny dag').fill(third.date);
    await dialog.getByLabel('Ny starttid').fill('14:30');
    await assertAccessible(page);
    await dialog.getByRole('button', { name: 'Flytta träffen' }).click();
    await Promise.race([statusMessage(page, /^Träff 3 är flyttad till .* kl\. 14:30\.$/), dialog.locator('p.error:not(:empty)').waitFor()]);
    expect(await dialog.locator('p.error').count() && (await dialog.locator('p.error').innerText())).toBeFalsy();
    const moved = (await program(afternoon.id)).sessions.find((s) => s.number === 3)!;
    expect([moved.date, moved.start.slice(11, 16), moved.end.slice(11, 16)]).toEqual([third.date, '14:30', '16:00']);

    await page.getByRole('button', { name: 'Ställ in träff 8' }).click();
    await page.getByRole('dialog', { name: 'Ställ in träff 8' }).getByLabel('Orsak').fill('Lokalen renoveras');
    await page.getByRole('button', { name: 'Ställ in träffen' }).click();
    await statusMessage(page, 'Träff 8 är inställd.');
    expect((await program(afternoon.id)).sessions.find((s) => s.number === 8)!.status).toBe('cancelled');
    expect(await page.locator('table.sessions tbody tr').nth(7).innerText()).toContain('inställd');
    await assertAccessible(page);
  });

  it('moves a patient to another cohort: the seat frees for the first waiting, the patient joins the other program', async () => {
    const page = await w.signIn('coordinator');
    await openProgram(page, 'Eftermiddagsgruppen');
    const smartskola = (await programs()).find((p) => p.name === 'Smärtskola')!;
    const hugo = patients[1];
    await page.getByLabel(`Flytta ${hugo.name} till`).selectOption({ label: (await page.getByLabel(`Flytta ${hugo.name} till`).locator('option', { hasText: 'Smärtskola' }).innerText()).trim() });
    await page.locator('ul.cohort li', { hasText: hugo.name }).getByRole('button', { name: 'Flytta' }).click();
    await statusMessage(page, `${hugo.name} är flyttad till Smärtskola.`);
    const here = await program(afternoon.id);
    expect(here.enrollments.filter((e) => e.status === 'enrolled').map((e) => e.patientId).sort()).toEqual([patients[0].id, patients[2].id].sort());
    expect(here.waitlist).toEqual([]);
    const there = await program(smartskola.id);
    expect(there.enrollments).toContainEqual({ patientId: hugo.id, status: 'enrolled' });
    expect(await page.locator('ul.cohort').innerText()).toContain('Ingrid Isaksson');
    await assertAccessible(page);
    await assertSwedish(page);
    await screenshot(page, 'coordinator-group-program-moved-patient');
  });

  it('cancels a whole program after a question, listing what happens to each of its patients', async () => {
    const groupRoom = rooms.find((room) => room.kind === 'group_room')!;
    // The first afternoon of a Friday whose sessions find free leaders.
    let request = {};
    for (const startTime of ['13:00', '10:00', '14:00', '08:30']) {
      request = { siteId: w.siteId, name: 'Fredagsgruppen', roomId: groupRoom.id, startDate: weekdayAhead(5, 14), weeks: 3, weekdays: [5], startTime, durationMinutes: 90, capacity: 1 };
      const preview = await api().post('/group-programs/preview').set(w.coordinator).send(request);
      expect([preview.status, preview.body.details]).toEqual([200, undefined]);
      if (!preview.body.conflicts.length) break;
    }
    const friday: Program = (await api().post('/group-programs').set(w.coordinator).send(request).expect(201)).body;
    for (const patient of [patients[0], patients[2]]) await api().post(`/group-programs/${friday.id}/enrollments`).set(w.coordinator).send({ patientId: patient.id }).expect(201);
    const page = await w.signIn('coordinator');
    await openProgram(page, 'Fredagsgruppen');
    await page.getByLabel('Orsak').fill('För få deltagare');
    await page.getByRole('button', { name: 'Ställ in programmet' }).click();
    const question = page.getByRole('dialog', { name: 'Ställ in Fredagsgruppen?' });
    expect(await question.innerText()).toContain('1 deltagare och 1 väntande');
    await assertAccessible(page);
    // Declining changes nothing.
    await question.getByRole('button', { name: 'Avbryt' }).click();
    expect((await program(friday.id)).status).toBe('planned');
    await page.getByRole('button', { name: 'Ställ in programmet' }).click();
    await page.getByRole('dialog', { name: 'Ställ in Fredagsgruppen?' }).getByRole('button', { name: 'Ja, ställ in programmet' }).click();
    await statusMessage(page, 'Programmet är inställt. 2 patienter behöver erbjudas ett annat program.');
    const listed = await page.locator('#cancelled-patients').innerText();
    expect(listed).toContain(`Greta Gruppsson (inskriven): ${friday.sessions.length} träffar avbokade`);
    expect(listed).toContain('Ingrid Isaksson (på väntelistan): 0 träffar avbokade');
    const cancelled = await program(friday.id);
    expect([cancelled.status, ...new Set(cancelled.sessions.map((s) => s.status))]).toEqual(['cancelled', 'cancelled']);
    expect(await page.locator('.program-facts').innerText()).toContain('inställt');
    await assertAccessible(page);
    await assertSwedish(page);
    await screenshot(page, 'coordinator-group-program-cancelled');
  });

  it('names the room and what is in its way, in Swedish, when a new program would meet where Smärtskola meets', async () => {
    const page = await w.signIn('coordinator');
    await page.getByRole('link', { name: 'Gruppprogram', exact: true }).click();
    await page.getByRole('link', { name: 'Nytt gruppprogram' }).click();
    await page.waitForSelector('form.program');
    const smartskola = (await programs()).find((p) => p.name === 'Smärtskola')!;
    const firstDate = (await program(smartskola.id)).sessions.find((s) => s.number === 1)!.date;
    await page.getByLabel('Första dag (ÅÅÅÅ-MM-DD)').fill(firstDate); // its Tuesday, 09:00 in Grupprummet
    await page.getByRole('button', { name: 'Förhandsgranska' }).click();
    await page.waitForSelector('#preview ul.conflicts');
    const conflicts = await page.locator('#preview ul.conflicts').innerText();
    expect(conflicts).toMatch(/Träff 1, .* kl\. 09:00–11:00: Grupprummet är upptaget av Smärtskola \(träff 1\)\./);
    expect(conflicts).not.toMatch(UUID);
    expect(await page.getByRole('button', { name: 'Boka programmet' }).isDisabled()).toBe(true);
    expect(await page.locator('.program-legend').innerText()).toContain('Konflikt:');
    await screenshot(page, 'coordinator-group-program-conflicts');
    await assertAccessible(page);
    await assertSwedish(page, '#preview');
  });

  it('builds a group program across Ascension Day, shows the make-up session, books it, lands on its page and seats a patient offered group rehabilitation', async () => {
    const page = await w.signIn('coordinator');
    await page.getByRole('link', { name: 'Gruppprogram', exact: true }).click();
    await page.getByRole('link', { name: 'Nytt gruppprogram' }).click();
    await page.waitForSelector('form.program');
    // A wrong date and no weekday: each said at its field (the weekdays at their group, every day
    // marked), in Swedish, and the live region asks for the marked fields.
    const firstDay = page.getByLabel('Första dag (ÅÅÅÅ-MM-DD)');
    const weekday = (name: string) => page.getByRole('group', { name: 'Veckodagar' }).getByLabel(name);
    await firstDay.fill('2027-13-45');
    await weekday('tisdag').uncheck();
    await weekday('torsdag').uncheck();
    await page.getByRole('button', { name: 'Förhandsgranska' }).click();
    await statusMessage(page, 'Rätta de markerade fälten.');
    expect(await problemAt(firstDay)).toEqual({ invalid: 'true', words: expect.stringMatching(/^ange ett datum/) });
    expect(await problemAt(weekday('måndag'))).toEqual({ invalid: 'true', words: 'välj minst 1' });
    expect(await problemAt(weekday('fredag'))).toEqual({ invalid: 'true', words: 'välj minst 1' });
    expect(await page.locator('form.program').innerText()).toContain('välj minst 1');
    await assertSwedish(page, 'form.program');
    await assertAccessible(page);
    await screenshot(page, 'coordinator-group-program-problems');

    // A problem with one of the weekdays (`weekdays.0`) is said at their group too.
    await weekday('tisdag').check();
    await weekday('torsdag').check();
    const weekdayRefused = { code: 'validation.failed', details: [{ field: 'weekdays.0', problem: 'each value in weekdays must not be greater than 5', code: 'validation.too_large', params: { max: 5 } }] };
    await page.route('**/group-programs/preview', (route) => route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify(weekdayRefused) }), { times: 1 });
    await page.getByRole('button', { name: 'Förhandsgranska' }).click();
    await page.getByRole('group', { name: 'Veckodagar' }).getByText('högst 5').waitFor();
    expect(await problemAt(weekday('tisdag'))).toEqual({ invalid: 'true', words: 'högst 5' });
    expect(await problemAt(firstDay, { marked: false })).toEqual({ invalid: null, words: '' });
    await assertSwedish(page, 'main');

    // Corrected, the marks go.
    const { ascension, tuesdayBefore } = ascensionClearOfTheDemo();
    await firstDay.fill(tuesdayBefore); // Tuesdays and Thursdays; Ascension Day is a Thursday
    await page.getByRole('button', { name: 'Förhandsgranska' }).click();
    await page.waitForSelector('#preview h2');
    expect(await problemAt(firstDay, { marked: false })).toEqual({ invalid: null, words: '' });
    expect(await problemAt(weekday('tisdag'), { marked: false })).toEqual({ invalid: null, words: '' });
    expect(await page.locator('#status').innerText()).toBe('');
    const text = await page.locator('#preview').innerText();
    expect(text).toContain(`${ascension}: Kristi himmelsfärdsdag`);
    expect(text).toMatch(new RegExp(`Ersättningsträff 1[56] \\(för ${ascension}\\)`)); // after the last regular session
    expect(text).toContain('Inga – programmet kan bokas.');
    // The holiday's name stays clear of the day number in the calendar.
    const cell = page.locator(`#program-calendar td[data-date="${ascension}"]`);
    const number = await cell.locator('.fc-daygrid-day-number').boundingBox();
    const name = await cell.locator('.closed-day .fc-event-title').boundingBox();
    expect(number && name && (name.y >= number.y + number.height || name.y + name.height <= number.y)).toBe(true);
    await screenshot(page, 'coordinator-group-program');
    await assertAccessible(page);

    // The session plan: ACT added to the first session; booking waits for a new preview with its leader.
    const firstSession = page.locator('table.plan tbody tr').first();
    expect(await firstSession.locator('td').last().innerText()).not.toContain('ACT');
    await page.getByLabel('Träff 1: ACT').check();
    expect(await page.getByRole('button', { name: 'Boka programmet' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Förhandsgranska' }).click();
    await page.waitForFunction(() => {
      const { document } = globalThis as unknown as { document: { querySelector: (s: string) => { textContent: string } | null } };
      return /ACT: /.test(document.querySelector('table.plan tbody tr td:last-child')?.textContent ?? '');
    });
    await page.getByRole('button', { name: 'Boka programmet' }).click();
    await statusMessage(page, 'Programmet är bokat med 16 träffar.');
    // It lands on the program's page, which the list finds again.
    await page.waitForSelector('main h1:text-is("Grupp")');
    await page.waitForSelector('table.attendance, #cohort-title');
    const id = /#\/group-program\/([0-9a-f-]{36})$/.exec(page.url())![1];
    const booked = await program(id);
    expect(booked.sessions.find((s) => s.number === 1)).toMatchObject({ status: 'booked' });
    const [first] = await w.t.db.query(`SELECT session_detail FROM appointments WHERE group_program_id = $1 AND session_number = 1`, [id]);
    expect(first.session_detail.modules).toEqual(['pain_physiology', 'basal_body_awareness', 'act']);
    expect((await programs()).map((p) => p.id)).toContain(id);
    expect(await page.locator('table.sessions').innerText()).toMatch(/ersättningsträff för/);

    // Seats only patients offered group rehabilitation, found by the search.
    const waiting = (await api().get('/waitlist').set(w.coordinator).expect(200)).body.items[0].patientName as string;
    const search = page.getByLabel(/^Sök patient att skriva in/);
    await search.fill(waiting);
    await page.locator('.patient-results button', { hasText: waiting }).first().click();
    await page.getByRole('button', { name: 'Skriv in' }).click();
    await page.waitForSelector('#seat-result.error');
    expect(await page.locator('#seat-result').innerText()).toContain(waiting);
    const offered = await offeredPatient('Jonas Järvinen');
    await search.fill('Järvinen');
    await page.locator('.patient-results button', { hasText: offered.name }).click();
    await page.getByRole('button', { name: 'Skriv in' }).click();
    await statusMessage(page, `${offered.name} är inskriven.`);
    expect(await page.locator('#cohort-title').innerText()).toBe('Deltagare: 1 av 8 platser tagna');
    expect((await program(id)).enrollments).toEqual([{ patientId: offered.id, status: 'enrolled' }]);
    await assertAccessible(page);
    await screenshot(page, 'coordinator-group-program-booked');
  });
});
