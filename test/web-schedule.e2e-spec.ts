import { Page } from 'playwright-core';
import { addDays, localDateOf } from '../src/core/time/local-time';
import { assertAccessible, assertSwedish, screenshot, startWebApp, tabTo, WebApp } from './support/browser';

/**
 * The coordinator's team schedule (issue 17): a column per clinician or per room, for a day or a
 * working week; absences shaded in their owner's column only; a cancelled visit struck through until
 * its time is filled; a visit dragged to another time or column, a free slot booked, a visit opened,
 * each through visit.js.
 */

interface Entry {
  id: string;
  kind: string;
  label: string;
  status: string;
  start: string;
  end: string;
  room: { id: string; name: string } | null;
  staff: { id: string; name: string; discipline: string }[];
  patients: { id: string; name?: string }[];
}
interface SiteCalendar {
  staff: { id: string; name: string; discipline: string }[];
  appointments: Entry[];
  absences: { staffId: string; start: string; end: string }[];
}
interface Call {
  name: string;
  id?: string;
  place?: { start: string; end: string; staffIds?: string[]; roomId?: string };
  slot?: { start: string; end: string; staffId?: string; roomId?: string };
}

const ZONE = 'Europe/Stockholm';
const DISCIPLINES = ['nurse', 'physician', 'physiotherapist', 'psychologist', 'occupational_therapist'];
const today = () => localDateOf(new Date(), ZONE);
const weekdayOf = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
type Doc = { document: { documentElement: { scrollWidth: number; clientWidth: number } } };

/**
 * visit.js with its three entry points recording how the schedule called them (the rest of the real
 * module kept), so the schedule's side is checked whatever visit.js does with the call.
 */
const RECORDING_VISIT_MODULE = `
export * from './visit.js?real';
const calls = (globalThis.visitCalls = []);
export function openVisit(appointment) { calls.push({ name: 'openVisit', id: appointment.id }); }
export function moveVisit(appointment, place, { onCancel }) { calls.push({ name: 'moveVisit', id: appointment.id, place }); onCancel(); }
export function bookAt(slot) { calls.push({ name: 'bookAt', slot }); }
`;

