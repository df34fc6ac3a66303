import { BrowserContextOptions, Page } from 'playwright-core';
import { addDays, localDateOf, weekdayOf } from '../src/core/time/local-time';
import { assertAccessible, assertSwedish, problemAt, screenshot, startWebApp, statusMessage, STOCKHOLM, tabTo, WebApp } from './support/browser';
import { stockholm, swedishWhen } from './support/site-time';

/**
 * The coordinator keeps staff and rooms up to date (issue 17): working hours from a date, absences
 * added, changed and deleted, a room changed and taken out of use, each listing in words the booked
 * visits it affects, linked to each visit; nothing is moved.
 */

interface Block {
  weekday: number;
  start: string;
  end: string;
  from?: string;
  until?: string;
}
interface Member {
  id: string;
  name: string;
  discipline: string;
  workingHours: Block[];
}
interface Entry {
  id: string;
  kind: string;
  status: string;
  start: string;
  end: string;
  staff: { id: string }[];
  patients: { id: string; name?: string }[];
}

const ZONE = 'Europe/Stockholm';
const DAY_MS = 86_400_000;
const today = () => localDateOf(new Date(), ZONE);
const hoursOn = (blocks: Block[], date: string) => blocks.filter((b) => (!b.from || b.from <= date) && (!b.until || date < b.until));
const weekdayName = (date: string) => new Date(`${date}T12:00:00Z`).toLocaleDateString('sv-SE', { weekday: 'long', timeZone: 'UTC' });

// A browser task takes some seconds, more with other test files running beside it.
jest.setTimeout(120_000);

