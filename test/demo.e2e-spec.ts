import { seedDemoData } from '../src/demo/demo-data';
import { bearer } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const DAY_MS = 86_400_000;

/** An instant `days` from now, as the API takes it. */
function daysFromNow(days: number): string {
  return new Date(Date.now() + days * DAY_MS).toISOString();
}

describe('demo data', () => {
  let t: TestApp;
  let seeded: boolean;
  beforeAll(async () => {
    t = await createTestApp();
    seeded = await seedDemoData(t.app);
  });
  afterAll(() => t.close());

  it('fills an empty database once, with working demo logins and a waiting list showing every standing', async () => {
    expect(seeded).toBe(true);
    expect(await seedDemoData(t.app)).toBe(false);

    const coordinator = bearer(await t.login('coordinator', 'demo'));
    const staff = await t.http().get('/staff').set(coordinator).expect(200);
    for (const discipline of ['nurse', 'physician', 'physiotherapist', 'psychologist', 'occupational_therapist']) {
      expect(staff.body.filter((s: { discipline: string }) => s.discipline === discipline).length).toBeGreaterThanOrEqual(2);
    }
    const patients = await t.http().get('/patients').set(coordinator).expect(200);
    expect(patients.body).toHaveLength(30);
    const waitlist = await t.http().get('/waitlist').set(coordinator).expect(200);
    expect(waitlist.body.total).toBe(8);
    expect(new Set(waitlist.body.items.map((i: { status: string }) => i.status))).toEqual(new Set(['ok', 'at_risk', 'breached']));
    const sites = await t.http().get('/sites').set(coordinator).expect(200);
    expect(sites.body.map((s: { name: string }) => s.name).sort()).toEqual(['Smärtrehab Köping', 'Smärtrehab Västerås']);

    const patient = bearer(await t.login('patient', 'demo'));
    expect((await t.http().get('/patients').set(patient).expect(200)).body).toHaveLength(1);
    await t.login('clinician', 'demo');
    await t.login('admin', 'demo');
  });

  it('shows the patient login their attended assessment and coming group sessions, and nobody else', async () => {
    const patient = bearer(await t.login('patient', 'demo'));
    const now = new Date().toISOString();
    const past = await t.http().get('/me/appointments').query({ from: daysFromNow(-90), to: now }).set(patient).expect(200);
    const coming = await t.http().get('/me/appointments').set(patient).expect(200);
    expect(past.body.filter((v: { status: string }) => v.status === 'attended').length).toBeGreaterThanOrEqual(5);
    expect(new Set(past.body.map((v: { kind: string }) => v.kind))).toEqual(new Set(['assessment_visit', 'feedback_conversation']));
    expect(coming.body.length).toBeGreaterThan(0);
    expect(coming.body.every((v: { kind: string; status: string }) => v.kind === 'group_session' && v.status === 'booked')).toBe(true);

    const me = (await t.http().get('/auth/me').set(patient).expect(200)).body;
    const coordinator = bearer(await t.login('coordinator', 'demo'));
    const others = (await t.http().get('/patients').set(coordinator).expect(200)).body.filter((p: { id: string }) => p.id !== me.patientId);
    const seen = JSON.stringify([past.body, coming.body]);
    for (const other of others) {
      expect(seen).not.toContain(other.name);
      expect(seen).not.toContain(other.id);
    }
  });

  it('gives the clinician login appointments in the past two weeks and in the next two', async () => {
    const clinician = bearer(await t.login('clinician', 'demo'));
    const { staffId } = (await t.http().get('/auth/me').set(clinician).expect(200)).body;
    const calendar = async (from: string, to: string) =>
      (await t.http().get(`/staff/${staffId}/calendar`).query({ from, to }).set(clinician).expect(200)).body.appointments as unknown[];
    expect((await calendar(daysFromNow(-14), daysFromNow(0))).length).toBeGreaterThan(0);
    expect((await calendar(daysFromNow(0), daysFromNow(14))).length).toBeGreaterThan(0);
    const { absences } = (await t.http().get(`/staff/${staffId}/calendar`).query({ from: daysFromNow(0), to: daysFromNow(14) }).set(clinician).expect(200)).body;
    expect(absences).toEqual([expect.objectContaining({ reason: 'course' })]);
  });

  it('has patients in group and individual rehabilitation', async () => {
    const rows: { phase: string }[] = await t.db.query(`SELECT DISTINCT phase FROM episodes`);
    expect(rows.map((r) => r.phase)).toEqual(expect.arrayContaining(['referred', 'assessment', 'group_rehab', 'individual_rehab']));
  });

  it('refuses to run in production', async () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(seedDemoData(t.app)).rejects.toThrow(/never created in production/);
    } finally {
      process.env.NODE_ENV = previous;
    }
  });
});
