import { luhnCheckDigit } from '../src/core/rules/personal-number';
import { assertAccessible, assertSwedish, screenshot, startWebApp, statusMessage, tabTo, WebApp } from './support/browser';
import { bearer } from './support/fixtures';
import { swedishWhen } from './support/site-time';

/**
 * The coordinator's start: the worklists and the waiting list, the decision on a referral, a new
 * referral with the patient found or registered there, and the assessment proposal booked after
 * one visit is swapped.
 */
describe('the coordinator’s start in a real browser', () => {
  let w: WebApp;
  const api = () => w.t.http();

  beforeAll(async () => {
    w = await startWebApp();
  });
  afterAll(async () => {
    await w?.close();
  });

  /** A well-formed personal number nobody in the demo has (the demo's serials begin with 98). */
  function freshPersonalNumber(birth: string, serial: string): string {
    const nine = `${birth.slice(2)}${serial}`;
    return `${birth}-${serial}${luhnCheckDigit(nine)}`;
  }

  it('opens on the worklists, each with its count and links, then the queue within the first screen, without scrolling', async () => {
    // A patient asks to move a visit: the request is on the unit's worklist.
    const patient = bearer(await w.t.login('patient', 'demo'));
    const own: { id: string; start: string; status: string }[] = (await api().get('/me/appointments').set(patient).expect(200)).body;
    const coming = own.find((visit) => visit.status === 'booked' && Date.parse(visit.start) > Date.now() + 3 * 86_400_000)!;
    await api().post(`/me/appointments/${coming.id}/move-requests`).set(patient).send({ note: 'helst förmiddagar' }).expect(201);

    const page = await w.signIn('coordinator');
    await page.waitForSelector('#queue table tbody tr');
    // The coordinator has no staff record: the header shows the login's display name, and no site to choose.
    expect(await page.locator('#who').innerText()).toContain('Karin Lund, rehabkoordinator');
    expect(await page.getByLabel('Enhet').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY)).toBe(0);
    // The worklists come first, then the queue, all of it starting within the first 900 px.
    const boxes = await Promise.all(['#due', '#decisions', '#requests', '#unrecorded', '#queue h2', '#queue tbody tr'].map(async (selector) => (await page.locator(selector).first().boundingBox())!));
    for (const box of boxes.slice(0, 4)) expect(box.y).toBeLessThan(boxes[4].y);
    expect(boxes[5].y + boxes[5].height).toBeLessThanOrEqual(900);
    expect(await page.locator('header nav').isVisible()).toBe(true);

    // Counts as the API has them; visits link to the visit, referrals to the referral.
    const [due, awaiting, requests, unrecorded] = await Promise.all(
      ['/worklists/care-guarantee-due?withinDays=14', '/worklists/referrals-awaiting-decision', '/worklists/visit-requests', '/worklists/unrecorded-visits'].map(async (path) => (await api().get(path).set(w.coordinator).expect(200)).body),
    );
    expect(due.some((row: { breached: boolean }) => row.breached)).toBe(true);
    expect(await page.locator('#due .count').innerText()).toBe(String(due.length));
    expect(Number(await page.locator('#decisions .count').innerText())).toBeGreaterThanOrEqual(awaiting.length);
    expect(await page.locator('#requests .count').innerText()).toBe(String(requests.length));
    expect(await page.locator('#unrecorded .count').innerText()).toBe(String(unrecorded.length));
    expect(unrecorded.length).toBeGreaterThan(0);
    expect(await page.locator('#due a').first().getAttribute('href')).toBe(`#/referral/${due[0].referralId}`);
    expect(await page.locator('#unrecorded a').first().getAttribute('href')).toBe(`#/visit/${unrecorded[0].appointmentId}`);
    const request = page.locator('#requests li').first();
    expect(await request.innerText()).toContain(`${requests[0].patientName} vill flytta`);
    expect(await request.innerText()).toContain(swedishWhen(coming.start));
    expect(await request.locator('a').getAttribute('href')).toBe(`#/visit/${coming.id}`);
    expect(await page.locator('tr.breached').count()).toBeGreaterThan(0);
    expect(await page.locator('tr.at_risk').count()).toBeGreaterThan(0);
    await assertAccessible(page);
    await assertSwedish(page);
    await screenshot(page, 'coordinator-waitlist');

    // The request handled, it leaves the worklist.
    await request.getByRole('button', { name: 'Hanterad' }).click();
    await statusMessage(page, `Önskemålet från ${requests[0].patientName} är hanterat.`);
    expect((await api().get('/worklists/visit-requests').set(w.coordinator).expect(200)).body).toEqual([]);
    expect(await page.locator('#requests .count').innerText()).toBe('0');

    // A deadline leads to its referral, whose assessment is proposed from there.
    await page.locator('#due a').first().click();
    await page.waitForSelector(`h1:text("Remiss för ${due[0].patientName}")`);
    expect(await page.locator('p.waiting').innerText()).toMatch(/^Väntar på bedömning, plats 1 i kön; vårdgarantin /);
    await page.getByRole('button', { name: 'Föreslå bedömning' }).click();
    await page.getByRole('dialog', { name: `Förslag: bedömning för ${due[0].patientName}` }).waitFor();
    await page.getByRole('button', { name: 'Stäng' }).click();
    await page.getByRole('link', { name: 'Väntelista' }).click();
    await page.waitForSelector('#queue tbody tr');

    // The same start in English.
    await page.getByRole('button', { name: 'In English' }).click();
    await page.waitForSelector('h2:text("Care guarantee within 14 days")');
    expect(await page.locator('#queue h2').innerText()).toBe('Waiting for assessment');
    await assertAccessible(page);
    await page.close();
  });

  it('defaults each decision to the triage suggestion, registers one, and transfers a waiting referral to another site', async () => {
    const page = await w.signIn('coordinator');
    const awaiting: { referralId: string; patientName: string; triageOutcome: string }[] = (await api().get('/worklists/referrals-awaiting-decision').set(w.coordinator).expect(200)).body;
    const notEligible = awaiting.find((row) => row.triageOutcome === 'not_eligible')!;
    const consultation = awaiting.find((row) => row.triageOutcome === 'needs_consultation')!;

    // Needs consultation: asking the referrer is what the decision starts at.
    await page.locator('#decisions').getByRole('link', { name: new RegExp(`^${consultation.patientName}, remiss`) }).click();
    await page.waitForSelector(`h1:text("Remiss för ${consultation.patientName}")`);
    const card = page.locator('article.decision');
    expect(await card.innerText()).toContain('Triageförslag: samråd behövs');
    expect(await card.getByLabel('Beslut', { exact: true }).inputValue()).toBe('more_information_requested');
    expect(await card.getByLabel(/^Skäl, ett per rad/).inputValue()).toContain('Söker eller har hel sjukersättning');

    // Not eligible (over the opioid limit): rejecting is the default, with the triage's reason in words.
    await page.getByRole('link', { name: 'Väntelista' }).click();
    await page.locator('#decisions').getByRole('link', { name: new RegExp(`^${notEligible.patientName}, remiss`) }).click();
    await page.waitForSelector(`h1:text("Remiss för ${notEligible.patientName}")`);
    expect(await card.innerText()).toContain('Triageförslag: uppfyller inte kriterierna');
    expect(await card.getByLabel('Beslut', { exact: true }).inputValue()).toBe('rejected');
    expect(await card.getByLabel('Beslut', { exact: true }).locator('option:checked').innerText()).toBe('Avslå (triageförslaget)');
    expect(await card.getByLabel(/^Skäl, ett per rad/).inputValue()).toBe('Opioider 90 mg morfinekvivalenter per dygn, över gränsen');
    await assertAccessible(page);
    await assertSwedish(page);
    await screenshot(page, 'coordinator-decision');

    // The coordinator takes the patient after all: the reasons go with the choice.
    await card.getByLabel('Beslut', { exact: true }).selectOption('accepted');
    expect(await card.getByLabel(/^Skäl, ett per rad/).inputValue()).toBe('');
    await card.getByRole('button', { name: 'Registrera beslut' }).click();
    await statusMessage(page, `Beslutet för ${notEligible.patientName} är registrerat.`);
    await page.waitForSelector('#queue tbody tr');
    expect(await page.locator('#queue tbody td:nth-child(2)').allInnerTexts()).toContain(notEligible.patientName);
    expect((await api().get(`/referrals/${notEligible.referralId}`).set(w.coordinator).expect(200)).body.status).toBe('accepted');

    // A waiting referral moves to the other site, from a dialog.
    const moved = (await page.locator('#queue tbody tr').last().locator('td').nth(1).innerText()).trim();
    await page.getByRole('button', { name: `Flytta ${moved}`, exact: true }).click();
    await page.getByRole('dialog').getByLabel('Till enhet').selectOption({ label: 'Smärtrehab Köping' });
    await page.getByRole('dialog').getByLabel('Skäl', { exact: true }).fill('närmare hemmet');
    await assertAccessible(page);
    await page.getByRole('button', { name: 'Flytta remissen' }).click();
    await statusMessage(page, `Remissen för ${moved} är flyttad.`);
    expect(await page.locator('#queue tbody td:nth-child(2)').allInnerTexts()).not.toContain(moved);
    const waiting = (await api().get('/waitlist').set(w.coordinator).expect(200)).body.items.map((item: { patientName: string }) => item.patientName);
    expect(waiting).not.toContain(moved);
    await page.close();
  });

  it('registers a new patient from the referral form, the personal number checked in its field, and offers the patient a number belongs to', async () => {
    const page = await w.signIn('coordinator');
    await page.getByRole('link', { name: 'Ny remiss' }).click();
    await page.getByRole('button', { name: 'Registrera ny patient' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ny patient' });
    const number = freshPersonalNumber('19770412', '123');
    const wrong = `${number.slice(0, -1)}${(Number(number.slice(-1)) + 1) % 10}`;
    // A wrong check digit is found as it is typed, in Swedish, at the field; the form does not go.
    await dialog.getByLabel('Personnummer').fill(wrong);
    await page.waitForSelector('#p-personalNumber-error:text("kontrollsiffran stämmer inte")');
    expect(await dialog.getByLabel('Personnummer').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByLabel('Namn').fill('Greta Holmqvist');
    await dialog.getByLabel('Mobilnummer').fill('070-555 12 34');
    await dialog.getByRole('button', { name: 'Registrera patienten' }).click();
    expect(await page.locator('#p-personalNumber-error').innerText()).toBe('kontrollsiffran stämmer inte');
    await dialog.getByLabel('Personnummer').fill('1977-04-12');
    await dialog.getByLabel('Personnummer').blur();
    expect(await page.locator('#p-personalNumber-error').innerText()).toBe('skriv personnumret som ÅÅÅÅMMDD-NNNN');
    await assertAccessible(page);
    await assertSwedish(page, 'dialog');
    await screenshot(page, 'coordinator-new-patient-error');
    expect((await api().get(`/patients?q=${number}`).set(w.coordinator).expect(200)).body).toEqual([]);

    // The ten-digit form is read as the API reads it.
    await dialog.getByLabel('Personnummer').fill(number.slice(2));
    expect(await page.locator('#p-personalNumber-error').innerText()).toBe('');
    await dialog.getByRole('button', { name: 'Registrera patienten' }).click();
    await statusMessage(page, `Greta Holmqvist, ${number} är registrerad och vald.`);
    expect(await page.locator('.patient-chosen').innerText()).toBe(`Vald: Greta Holmqvist, ${number}`);
    const [registered] = (await api().get(`/patients?q=${number}`).set(w.coordinator).expect(200)).body;
    expect(registered).toMatchObject({ name: 'Greta Holmqvist', personalNumber: number, phone: '+46705551234', reminderChannel: 'sms' });

    // The same number again is the patient registered: offered, not made twice.
    await page.getByRole('button', { name: 'Registrera ny patient' }).click();
    await dialog.getByLabel('Personnummer').fill(number);
    await dialog.getByLabel('Namn').fill('Greta H');
    await dialog.getByLabel('Mobilnummer').fill('0705551234');
    await dialog.getByRole('button', { name: 'Registrera patienten' }).click();
    await page.waitForSelector(`dialog p:text("Patienten finns redan: Greta Holmqvist, ${number}.")`);
    expect(await page.locator('#p-personalNumber-error').innerText()).toBe('personnumret är redan registrerat');
    await assertAccessible(page);
    await assertSwedish(page, 'dialog');
    await dialog.getByRole('button', { name: 'Välj Greta Holmqvist' }).click();
    expect(await page.locator('.patient-chosen').innerText()).toBe(`Vald: Greta Holmqvist, ${number}`);
    expect((await api().get(`/patients?q=${number}`).set(w.coordinator).expect(200)).body).toHaveLength(1);

    // The referral for her.
    await page.getByLabel('Remissen inkom (ÅÅÅÅ-MM-DD)').fill(new Date(Date.now() - 86_400_000).toISOString().slice(0, 10));
    await page.getByLabel('Remittent').fill('Dr. Lisa Ek');
    await page.getByLabel('Remitterande enhet').fill('Vårdcentralen Skultuna');
    await page.getByLabel('Kontakt').fill('021-12 34 56');
    await page.getByLabel('Typ av enhet').selectOption('primary_care');
    await page.getByRole('button', { name: 'Registrera remiss' }).click();
    await statusMessage(page, 'Remissen är registrerad.');
    await page.waitForSelector('h1:text("Remiss för Greta Holmqvist")');
    const referrals = (await api().get(`/referrals?siteId=${w.siteId}&status=incomplete`).set(w.coordinator).expect(200)).body;
    expect(referrals.filter((r: { patientId: string }) => r.patientId === registered.id)).toHaveLength(1);
    await assertAccessible(page);
    await page.close();
  });

  it('registers a referral for a patient found by personal number, with field errors next to the fields and the triage suggestion, then completes it', async () => {
    const page = await w.signIn('coordinator');
    const patients: { id: string; name: string; personalNumber: string }[] = (await api().get('/patients').set(w.coordinator).expect(200)).body;
    const patient = patients.find((p) => p.name === 'Linnea Persson')!; // demo patient 29: no referral yet
    await page.getByRole('link', { name: 'Ny remiss' }).click();
    // Found by the ten-digit form of the number, written with its dash.
    await page.getByLabel('Patient', { exact: true }).fill(patient.personalNumber.slice(2));
    await page.getByRole('button', { name: `${patient.name}, ${patient.personalNumber}` }).waitFor();
    expect(await page.locator('.patient-results button').count()).toBe(1);
    await page.keyboard.press('ArrowDown'); // from the search to the match, with the keyboard
    await page.keyboard.press('Enter');
    expect(await page.locator('.patient-chosen').innerText()).toBe(`Vald: ${patient.name}, ${patient.personalNumber}`);

    await page.getByLabel('Remissen inkom (ÅÅÅÅ-MM-DD)').fill('22-11-2026');
    await page.getByLabel('Smärtans duration (månader)').fill('2');
    await page.getByRole('button', { name: 'Registrera remiss' }).click();
    await page.waitForSelector('#f-receivedDate-error:not(:empty)');
    expect(await page.locator('#f-receivedDate-error').innerText()).toBe('ange ett datum ÅÅÅÅ-MM-DD');
    expect(await page.locator('[data-field="referrer.name"]').innerText()).toBe('måste fyllas i');
    expect(await page.locator('#f-patientId-error').innerText()).toBe('');
    await assertAccessible(page);
    await screenshot(page, 'coordinator-new-referral-errors');

    const received = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Remissen inkom (ÅÅÅÅ-MM-DD)').fill(received);
    await page.getByLabel('Remittent').fill('Dr. Lisa Ek');
    await page.getByLabel('Remitterande enhet').fill('Vårdcentralen Skultuna');
    await page.getByLabel('Kontakt').fill('021-12 34 56');
    await page.getByLabel('Typ av enhet').selectOption('primary_care');
    await page.getByRole('button', { name: 'Registrera remiss' }).click();
    await statusMessage(page, 'Remissen är registrerad.');
    await page.waitForSelector(`h1:text("Remiss för ${patient.name}")`);
    const triage = await page.locator('#triage').innerText();
    expect(triage).toContain('Triageförslag: uppfyller inte kriterierna');
    expect(triage).toContain('Smärtan har varat 2 månader, kortare än kriteriet');
    expect(triage).toMatch(/Saknas: Frågeställning, Smärtans lokalisation, .*Patienten samtycker till journalåtkomst/);
    expect(await page.locator('#f-painLocation-error').innerText()).toBe('Saknas');
    const referralId = /#\/referral\/(.+)$/.exec(page.url())![1];
    expect((await api().get(`/referrals/${referralId}`).set(w.coordinator).expect(200)).body).toMatchObject({ patientId: patient.id, status: 'incomplete' });

    // The start page keeps it among those to complete; from there the coordinator completes it.
    await page.getByRole('link', { name: 'Väntelista' }).click();
    await page.locator('#decisions').getByRole('link', { name: `${patient.name}, remiss ${received}` }).click();
    await page.waitForSelector(`h1:text("Remiss för ${patient.name}")`);
    const answers: [string, string][] = [
      ['Frågeställning', 'Långvarig ländryggssmärta, önskar bedömning'],
      ['Smärtans lokalisation', 'Ländrygg'],
      ['Smärtans duration (månader)', '14'],
      ['Samsjuklighet', 'Inga kända'],
      ['Läkemedel', 'Paracetamol'],
      ['Opioider (morfinekvivalenter mg/dygn)', '0'],
      ['Utredningar', 'MR ländrygg 2026'],
      ['Tidigare behandlingar', 'Fysioterapi'],
      ['Fysisk funktion', 'Går 1 km'],
      ['Social och psykologisk funktion', 'Sover dåligt'],
      ['Patientens inställning', 'Motiverad'],
      ['Arbetar (% av heltid)', '50'],
    ];
    for (const [label, value] of answers) await page.getByLabel(label, { exact: true }).fill(value);
    const choices: [string, string][] = [
      ['Smärttyp', 'musculoskeletal'],
      ['Behöver tolk', 'false'],
      ['Söker eller har hel sjukersättning', 'false'],
      ['Medicinskt färdigutredd', 'true'],
      ['Pågående eller planerad medicinsk åtgärd, t.ex. operation', 'false'],
      ['Aktiv reumatisk sjukdom', 'false'],
      ['Malign orsak till smärtan', 'false'],
      ['Beroende som behöver behandling', 'false'],
      ['Svår psykiatrisk sjukdom', 'false'],
      ['Utmattning, depression eller ångest utan smärta', 'false'],
    ];
    for (const [label, value] of choices) await page.getByLabel(label, { exact: true }).selectOption(value);
    await page.getByLabel('Patienten samtycker till journalåtkomst').check();
    await page.getByRole('button', { name: 'Spara remissen' }).click();
    await statusMessage(page, 'Remissen är sparad.');
    await page.waitForSelector('main p:text("Status: väntar på beslut.")');
    expect(await page.locator('#triage').innerText()).toContain('Triageförslag: uppfyller kriterierna');
    expect(await page.locator('#triage').innerText()).not.toContain('Saknas');
    // Eligible now: the decision starts at accepting it.
    expect(await page.locator('article.decision').getByLabel('Beslut', { exact: true }).inputValue()).toBe('accepted');
    expect((await api().get(`/referrals/${referralId}`).set(w.coordinator).expect(200)).body.status).toBe('awaiting_decision');
    await assertAccessible(page);
    await assertSwedish(page);
    await screenshot(page, 'coordinator-referral-completed');
    await page.close();
  });

  it('books a proposed assessment with the keyboard after swapping one visit for another free time, and lands on its page', async () => {
    const page = await w.signIn('coordinator');
    await page.waitForSelector('#queue tbody tr');
    const name = (await page.locator('#queue tbody tr').first().locator('td').nth(1).innerText()).trim();
    const [staff, rooms] = await Promise.all(['/staff', '/rooms'].map(async (path) => (await api().get(path).set(w.coordinator).expect(200)).body));
    const staffName = new Map<string, string>(staff.map((s: { id: string; name: string }) => [s.id, s.name]));
    const roomName = new Map<string, string>(rooms.map((r: { id: string; name: string }) => [r.id, r.name]));

    const proposed = page.waitForResponse((response) => response.url().endsWith('/assessments/proposals'));
    await tabTo(page, /^Föreslå bedömning/);
    await page.keyboard.press('Enter');
    const proposal = await (await proposed).json();
    const dialog = page.getByRole('dialog', { name: `Förslag: bedömning för ${name}` });
    await page.waitForSelector('dialog button:text("Boka förslaget"):focus'); // the proposal takes the focus
    // Each visit: who, where, how long, which day in words.
    const rows = dialog.locator('tbody tr');
    expect(await rows.count()).toBe(proposal.visits.length);
    for (const [i, visit] of (proposal.visits as { staffIds: string[]; roomId: string; start: string; end: string }[]).entries()) {
      const text = await rows.nth(i).innerText();
      expect(text).toContain(swedishWhen(visit.start).split(' kl. ')[0]);
      expect(text).toContain(`${visit.start.slice(11, 16)}–${visit.end.slice(11, 16)}`);
      for (const id of visit.staffIds) expect(text).toContain(staffName.get(id));
      expect(text).toContain(roomName.get(visit.roomId));
      expect(text).toMatch(/\d+ min/);
    }
    expect(await rows.first().innerText()).toContain('90 min');
    await assertAccessible(page);
    await assertSwedish(page, 'dialog');

    // The physiotherapist's visit moves to another free time, chosen from the list with the keyboard.
    await page.focus('dialog button:text("Byt tid för fysioterapeut")');
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog h3:text("Andra tider för fysioterapeut"):focus');
    await page.keyboard.press('Tab');
    const chosen = await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document.activeElement.textContent);
    expect(chosen).toMatch(/ kl\. \d\d:\d\d, /);
    await screenshot(page, 'coordinator-assessment-alternatives');
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog tr.changed');
    expect(await dialog.locator('tr.changed').innerText()).toContain('fysioterapeut');
    await statusMessage(page, /^Ny tid för fysioterapeut: /);
    await tabTo(page, /^Boka förslaget$/);
    await page.keyboard.press('Enter');

    await statusMessage(page, `Bedömningen för ${name} är bokad.`);
    await page.waitForSelector(`h1:text("Bedömning för ${name}")`);
    const assessmentId = /#\/assessment\/(.+)$/.exec(page.url())![1];
    const booked = (await api().get(`/assessments/${assessmentId}`).set(w.coordinator).expect(200)).body;
    const physio = booked.visits.find((v: { part: string }) => v.part === 'physiotherapist');
    const proposedPhysio = proposal.visits.find((v: { part: string }) => v.part === 'physiotherapist');
    expect(physio.start).not.toBe(proposedPhysio.start);
    expect(chosen).toContain(swedishWhen(physio.start));
    // The rest as proposed (the feedback's staff in any order: the calendar does not keep it).
    for (const visit of proposal.visits.filter((v: { part: string }) => v.part !== 'physiotherapist')) {
      const kept = booked.visits.find((v: { part: string }) => v.part === visit.part);
      expect({ start: kept.start, roomId: kept.roomId, staffIds: [...kept.staffIds].sort() }).toEqual({ start: visit.start, roomId: visit.roomId, staffIds: [...visit.staffIds].sort() });
    }
    // The plan's page: the window, and a link to each visit.
    const links = await page.locator('main table a').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
    expect(links.sort()).toEqual(booked.visits.map((v: { id: string }) => `#/visit/${v.id}`).sort());
    expect(await page.locator('main').innerText()).toContain('Bedömningsperiod');
    expect((await api().get('/waitlist').set(w.coordinator).expect(200)).body.items.map((i: { patientName: string }) => i.patientName)).not.toContain(name);
    await assertAccessible(page);
    await assertSwedish(page);
    await screenshot(page, 'coordinator-assessment-booked');
    await page.close();
  });

  it('lets the admin, who belongs to no site, choose the unit in the header: the waiting list and the schedule are that site’s, and no request names site null', async () => {
    const page = await w.signIn('admin');
    const requested: string[] = [];
    const refused: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    page.on('response', (response) => void (response.status() >= 400 && refused.push(`${response.status()} ${response.url()}`)));
    expect(await page.locator('#who').innerText()).toContain('Anders Holm, systemförvaltare');
    const unit = page.getByLabel('Enhet');
    // The first site by name until the admin chooses another.
    expect(await unit.locator('option:checked').innerText()).toBe('Smärtrehab Köping');
    // The waiting list is then that site's, as a coordinator of it sees it.
    const { items } = (await api().get('/waitlist').set(w.coordinator).expect(200)).body;
    expect(items.length).toBeGreaterThan(0);
    await unit.selectOption({ label: 'Smärtrehab Västerås' });
    await page.waitForFunction((count) => (globalThis as unknown as { document: { querySelectorAll: (s: string) => { length: number } } }).document.querySelectorAll('#queue tbody tr').length === count, items.length);
    expect(requested).toContainEqual(expect.stringContaining(`/referrals?status=incomplete&siteId=${w.siteId}`));
    expect(requested).toContainEqual(expect.stringContaining(`/waitlist?siteId=${w.siteId}`));

    // The choice holds over a reload of the tab, and for the schedule.
    await page.reload();
    await page.waitForSelector('#queue table tbody tr');
    expect(await page.getByLabel('Enhet').inputValue()).toBe(w.siteId);
    await page.getByRole('link', { name: 'Teamets schema' }).click();
    await page.waitForSelector('main h1:text("Teamets schema")');
    // Västerås's team, in columns.
    await page.locator('.sched-board', { hasText: 'Eva Sandberg' }).waitFor();
    expect(requested).toContainEqual(expect.stringContaining(`/sites/${w.siteId}/calendar?`));
    expect(requested.filter((url) => /null/.test(url))).toEqual([]);
    expect(refused).toEqual([]);
    await assertAccessible(page);
    await assertSwedish(page);
    await screenshot(page, 'admin-schedule');
  });

  it('answers in words, in the proposal, when the plan no longer fits as it is booked', async () => {
    const page = await w.signIn('coordinator');
    await page.waitForSelector('#queue tbody tr');
    const name = (await page.locator('#queue tbody tr').first().locator('td').nth(1).innerText()).trim();
    const proposed = page.waitForResponse((response) => response.url().endsWith('/assessments/proposals'));
    await page.getByRole('button', { name: `Föreslå bedömning för ${name}` }).click();
    const proposal = await (await proposed).json();
    // Meanwhile the physician is called away for the proposed visit.
    const physician = proposal.visits.find((v: { part: string }) => v.part === 'physician');
    await api().post(`/staff/${physician.staffIds[0]}/absences`).set(w.coordinator).send({ start: physician.start, end: physician.end, reason: 'other', note: 'akut' }).expect(201);
    await page.getByRole('button', { name: 'Boka förslaget' }).click();
    const problems = page.locator('dialog .problems');
    await page.waitForSelector('dialog .problems li');
    expect(await problems.innerText()).toContain('Planen kunde inte bokas:');
    // Worded by the app from the problem's code: the physician by name, none of the API's English.
    const physicianName = (await api().get(`/staff/${physician.staffIds[0]}`).set(w.coordinator).expect(200)).body.name;
    const answer = await api().post('/assessments').set(w.coordinator).send({ referralId: proposal.referralId, visits: proposal.visits }).expect(422);
    const said = await problems.locator('li').allInnerTexts();
    expect(said.join(' ')).toContain(physicianName);
    for (const detail of answer.body.details) expect(said).not.toContain(detail.problem);
    await assertAccessible(page);
    await assertSwedish(page, 'dialog');
    await screenshot(page, 'coordinator-assessment-problems');
    // Nothing was booked: the referral still waits.
    const waiting = (await api().get('/waitlist').set(w.coordinator).expect(200)).body.items;
    expect(waiting.map((item: { patientName: string }) => item.patientName)).toContain(name);
    await page.getByRole('button', { name: 'Stäng' }).click();
    expect(await page.locator('dialog').count()).toBe(0);
    await page.close();
  });
});