describe('the team schedule in a real browser, on the demo data', () => {
  let w: WebApp;

  beforeAll(async () => {
    w = await startWebApp();
  });
  afterAll(async () => {
    await w?.close();
  });

  async function siteCalendar(from: string, to: string, query = ''): Promise<SiteCalendar> {
    return (await w.t.http().get(`/sites/${w.siteId}/calendar?from=${new Date(`${from}T00:00:00Z`).toISOString()}&to=${new Date(`${to}T00:00:00Z`).toISOString()}${query}`).set(w.coordinator).expect(200)).body;
  }

  /**
   * The busiest weekday of the coming four weeks, its calendar (the staff as the columns show them:
   * by profession, then name) and its booked visits of one clinician each.
   */
  async function busyDay({ oneClinicianEach = true } = {}): Promise<{ date: string; day: SiteCalendar; visits: Entry[] }> {
    const from = addDays(today(), 1);
    const weeks = await siteCalendar(from, addDays(from, 28));
    const visits = weeks.appointments.filter((a) => a.status === 'booked' && (a.staff.length === 1 || !oneClinicianEach) && a.start.slice(0, 10) >= from && weekdayOf(a.start.slice(0, 10)) < 5);
    // Busiest by the boxes its columns hold: a visit of two clinicians fills two.
    const count = (date: string) => weeks.appointments.filter((a) => a.start.slice(0, 10) === date).reduce((n, a) => n + a.staff.length, 0);
    const date = [...new Set(visits.map((a) => a.start.slice(0, 10)))].sort((a, b) => count(b) - count(a) || a.localeCompare(b))[0];
    const day = await siteCalendar(addDays(date, -1), addDays(date, 2));
    day.staff.sort((a, b) => DISCIPLINES.indexOf(a.discipline) - DISCIPLINES.indexOf(b.discipline) || a.name.localeCompare(b.name, 'sv'));
    return { date, day, visits: visits.filter((a) => a.start.slice(0, 10) === date) };
  }

  /** Signs in as the coordinator on a date and opens Teamets schema from the menu with the keyboard. */
  async function schedule(date: string, { recording = false } = {}): Promise<Page> {
    const page = await w.signIn('coordinator', { week: date });
    await page.evaluate(() => (globalThis as unknown as { sessionStorage: { removeItem: (k: string) => void } }).sessionStorage.removeItem('schedule'));
    if (recording) {
      await page.route(
        (url) => url.pathname === '/app/visit.js' && url.search === '',
        (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: RECORDING_VISIT_MODULE }),
      );
      await page.reload();
      await page.waitForSelector('main h1:not(:text("Logga in"))');
    }
    await tabTo(page, /^Teamets schema$/);
    await page.keyboard.press('Enter');
    await page.waitForSelector('main h1:text("Teamets schema")');
    return page;
  }

  const calls = (page: Page): Promise<Call[]> => page.evaluate(() => (globalThis as unknown as { visitCalls: Call[] }).visitCalls);
  const headers = (page: Page, selector = '.sched-col-head .name') => page.locator(selector).allInnerTexts();
  const noHorizontalScroll = async (page: Page) =>
    expect(await page.evaluate(() => [(globalThis as unknown as Doc).document.documentElement.scrollWidth, (globalThis as unknown as Doc).document.documentElement.clientWidth])).toEqual([1440, 1440]);

  it('opens the team day with a column per clinician, each visit in its clinician’s column and an absence shaded in its owner’s only', async () => {
    const { date, day, visits } = await busyDay({ oneClinicianEach: false });
    // A visit two clinicians share, if the day has one: it shows in both their columns.
    const visit = visits.find((a) => a.staff.length === 2) ?? visits[0];
    // Someone else that day is away in the afternoon.
    const away = day.staff.find((s) => !visit.staff.some((m) => m.id === s.id) && !day.absences.some((a) => a.staffId === s.id))!;
    const offset = visit.start.slice(19);
    await w.t.http().post(`/staff/${away.id}/absences`).set(w.coordinator).send({ start: `${date}T13:00:00${offset}`, end: `${date}T15:00:00${offset}`, reason: 'course' }).expect(201);
    const absent = new Set([...day.absences.filter((a) => a.start.slice(0, 10) <= date && a.end.slice(0, 10) >= date).map((a) => a.staffId), away.id]);

    const page = await schedule(date);
    await page.locator(`.visit[data-id="${visit.id}"]`).first().waitFor();
    // The names as column headers, every clinician of the site, with visits or without.
    expect(await headers(page)).toEqual(day.staff.map((s) => s.name));
    const column = (name: string) => page.locator('.sched-col').nth(day.staff.findIndex((s) => s.name === name));
    for (const member of visit.staff) await expect(column(member.name).locator(`.visit[data-id="${visit.id}"]`).count()).resolves.toBe(1);
    await expect(page.locator(`.visit[data-id="${visit.id}"]`).count()).resolves.toBe(visit.staff.length);
    await expect(page.locator(`.visit[data-id="${visit.id}"]`).first().innerText()).resolves.toContain(`${visit.start.slice(11, 16)}–${visit.end.slice(11, 16)}`);
    // The absence in its owner's column, and no shading in the columns of those who are in.
    await expect(column(away.name).locator('.sched-absence', { hasText: 'Frånvaro 13:00–15:00' }).count()).resolves.toBe(1);
    const shaded = await page.locator('.sched-col').evaluateAll((cols) => cols.map((col, i) => [i, col.querySelectorAll('.sched-absence').length > 0]).filter(([, has]) => has).map(([i]) => i));
    expect(shaded).toEqual(day.staff.map((s, i) => [s, i] as const).filter(([s]) => absent.has(s.id)).map(([, i]) => i));

    // Readable: no box narrower than 60 px, none covering another in its column, each with its whole text at hand.
    const boxes = await page.locator('.sched-col').evaluateAll((cols) =>
      cols.map((col) => [...col.querySelectorAll('.visit')].map((box) => {
        const r = box.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, title: box.getAttribute('title') ?? '' };
      })),
    );
    for (const inColumn of boxes) {
      for (const [i, a] of inColumn.entries()) {
        expect(a.right - a.left).toBeGreaterThanOrEqual(60);
        expect(a.title.length).toBeGreaterThan(10);
        for (const b of inColumn.slice(i + 1)) expect(a.right <= b.left + 1 || b.right <= a.left + 1 || a.bottom <= b.top + 1 || b.bottom <= a.top + 1).toBe(true);
      }
    }
    await expect(page.locator('.sched-legend li').allInnerTexts()).resolves.toEqual(expect.arrayContaining(['Frånvaro', 'Inställd, tiden ledig', 'Stängd dag', 'Bedömningsbesök']));
    await noHorizontalScroll(page);
    await assertSwedish(page);
    await assertAccessible(page);
    await screenshot(page, 'team-day-clinician-columns');
  });

  it('shows the coordinator the whole team’s week, Monday to Friday unless the weekend is asked for, one discipline at a time', async () => {
    const { date } = await busyDay();
    const monday = addDays(date, -weekdayOf(date));
    const page = await schedule(date);
    // With the keyboard; the pressed button keeps the focus when the controls are drawn again.
    await page.getByRole('button', { name: 'En vecka' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('table.sched-week').waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document.activeElement.textContent)).toBe('En vecka');
    await expect(page.getByRole('button', { name: 'En vecka' }).getAttribute('aria-pressed')).resolves.toBe('true');
    const days = () => page.locator('table.sched-week tbody th').allInnerTexts();
    await expect(days()).resolves.toHaveLength(5);
    expect((await days())[0]).toMatch(/^Mån/);
    expect((await days())[4]).toMatch(/^Fre/);
    await expect(page.locator('#schedule-range').innerText()).resolves.toContain(`${Number(monday.slice(8, 10))}`);

    await page.getByLabel('Yrkesgrupp').selectOption({ label: 'Fysioterapeut' });
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll: (s: string) => unknown[] } }).document.querySelectorAll('table.sched-week thead th').length === 3);
    expect(await headers(page, 'table.sched-week thead th .name')).toEqual(['Lena Holm', 'Mikael Nyström']);
    const week = await siteCalendar(monday, addDays(monday, 5), '&discipline=physiotherapist');
    const booked = week.appointments.filter((a) => a.status === 'booked' && a.start.slice(0, 10) >= monday && a.start.slice(0, 10) < addDays(monday, 5));
    expect(booked.length).toBeGreaterThan(0);
    await expect(page.locator('table.sched-week .visit.status-booked').count()).resolves.toBe(booked.reduce((n, a) => n + a.staff.filter((s) => s.discipline === 'physiotherapist').length, 0));
    await noHorizontalScroll(page);
    await assertAccessible(page);
    await screenshot(page, 'coordinator-team-week');

    await page.getByLabel('Visa helgen').check();
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll: (s: string) => unknown[] } }).document.querySelectorAll('table.sched-week tbody th').length === 7);
    expect((await days())[6]).toMatch(/^Sön/);

    // One clinician's week is a time grid of days.
    await page.getByLabel('Visa behandlare').selectOption({ label: 'Lena Holm' });
    await page.locator('.sched-grid').waitFor();
    await expect(page.locator('.sched-col-head .name').count()).resolves.toBe(7);
    await assertAccessible(page);
  });

  it('marks a closed day, in the day and in the week, with nothing to book on it', async () => {
    const closedDays: { date: string; reason: string }[] = (await w.t.http().get(`/sites/${w.siteId}/closed-days?from=${today()}&to=${addDays(today(), 365)}`).set(w.coordinator).expect(200)).body;
    const closed = closedDays.find((d) => weekdayOf(d.date) < 5)!;
    const page = await schedule(closed.date);
    await page.locator('.sched-col.closed').first().waitFor();
    await expect(page.locator('.sched-col-head.closed').count()).resolves.toBe(await page.locator('.sched-col-head').count());
    await expect(page.locator('.sched-col.closed .sched-closed').first().innerText()).resolves.toBe(`Stängt: ${closed.reason}`);
    await expect(page.locator('.sched-col .slot').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'En vecka' }).click();
    const row = page.locator('table.sched-week tbody tr').nth(weekdayOf(closed.date));
    await row.and(page.locator('.closed')).waitFor();
    await expect(row.locator('th').innerText()).resolves.toContain(`Stängt: ${closed.reason}`);
    await assertSwedish(page);
    await assertAccessible(page);
  });

  it('shows a column per room, each visit in its room’s', async () => {
    const { date, visits } = await busyDay();
    const visit = visits.find((a) => a.room)!;
    const rooms: { id: string; name: string }[] = (await w.t.http().get(`/rooms?siteId=${w.siteId}`).set(w.coordinator).expect(200)).body;
    const page = await schedule(date);
    await page.getByRole('button', { name: 'Per rum' }).click();
    await page.waitForFunction((count) => (globalThis as unknown as { document: { querySelectorAll: (s: string) => unknown[] } }).document.querySelectorAll('.sched-col-head').length >= count, rooms.length);
    const names = await headers(page);
    expect(names.slice(0, rooms.length)).toEqual(rooms.map((r) => r.name));
    const index = rooms.findIndex((r) => r.id === visit.room!.id);
    await expect(page.locator('.sched-col').nth(index).locator(`.visit[data-id="${visit.id}"]`).count()).resolves.toBe(1);
    await expect(page.locator('.sched-col').nth(index).locator(`.visit[data-id="${visit.id}"]`).innerText()).resolves.toContain(visit.staff[0].name);
    await noHorizontalScroll(page);
    await assertAccessible(page);
    await screenshot(page, 'team-day-room-columns');
  });

  it('keeps a cancelled visit on the schedule, struck through, while its time is free', async () => {
    const { date, visits } = await busyDay();
    const visit = visits[visits.length - 1];
    await w.t.http().post(`/appointments/${visit.id}/cancel`).set(w.coordinator).send({ reason: 'Patienten är sjuk', category: 'illness' }).expect((r) => expect(r.status).toBeLessThan(300));
    // The site calendar leaves cancelled visits out unless asked for them.
    const without = await siteCalendar(addDays(date, -1), addDays(date, 2));
    expect(without.appointments.some((a) => a.id === visit.id)).toBe(false);
    const withCancelled = await siteCalendar(addDays(date, -1), addDays(date, 2), '&withCancelled=true');
    expect(withCancelled.appointments.find((a) => a.id === visit.id)?.status).toBe('cancelled');

    const page = await schedule(date);
    const box = page.locator(`.visit.status-cancelled[data-id="${visit.id}"]`);
    await box.waitFor();
    await expect(box.innerText()).resolves.toMatch(/inställd/);
    expect(await box.locator('.what').evaluate((e) => (globalThis as unknown as { getComputedStyle: (e: unknown) => { textDecorationLine: string } }).getComputedStyle(e).textDecorationLine)).toBe('line-through');
    await assertAccessible(page);
    await screenshot(page, 'team-day-cancelled-visit');

    // Once another visit fills the time, the cancelled one gives way.
    await w.t.http().post('/appointments').set(w.coordinator)
      .send({ kind: 'individual_visit', siteId: w.siteId, start: visit.start, end: visit.end, staffIds: visit.staff.map((m) => m.id), roomId: visit.room?.id ?? null, patientIds: [visit.patients[0].id] })
      .expect(201);
    await page.getByRole('button', { name: 'Nästa dag' }).click();
    await page.getByRole('button', { name: 'Föregående dag' }).click();
    await page.locator('.visit.status-booked', { hasText: `${visit.start.slice(11, 16)}–${visit.end.slice(11, 16)}` }).first().waitFor();
    await expect(page.locator(`.visit[data-id="${visit.id}"]`).count()).resolves.toBe(0);
  });

  it('moves a dragged visit to another time and clinician through visit.js, and opens a visit on a click', async () => {
    const { date, day, visits } = await busyDay();
    const visit = visits.find((a) => a.status === 'booked' && Number(a.start.slice(11, 13)) < 15)!;
    const page = await schedule(date, { recording: true });
    const box = page.locator(`.visit[data-id="${visit.id}"]`);
    await box.waitFor();

    await box.click();
    expect(await calls(page)).toEqual([{ name: 'openVisit', id: visit.id }]);

    // Dragged two hours later, into the next clinician's column.
    const from = day.staff.findIndex((s) => s.id === visit.staff[0].id);
    const to = from === 0 ? 1 : from - 1;
    const start = await box.boundingBox();
    const target = await page.locator('.sched-col').nth(to).boundingBox();
    await page.mouse.move(start!.x + 10, start!.y + 5);
    await page.mouse.down();
    await page.mouse.move(target!.x + 20, start!.y + 5 + 120 * 1.6, { steps: 12 });
    await page.mouse.up();
    const moved = new Date(Date.parse(visit.start) + 2 * 3600_000);
    const made = (await calls(page)).filter((c) => c.name === 'moveVisit');
    expect(made).toHaveLength(1);
    expect(made[0].id).toBe(visit.id);
    expect(Date.parse(made[0].place!.start)).toBe(moved.getTime());
    expect(Date.parse(made[0].place!.end) - Date.parse(made[0].place!.start)).toBe(Date.parse(visit.end) - Date.parse(visit.start));
    expect(made[0].place!.start.slice(19)).toBe(visit.start.slice(19));
    expect(made[0].place!.staffIds).toEqual([day.staff[to].id]);
    // Given up, the visit is back where it was, and the drop opened nothing.
    await expect(page.locator('.sched-col').nth(from).locator(`.visit[data-id="${visit.id}"]`).count()).resolves.toBe(1);
    expect((await calls(page)).filter((c) => c.name === 'openVisit')).toHaveLength(1);
    await assertAccessible(page);
  });

  it('moves a visit dragged in the week to another day and clinician, at the same time of day', async () => {
    const { date, day, visits } = await busyDay();
    const visit = visits[0];
    const page = await schedule(date, { recording: true });
    await page.getByRole('button', { name: 'En vecka' }).click();
    const chip = page.locator(`table.sched-week .visit[data-id="${visit.id}"]`);
    await chip.waitFor();
    const from = day.staff.findIndex((s) => s.id === visit.staff[0].id);
    const to = from === 0 ? 1 : from - 1;
    const row = weekdayOf(date) === 4 ? 3 : weekdayOf(date) + 1;
    const target = (await page.locator('table.sched-week tbody tr').nth(row).locator('td').nth(to).boundingBox())!;
    const start = (await chip.boundingBox())!;
    await page.mouse.move(start.x + 10, start.y + 5);
    await page.mouse.down();
    await page.mouse.move(target.x + 20, target.y + target.height - 8, { steps: 12 });
    await page.mouse.up();
    const [made] = await calls(page);
    expect(made.name).toBe('moveVisit');
    const days = row - weekdayOf(date);
    expect(Date.parse(made.place!.start)).toBe(Date.parse(visit.start) + days * 86_400_000);
    expect(Date.parse(made.place!.end)).toBe(Date.parse(visit.end) + days * 86_400_000);
    expect(made.place!.staffIds).toEqual([day.staff[to].id]);
    // Given up, the visit is back in its own cell.
    await expect(page.locator('table.sched-week tbody tr').nth(weekdayOf(date)).locator('td').nth(from).locator(`.visit[data-id="${visit.id}"]`).count()).resolves.toBe(1);
  });

  it('books at a free slot taken from its column and time, by a click or with the keyboard', async () => {
    const { date, day } = await busyDay();
    const page = await schedule(date, { recording: true });
    const member = day.staff[2];
    await page.getByRole('button', { name: `Boka 11:30 hos ${member.name}` }).click({ force: true });
    const [booked] = await calls(page);
    expect(booked.name).toBe('bookAt');
    expect(booked.slot!.staffId).toBe(member.id);
    expect(booked.slot!.roomId).toBeUndefined();
    expect(booked.slot!.start).toMatch(new RegExp(`^${date}T11:30:00[+-]\\d\\d:\\d\\d$`));
    expect(Date.parse(booked.slot!.end) - Date.parse(booked.slot!.start)).toBe(3600_000);

    // With the keyboard: one stop a column, the arrows go down the hours and across the columns.
    await page.getByRole('button', { name: `Boka 07:00 hos ${day.staff[0].name}` }).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    const last = (await calls(page)).at(-1)!;
    expect(last.slot!.staffId).toBe(day.staff[1].id);
    expect(last.slot!.start).toMatch(new RegExp(`^${date}T07:30:00`));
  });

  it('moves a visit dragged two hours later once the planner’s preview is confirmed', async () => {
    const { date, day } = await busyDay();
    const clock = (iso: string) => Number(iso.slice(11, 13)) * 60 + Number(iso.slice(14, 16));
    const later = (a: Entry) => ({ start: new Date(Date.parse(a.start) + 2 * 3600_000), end: new Date(Date.parse(a.end) + 2 * 3600_000) });
    // A visit whose clinician is free two hours later, still within the working day.
    const visit = day.appointments.find((a) =>
      a.status === 'booked' && a.kind !== 'group_session' && a.start.slice(0, 10) === date && clock(a.end) + 120 <= 15 * 60 &&
      !day.appointments.some((b) => b.id !== a.id && b.status !== 'cancelled' && b.staff.some((m) => a.staff.some((n) => n.id === m.id)) && Date.parse(b.start) < later(a).end.getTime() && later(a).start.getTime() < Date.parse(b.end)))!;
    expect(visit).toBeDefined();
    const page = await schedule(date);
    const box = page.locator(`.visit[data-id="${visit.id}"]`);
    await box.waitFor();
    const start = (await box.boundingBox())!;
    await page.mouse.move(start.x + 10, start.y + 5);
    await page.mouse.down();
    await page.mouse.move(start.x + 12, start.y + 5 + 120 * 1.6, { steps: 12 });
    await page.mouse.up();
    const dialog = page.locator('dialog[open]');
    await dialog.getByText('Så blir flytten').waitFor();
    await assertAccessible(page);
    await screenshot(page, 'team-day-move-preview');
    await dialog.getByRole('button', { name: /^Flytta (besöket|båda)$/ }).click();
    await page.waitForSelector('#status:text("Besöket är flyttat")');
    const moved = (await w.t.http().get(`/appointments/${visit.id}`).set(w.coordinator).expect(200)).body;
    expect(Date.parse(moved.start)).toBe(later(visit).start.getTime());
    expect(Date.parse(moved.end)).toBe(later(visit).end.getTime());
    // The schedule is drawn again, the visit at its new time.
    await expect(box.innerText()).resolves.toContain(`${moved.start.slice(11, 16)}–${moved.end.slice(11, 16)}`);
  });

  it('opens the booking form at a free slot with that time and clinician, and a visit’s details on a click', async () => {
    const { date, day, visits } = await busyDay();
    const member = day.staff[3];
    const page = await schedule(date);
    await page.getByRole('button', { name: `Boka 14:15 hos ${member.name}` }).click({ force: true });
    const dialog = page.locator('dialog[open]');
    await dialog.locator('form').waitFor();
    await expect(dialog.innerText()).resolves.toContain('kl. 14:15');
    await page.waitForFunction((id) => (globalThis as unknown as { document: { querySelector: (s: string) => { value: string } | null } }).document.querySelector('dialog[open] select[name="staffIds"]')?.value === id, member.id);
    await assertAccessible(page);
    await dialog.getByRole('button', { name: 'Stäng' }).first().click();

    const visit = visits[0];
    await page.locator(`.visit[data-id="${visit.id}"]`).click();
    await page.locator('dialog[open]', { hasText: visit.patients[0].name! }).waitFor();
    await assertAccessible(page);
  });
});
