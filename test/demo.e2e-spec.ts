import { seedDemoData } from '../src/demo/demo-data';
import { bearer } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

describe('demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('fills an empty database once, with working demo logins and a waiting list showing every standing', async () => {
    expect(await seedDemoData(t.db)).toBe(true);
    expect(await seedDemoData(t.db)).toBe(false);

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

    const patient = bearer(await t.login('patient', 'demo'));
    expect((await t.http().get('/patients').set(patient).expect(200)).body).toHaveLength(1);
    await t.login('clinician', 'demo');
    await t.login('admin', 'demo');
  });

  it('refuses to run in production', async () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(seedDemoData(t.db)).rejects.toThrow(/never created in production/);
    } finally {
      process.env.NODE_ENV = previous;
    }
  });
});
