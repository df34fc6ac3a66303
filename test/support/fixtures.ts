import { DEMO_CONTENTS, DEMO_REFERRER } from '../../src/core/rules/demo-referral';
import { luhnCheckDigit } from '../../src/core/rules/personal-number';
import { Discipline } from '../../src/core/vocabulary';
import { ServiceClient } from './test-app';

export const WEEKDAYS_8_TO_16 = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '16:00' }));

let serial = 0;
/** A valid personal identity number, different on every call (born 1980–1999). */
export function nextPersonalNumber(): string {
  serial += 1;
  const year = 1980 + (serial % 20);
  const month = String(1 + (serial % 12)).padStart(2, '0');
  const day = String(1 + (serial % 28)).padStart(2, '0');
  const three = String(100 + ((serial * 37 + process.pid) % 900));
  const nine = `${String(year).slice(2)}${month}${day}${three}`;
  return `${year}${month}${day}-${three}${luhnCheckDigit(nine)}`;
}

export function bearer(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}

export async function createSite(t: ServiceClient, name = `Site ${Math.random().toString(36).slice(2, 8)}`) {
  const response = await t.http().post('/sites').set(bearer(t.adminToken)).send({ name, timeZone: 'Europe/Stockholm' }).expect(201);
  return response.body as { id: string; name: string; timeZone: string };
}

export async function createStaff(t: ServiceClient, siteId: string, discipline: Discipline, workingHours = WEEKDAYS_8_TO_16, name?: string) {
  const response = await t
    .http()
    .post('/staff')
    .set(bearer(t.adminToken))
    .send({ name: name ?? `${discipline} ${Math.random().toString(36).slice(2, 6)}`, discipline, siteId, workingHours })
    .expect(201);
  return response.body as { id: string; name: string; discipline: Discipline; siteId: string };
}

export async function createRoom(t: ServiceClient, siteId: string, kind: 'office' | 'group_room' | 'gym' = 'office', capacity = 2) {
  const response = await t
    .http()
    .post('/rooms')
    .set(bearer(t.adminToken))
    .send({ siteId, name: `${kind} ${Math.random().toString(36).slice(2, 8)}`, kind, capacity })
    .expect(201);
  return response.body as { id: string; name: string };
}

export async function createPatient(t: ServiceClient, siteId: string, name = 'Test Patient') {
  const response = await t
    .http()
    .post('/patients')
    .set(bearer(t.adminToken))
    .send({ siteId, personalNumber: nextPersonalNumber(), name, phone: '+46701234567', reminderChannel: 'sms' })
    .expect(201);
  return response.body as { id: string; name: string; siteId: string };
}

/** The password of the logins the fixtures create: one the password policy accepts. */
export const TEST_PASSWORD = 'lingonris-och-tallbit-7';

/** Creates a login and returns its token. */
export async function userToken(
  t: ServiceClient,
  role: 'admin' | 'coordinator' | 'clinician' | 'patient',
  links: { siteId?: string; staffId?: string; patientId?: string } = {},
): Promise<string> {
  const username = `${role}-${Math.random().toString(36).slice(2, 10)}`;
  await t.http().post('/users').set(bearer(t.adminToken)).send({ username, password: TEST_PASSWORD, role, ...links }).expect(201);
  return t.login(username, TEST_PASSWORD);
}

/** A site with one staff member per discipline working weekdays 08–16, an office, a group room and three patients. */
export async function createClinic(t: ServiceClient) {
  const site = await createSite(t);
  const nurse = await createStaff(t, site.id, 'nurse');
  const physician = await createStaff(t, site.id, 'physician');
  const physiotherapist = await createStaff(t, site.id, 'physiotherapist');
  const psychologist = await createStaff(t, site.id, 'psychologist');
  const office = await createRoom(t, site.id, 'office');
  const groupRoom = await createRoom(t, site.id, 'group_room', 8);
  const patients = [await createPatient(t, site.id, 'Anna Andersson'), await createPatient(t, site.id, 'Bo Berg'), await createPatient(t, site.id, 'Cia Ek')];
  return {
    site,
    staff: { nurse, physician, physiotherapist, psychologist },
    rooms: { office, groupRoom },
    patients,
    coordinatorToken: await userToken(t, 'coordinator', { siteId: site.id }),
    clinicianToken: await userToken(t, 'clinician', { staffId: physician.id }),
    patientToken: await userToken(t, 'patient', { patientId: patients[0].id }),
  };
}