describe('staff and rooms in a real browser, on the demo data', () => {
  let w: WebApp;
  let staff: Member[];

  beforeAll(async () => {
    w = await startWebApp();
    staff = (await w.t.http().get(`/staff?siteId=${w.siteId}`).set(w.coordinator).expect(200)).body;
  });
  afterAll(async () => {
    await w?.close();
  });

  /** The member's booked visits from tomorrow on, over the coming weeks, first first. */
  async function comingVisits(member: Member): Promise<Entry[]> {
    const from = new Date(`${addDays(today(), 1)}T00:00:00Z`).toISOString();
    const to = new Date(Date.now() + 90 * DAY_MS).toISOString();
    const { appointments } = (await w.t.http().get(`/staff/${member.id}/calendar?from=${from}&to=${to}`).set(w.coordinator).expect(200)).body;
    return (appointments as Entry[]).filter((a) => a.status === 'booked' && a.start.slice(0, 10) > today()).sort((a, b) => a.start.localeCompare(b.start));
  }

  /** Signs in as the coordinator and opens Personal och rum from the menu, with the keyboard. */
  async function staffScreen(context?: BrowserContextOptions): Promise<Page> {
    const page = await w.signIn('coordinator', { context });
    await tabTo(page, /^Personal och rum$/);
    await page.keyboard.press('Enter');
    await page.waitForSelector('main h1:text("Personal och rum")');
    return page;
  }

  async function open(page: Page, name: string): Promise<void> {
    await tabTo(page, new RegExp(`^${name}$`));
    await page.keyboard.press('Enter');
    await page.waitForSelector(`.panel h2:text("${name}")`);
  }

  it('lists the staff and the rooms with their hours and whether they are in use', async () => {
    const page = await staffScreen();
    const staffRows = page.locator('section.register').first().locator('tbody tr');
    await expect(staffRows.count()).resolves.toBe(staff.length);
    const eva = page.locator('tr', { hasText: 'Eva Sandberg' });
    await expect(eva.innerText()).resolves.toMatch(/läkare\s+mån–tors 08:00–16:30, fre 08:00–15:00\s+i tjänst/);
    await expect(page.locator('tr', { hasText: 'Ahmed Haddad' }).innerText()).resolves.toMatch(/mån–tis 08:30–16:00, tors 08:30–16:00/);
    await expect(page.locator('tr', { hasText: 'Grupprummet' }).innerText()).resolves.toMatch(/grupprum\s+10\s+i bruk/);
    await assertAccessible(page);
    await assertSwedish(page, 'main');
    await screenshot(page, 'staff-list');
    await page.context().close();
  });

  it('reads in English when English is chosen', async () => {
    const page = await w.signIn('coordinator');
    await tabTo(page, /^In English$/);
    await page.keyboard.press('Enter');
    await page.waitForSelector('button:text("På svenska")');
    await tabTo(page, /^Staff and rooms$/);
    await page.keyboard.press('Enter');
    await page.waitForSelector('main h1:text("Staff and rooms")');
    await expect(page.locator('tr', { hasText: 'Eva Sandberg' }).innerText()).resolves.toMatch(/physician\s+Mon–Thu 08:00–16:30, Fri 08:00–15:00\s+active/);
    await open(page, 'Eva Sandberg');
    await expect(page.locator('.panel').innerText()).resolves.toMatch(/Eva Sandberg, physician\s+Absence\s+Wednesday, .+ 12:00–16:30: course \(Smärtkonferens\)\s+Change\s+Delete[\s\S]+Record the absence[\s\S]+Save the working hours/);
    await expect(page.getByLabel('Monday: starts').count()).resolves.toBe(1);
    await assertAccessible(page);
    await page.context().close();
  });

  it("changes a clinician's working hours from a date, listing in words the visit they leave outside", async () => {
    const eva = staff.find((m) => m.name === 'Eva Sandberg')!;
    const [visit] = await comingVisits(eva);
    expect(visit).toBeDefined();
    const date = visit.start.slice(0, 10);
    const until = addDays(date, 7);
    const page = await staffScreen();
    await open(page, 'Eva Sandberg');

    // A date left out is a problem at its field, in Swedish.
    await page.getByLabel('Gäller från och med').fill('');
    await tabTo(page, /^Spara arbetstiderna$/);
    await page.keyboard.press('Enter');
    await expect(problemAt(page.getByLabel('Gäller från och med'))).resolves.toEqual({ invalid: 'true', words: 'ange ett datum ÅÅÅÅ-MM-DD' });
    await assertSwedish(page, '.hours-form');

    // From the visit's day for a week, no work on its weekday and a split shift on another day.
    await page.getByLabel('Gäller från och med').fill(date);
    await page.getByLabel(/^Till \(första dagen/).fill(until);
    const split = weekdayOf(date) === 1 ? addDays(date, 1) : addDays(date, 1 - weekdayOf(date));
    const splitDay = weekdayName(split);
    await tabTo(page, new RegExp(`^Lägg till ett pass ${splitDay}$`));
    await page.keyboard.press('Enter');
    // The new block's start has the focus; one inside the first block is refused at its field before anything is sent.
    await page.keyboard.type('1200');
    await page.getByLabel(`${splitDay}, pass 2: slutar`).fill('13:00');
    await tabTo(page, /^Spara arbetstiderna$/);
    await page.keyboard.press('Enter');
    await expect(problemAt(page.getByLabel(`${splitDay}, pass 2: börjar`))).resolves.toEqual({ invalid: 'true', words: 'tiden 12:00–13:00 överlappar en annan tid samma veckodag' });
    // The date corrected, its mark is gone; the first block is not the one blamed.
    await expect(problemAt(page.getByLabel('Gäller från och med'), { marked: false })).resolves.toEqual({ invalid: null, words: '' });
    await expect(problemAt(page.getByLabel(`${splitDay}: börjar`), { marked: false })).resolves.toEqual({ invalid: null, words: '' });
    await assertSwedish(page, '.hours-form');
    await page.getByLabel(`${splitDay}: slutar`).fill('12:00');
    await page.getByLabel(`${splitDay}, pass 2: börjar`).fill('13:00');
    await page.getByLabel(`${splitDay}, pass 2: slutar`).fill('16:30');
    await page.getByLabel(`${weekdayName(date)}: arbetar`).focus();
    await page.keyboard.press('Space');
    await expect(page.getByLabel(`${weekdayName(date)}: börjar`).isDisabled()).resolves.toBe(true);
    await tabTo(page, /^Spara arbetstiderna$/);
    await page.keyboard.press('Enter');
    await statusMessage(page, 'Arbetstiderna för Eva Sandberg är ändrade');

    const link = page.locator(`.hours-form ~ .result a[href="#/visit/${visit.id}"], .change-block .result a[href="#/visit/${visit.id}"]`).first();
    await expect(link.innerText()).resolves.toContain(swedishWhen(visit.start));
    await expect(link.innerText()).resolves.toContain(visit.patients[0].name!);
    await expect(link.innerText()).resolves.toContain('hos Eva Sandberg');
    await expect(page.locator('.affected h4').innerText()).resolves.toMatch(/^Berörda besök \(\d+\) – inget är flyttat/);

    // Through the API: the new week holds from that date, the old one again a week later, and the visit stays where it was.
    const after: Member = (await w.t.http().get(`/staff/${eva.id}`).set(w.coordinator).expect(200)).body;
    expect(hoursOn(after.workingHours, date).some((b) => b.weekday === weekdayOf(date))).toBe(false);
    expect(hoursOn(after.workingHours, date).length).toBe(5);
    expect(hoursOn(after.workingHours, date).filter((b) => b.weekday === weekdayOf(split)).map((b) => [b.start, b.end]).sort()).toEqual([['08:00', '12:00'], ['13:00', '16:30']]);
    expect(hoursOn(after.workingHours, addDays(date, -7)).some((b) => b.weekday === weekdayOf(date))).toBe(true);
    expect(hoursOn(after.workingHours, until).some((b) => b.weekday === weekdayOf(date))).toBe(true);
    const still = (await w.t.http().get(`/appointments/${visit.id}`).set(w.coordinator).expect(200)).body;
    expect([still.start, still.status]).toEqual([visit.start, 'booked']);
    await expect(page.locator('tr', { hasText: 'Eva Sandberg' }).innerText()).resolves.toContain(`Från ${date}:`);

    await assertAccessible(page);
    await assertSwedish(page, 'main');
    await screenshot(page, 'staff-working-hours');
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/#/visit/${visit.id}`);
    await page.context().close();
  });

  it('adds an absence over a visit with a proposal for it, moves the visit as proposed, changes the absence and deletes it, freeing the time', async () => {
    // A clinician other than Eva (whose hours the test before changed) with a visit of one patient ahead.
    let member: Member | undefined;
    let visit: Entry | undefined;
    for (const candidate of staff.filter((m) => m.name !== 'Eva Sandberg' && ['physiotherapist', 'psychologist', 'nurse'].includes(m.discipline))) {
      visit = (await comingVisits(candidate)).find((v) => v.patients.length === 1);
      if (visit) {
        member = candidate;
        break;
      }
    }
    expect(member && visit).toBeTruthy();
    const date = visit!.start.slice(0, 10);
    const freeSlots = async () =>
      (await w.t.http().get(`/appointments/free-slots?kind=individual_visit&staffId=${member!.id}&from=${date}&to=${date}&minutes=30`).set(w.coordinator).expect(200)).body as { start: string }[];
    // A browser in another zone: the times typed and shown are still the site's clock.
    const page = await staffScreen({ ...STOCKHOLM, timezoneId: 'America/New_York' });
    await open(page, member!.name);

    // An end before the start: the API's problem, worded in Swedish at the end's field.
    await page.getByLabel('Börjar', { exact: true }).fill(`${date}T18:00`);
    await page.getByLabel('Slutar', { exact: true }).fill(`${date}T07:00`);
    await tabTo(page, /^Registrera frånvaron$/);
    await page.keyboard.press('Enter');
    await expect(problemAt(page.getByLabel('Slutar', { exact: true }))).resolves.toEqual({ invalid: 'true', words: 'måste vara efter starten' });
    await assertSwedish(page, 'main');

    await page.getByLabel('Börjar', { exact: true }).fill(`${date}T07:00`);
    await page.getByLabel('Slutar', { exact: true }).fill(`${date}T18:00`);
    await expect(page.getByLabel('Föreslå var de berörda besöken kan flyttas').isChecked()).resolves.toBe(true);
    await tabTo(page, /^Registrera frånvaron$/);
    const answered = page.waitForResponse((r) => r.url().includes('/absences?propose=true') && r.request().method() === 'POST');
    await page.keyboard.press('Enter');
    const proposal = ((await (await answered).json()).proposals as { appointmentId: string; start: string; end: string; staffId: string }[]).find((p) => p.appointmentId === visit!.id)!;
    await statusMessage(page, `Frånvaron för ${member!.name} är registrerad`);
    const item = page.locator('.absence-form ~ .result li', { has: page.locator(`a[href="#/visit/${visit!.id}"]`) });
    await expect(item.locator('a').innerText()).resolves.toContain(swedishWhen(visit!.start));
    await expect(item.locator('a').innerText()).resolves.toContain(visit!.patients[0].name!);
    await expect(item.locator('.proposal').innerText()).resolves.toMatch(/^(Förslag: .+ hos .+|Inget förslag: .+)$/);
    await expect(item.locator('.proposal').innerText()).resolves.toMatch(/^Förslag: /);
    await expect(page.locator('.absence-list').innerText()).resolves.toContain('sjukdom');
    await assertAccessible(page);
    await assertSwedish(page, 'main');
    await screenshot(page, 'staff-absence-proposal');

    const absences = async () => (await w.t.http().get(`/staff/${member!.id}/absences`).set(w.coordinator).expect(200)).body as { id: string; start: string; end: string; reason: string }[];
    const [added] = (await absences()).filter((a) => a.start === stockholm(date, '07:00'));
    expect(added).toMatchObject({ end: stockholm(date, '18:00'), reason: 'sick' });
    expect(await freeSlots()).toEqual([]);

    // Moved as proposed, through the visit's own move: its preview first, then the question.
    await item.getByRole('button', { name: 'Flytta enligt förslaget' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog h4:text("Så blir flytten")');
    await assertAccessible(page);
    await screenshot(page, 'staff-absence-move');
    await tabTo(page, /^Flytta (besöket|båda)$/);
    await page.keyboard.press('Enter');
    await statusMessage(page, 'Besöket är flyttat');
    await expect(item.locator('.proposal').innerText()).resolves.toMatch(/^Flyttat enligt förslaget: /);
    const moved = (await w.t.http().get(`/appointments/${visit!.id}`).set(w.coordinator).expect(200)).body;
    expect([moved.start, moved.end, moved.status]).toEqual([proposal.start, proposal.end, 'booked']);
    expect(moved.staffIds).toContain(proposal.staffId);
    expect(moved.staffIds.includes(member!.id) && proposal.staffId !== member!.id).toBe(false);

    // Changed: a course in the morning only.
    await tabTo(page, /^Ändra$/);
    await page.keyboard.press('Enter');
    const edit = page.locator('.editing form');
    await edit.getByLabel('Orsak').selectOption('course');
    await edit.getByLabel('Slutar').fill(`${date}T09:00`);
    await tabTo(page, /^Spara frånvaron$/);
    await page.keyboard.press('Enter');
    await statusMessage(page, `Frånvaron för ${member!.name} är ändrad`);
    await expect(page.locator('.absence-list').innerText()).resolves.toContain('kurs');
    await expect(page.locator('.editing .result').innerText()).resolves.toMatch(/^(Inga bokade besök berörs\.|Berörda besök)/);
    expect((await absences()).find((a) => a.id === added.id)).toMatchObject({ start: stockholm(date, '07:00'), end: stockholm(date, '09:00'), reason: 'course' });
    await assertAccessible(page);
    await screenshot(page, 'staff-absence-changed');

    // Deleted, after a question: its time is free again.
    await tabTo(page, /^Ta bort$/);
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog.confirm');
    await expect(dialog.locator('h2').innerText()).resolves.toMatch(/^Ta bort frånvaron .+ kl\. 07:00–09:00\?$/);
    await assertAccessible(page);
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document.activeElement.textContent)).resolves.toBe('Ta bort');
    await page.keyboard.press('Enter');
    await statusMessage(page, 'Frånvaron är borttagen');
    expect((await absences()).find((a) => a.id === added.id)).toBeUndefined();
    expect((await freeSlots()).length).toBeGreaterThan(0);
    await expect(page.locator('.absences').innerText()).resolves.toBe('Ingen pågående eller kommande frånvaro.');
    await page.context().close();
  });

  it('deactivates a staff member from a date after a question, listing the visits booked with them from then on', async () => {
    let member: Member | undefined;
    let visits: Entry[] = [];
    for (const candidate of [...staff].reverse().filter((m) => m.name !== 'Eva Sandberg')) {
      visits = await comingVisits(candidate);
      if (visits.length) {
        member = candidate;
        break;
      }
    }
    expect(member).toBeDefined();
    const date = visits[0].start.slice(0, 10);
    const page = await staffScreen();
    await open(page, member!.name);
    await page.getByLabel('Första dagen utan planering och bokning').fill(date);
    await tabTo(page, new RegExp(`^Avaktivera ${member!.name}$`));

    // Escape is "no": nothing changes.
    await page.keyboard.press('Enter');
    await expect(page.locator('dialog.confirm h2').innerText()).resolves.toBe(`Avaktivera ${member!.name} från ${swedishWhen(`${date}T00:00`).replace(/ kl\. 00:00$/, '')}?`);
    await page.keyboard.press('Escape');
    await expect(page.locator('dialog.confirm').count()).resolves.toBe(0);
    expect((await w.t.http().get(`/staff/${member!.id}`).set(w.coordinator).expect(200)).body.deactivatedFrom).toBeNull();

    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await statusMessage(page, `${member!.name} är avaktiverad från`);
    const links = page.locator('.done ~ .result .affected a');
    await expect(links.first().getAttribute('href')).resolves.toBe(`#/visit/${visits[0].id}`);
    await expect(links.count()).resolves.toBe(visits.filter((v) => v.start.slice(0, 10) >= date).length);
    await expect(links.first().innerText()).resolves.toContain(swedishWhen(visits[0].start));
    expect((await w.t.http().get(`/staff/${member!.id}`).set(w.coordinator).expect(200)).body.deactivatedFrom).toBe(date);
    await expect(page.locator('.panel .hours-form, .panel .deactivate-form').count()).resolves.toBe(0);
    await expect(page.locator('tr', { hasText: member!.name }).innerText()).resolves.toContain(`avaktiverad från ${date}`);
    await assertAccessible(page);
    await assertSwedish(page, 'main');
    await screenshot(page, 'staff-deactivated');
    await page.context().close();
  });

  it('takes a room out of use from a date, listing the visits booked in it from then on', async () => {
    const rooms: { id: string; name: string }[] = (await w.t.http().get(`/rooms?siteId=${w.siteId}`).set(w.coordinator).expect(200)).body;
    const room = rooms.find((r) => r.name === 'Grupprummet')!;
    const from = addDays(today(), 1);
    const calendar = (await w.t.http().get(`/rooms/${room.id}/calendar?from=${encodeURIComponent(stockholm(from, '00:00'))}&to=${encodeURIComponent(stockholm(addDays(from, 90), '00:00'))}`).set(w.coordinator).expect(200)).body;
    const booked = (calendar.appointments as Entry[]).filter((a) => a.status === 'booked');
    expect(booked.length).toBeGreaterThan(0);
    const page = await staffScreen();
    await open(page, 'Grupprummet');
    await page.getByLabel('Första dagen rummet inte används').fill(from);
    await tabTo(page, /^Ta Grupprummet ur bruk$/);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await statusMessage(page, 'Grupprummet är ur bruk från');
    const links = page.locator('.done ~ .result .affected a');
    await expect(links.count()).resolves.toBe(booked.length);
    await expect(links.first().innerText()).resolves.toMatch(/^.+ kl\. \d\d:\d\d–\d\d:\d\d: Gruppträff för (\d+ deltagare|.+) hos .+ i Grupprummet$/);
    await expect(links.first().getAttribute('href')).resolves.toBe(`#/visit/${booked[0].id}`);
    expect((await w.t.http().get(`/rooms/${room.id}`).set(w.coordinator).expect(200)).body.deactivatedFrom).toBe(from);
    await expect(page.locator('tr', { hasText: 'Grupprummet' }).innerText()).resolves.toContain(`ur bruk från ${from}`);
    await assertAccessible(page);
    await assertSwedish(page, 'main');
    await screenshot(page, 'staff-room-deactivated');
    await page.context().close();
  });

  it("changes a room's kind and capacity, with a problem at its field first, listing the visits it no longer suits", async () => {
    const rooms: { id: string; name: string; kind: string }[] = (await w.t.http().get(`/rooms?siteId=${w.siteId}`).set(w.coordinator).expect(200)).body;
    const room = rooms.find((r) => r.name === 'Mottagning 1')!;
    const page = await staffScreen();
    await open(page, 'Mottagning 1');
    await page.getByLabel('Platser (patienter)').fill('0');
    await tabTo(page, /^Spara rummet$/);
    await page.keyboard.press('Enter');
    await expect(problemAt(page.getByLabel('Platser (patienter)'))).resolves.toEqual({ invalid: 'true', words: 'minst 1' });
    await assertSwedish(page, 'main');

    await page.getByLabel('Namn', { exact: true }).fill('Mottagning 1 (gym)');
    await page.getByLabel('Typ', { exact: true }).selectOption('gym');
    await page.getByLabel('Platser (patienter)').fill('4');
    await tabTo(page, /^Spara rummet$/);
    await page.keyboard.press('Enter');
    await statusMessage(page, 'Rummet Mottagning 1 (gym) är sparat.');
    const changed = (await w.t.http().get(`/rooms/${room.id}`).set(w.coordinator).expect(200)).body;
    expect(changed).toMatchObject({ name: 'Mottagning 1 (gym)', kind: 'gym', capacity: 4 });
    // A change of kind leaves every visit booked in it from now on without a room of its kind.
    const from = new Date().toISOString();
    const to = new Date(Date.now() + 90 * DAY_MS).toISOString();
    const calendar = (await w.t.http().get(`/rooms/${room.id}/calendar?from=${from}&to=${to}`).set(w.coordinator).expect(200)).body;
    const booked = (calendar.appointments as Entry[]).filter((a) => a.status === 'booked' && Date.parse(a.start) > Date.now());
    const result = page.locator('.room-form ~ .result');
    await expect(result.locator('a').count()).resolves.toBe(booked.length);
    if (!booked.length) await expect(result.innerText()).resolves.toBe('Inga bokade besök berörs.');
    await expect(page.locator('tr', { hasText: 'Mottagning 1 (gym)' }).innerText()).resolves.toMatch(/träningssal\s+4/);
    await assertAccessible(page);
    await screenshot(page, 'staff-room-changed');
    await page.context().close();
  });
});