/**
 * A complete referral that the default criteria find eligible; override any field. Received on
 * 2026-12-01 (care guarantee to 2027-03-01): a date in the past, as every arrival is, before the
 * tests' fixed planning dates in 2027.
 */
export function referralBody(patientId: string, siteId: string, overrides: Record<string, unknown> = {}) {
  return {
    patientId,
    siteId,
    receivedDate: '2026-12-01',
    referrer: DEMO_REFERRER,
    ...DEMO_CONTENTS,
    ...overrides,
  };
}

/** Three visits a week for eight weeks from 15 March 2027: physiotherapy in the gym twice, a psychologist once. */
export function individualProgramRequest(patientId: string, overrides: Record<string, unknown> = {}) {
  return {
    patientId,
    startDate: '2027-03-15',
    weeks: 8,
    visitsPerWeek: 3,
    mix: [
      { discipline: 'physiotherapist', perWeek: 2, minutes: 60, roomKind: 'gym' },
      { discipline: 'psychologist', perWeek: 1, minutes: 60 },
    ],
    ...overrides,
  };
}

type ClinicSite = { site: { id: string }; coordinatorToken: string };

/** A new patient's referral that the coordinator accepted, waiting for its assessment; override any field of the referral. */
export async function acceptedReferral(t: ServiceClient, clinic: ClinicSite, overrides: Record<string, unknown> = {}) {
  const token = bearer(clinic.coordinatorToken);
  const patient = await createPatient(t, clinic.site.id);
  const referral = await t.http().post('/referrals').set(token).send(referralBody(patient.id, clinic.site.id, overrides)).expect(201);
  await t.http().post(`/referrals/${referral.body.id}/decision`).set(token).send({ decision: 'accepted', reasons: [], decidedBy: 'K' }).expect(200);
  return { referralId: referral.body.id as string, patientId: patient.id };
}

/** An assessment visit as booked: its part (a discipline, or feedback), status, time and staff. */
export type BookedVisit = { id: string; part: string; status: string; start: string; end: string; staffIds: string[]; roomId: string };

/** A new waiting patient's assessment, booked as proposed from `earliestDate`; its visits in order of time. */
export async function bookedAssessment(t: ServiceClient, clinic: ClinicSite, earliestDate: string) {
  const token = bearer(clinic.coordinatorToken);
  const { referralId, patientId } = await acceptedReferral(t, clinic);
  const proposal = await t.http().post('/assessments/proposals').set(token).send({ referralId, earliestDate }).expect(200);
  const booked = await t.http().post('/assessments').set(token).send({ referralId, visits: proposal.body.visits }).expect(201);
  const visits = (booked.body.visits as BookedVisit[]).sort((a, b) => a.start.localeCompare(b.start));
  return { referralId, patientId, id: booked.body.id as string, visits };
}

/** A patient whose assessment, held in autumn 2026, ended with the given outcome. */
export async function assessedPatient(t: ServiceClient, clinic: ClinicSite, outcome: 'group_rehab' | 'individual_rehab' | 'combined_rehab') {
  const token = bearer(clinic.coordinatorToken);
  const { referralId, patientId } = await acceptedReferral(t, clinic, { receivedDate: '2026-08-01' });
  const proposal = await t.http().post('/assessments/proposals').set(token).send({ referralId, earliestDate: '2026-09-01' }).expect(200);
  const assessment = await t.http().post('/assessments').set(token).send({ referralId, visits: proposal.body.visits }).expect(201);
  await t.http().post(`/assessments/${assessment.body.id}/outcome`).set(token).send({ outcome }).expect(200);
  return patientId;
}
