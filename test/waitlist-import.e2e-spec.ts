import { DEMO_CONTENTS, DEMO_REFERRER } from '../src/core/rules/demo-referral';
import { bearer, createClinic, createSite, nextPersonalNumber, userToken } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

type Clinic = Awaited<ReturnType<typeof createClinic>>;

/** A CSV cell: quoted, its quotes doubled, so commas and line breaks in the contents survive. */
const cell = (value: unknown) => (value === undefined ? '' : `"${String(value).replace(/"/g, '""')}"`);
function csvOf(rows: Record<string, unknown>[]): string {
  const columns = Object.keys(rows[0]);
  return [columns.join(','), ...rows.map((row) => columns.map((column) => cell(row[column])).join(','))].join('\r\n');
}

/** Issue 16 B10: a unit's waiting list moves in from CSV, checked row by row, written all or nothing. */
describe('waiting list import (issue 16 B10)', () => {
  let t: TestApp;
  let c: Clinic;
  let coordinator: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    c = await createClinic(t);
    coordinator = bearer(c.coordinatorToken);
  });
  afterAll(() => t.close());

  function row(overrides: Record<string, unknown> = {}) {
    return {
      personalNumber: nextPersonalNumber(),
      name: 'Import Patient',
      phone: '+46701234567',
      email: undefined,
      reminderChannel: 'sms',
      receivedDate: '2026-06-01',
      referrerName: DEMO_REFERRER.name,
      referrerUnit: DEMO_REFERRER.unit,
      referrerUnitKind: DEMO_REFERRER.unitKind,
      referrerContact: DEMO_REFERRER.contact,
      priority: 2,
      ...DEMO_CONTENTS,
      reasonForReferral: 'Långvarig smärta, "multimodal" bedömning önskas,\nsedan 2024',
      ...overrides,
    };
  }
  const post = (csv: string, dryRun: boolean, auth = coordinator) => t.http().post('/referrals/import').set(auth).send({ siteId: c.site.id, csv, dryRun });
  const count = async (sql: string, ...params: unknown[]) => Number((await t.db.query(sql, params))[0].n);
  const referralsAtSite = () => count('SELECT count(*) AS n FROM referrals WHERE site_id = $1', c.site.id);
  const patientsAtSite = () => count('SELECT count(*) AS n FROM patients WHERE site_id = $1', c.site.id);

  it('a dry run reports a good and a bad row, each bad field named, and writes nothing', async () => {
    const [patients, referrals] = [await patientsAtSite(), await referralsAtSite()];
    const csv = csvOf([row(), row({ personalNumber: '19800101-0000', receivedDate: '2099-01-01' })]);
    const response = await post(csv, true).expect(200);
    expect(response.body).toMatchObject({ dryRun: true, committed: false });
    expect(response.body.rows[0]).toEqual({ row: 1, ok: true, problems: [] });
    expect(response.body.rows[1].ok).toBe(false);
    expect(response.body.rows[1].problems.map((p: { row: number; field: string }) => [p.row, p.field])).toEqual(expect.arrayContaining([[2, 'receivedDate']]));
    const badNumber = csvOf([row({ personalNumber: '19800101-0000' })]);
    const number = await post(badNumber, true).expect(200);
    expect(number.body.rows[0].problems).toEqual([expect.objectContaining({ row: 1, field: 'personalNumber' })]);
    expect([await patientsAtSite(), await referralsAtSite()]).toEqual([patients, referrals]);
  });

  it('a commit with one bad row writes nothing and names the row and column', async () => {
    const [patients, referrals] = [await patientsAtSite(), await referralsAtSite()];
    const response = await post(csvOf([row(), row({ reminderChannel: 'email' })]), false).expect(422);
    expect(response.body.details).toEqual([{ field: 'rows.2.email', problem: 'is required when reminderChannel is email', code: 'patient.email_for_email', params: expect.any(Object) }]);
    expect([await patientsAtSite(), await referralsAtSite()]).toEqual([patients, referrals]);
  });

  it('a good commit registers the patients and referrals with their original received dates, reusing a known patient, audited, and they queue by deadline', async () => {
    const known = row({ receivedDate: '2026-09-10' });
    const rows = [known, row({ receivedDate: '2026-03-15' }), row({ personalNumber: known.personalNumber, receivedDate: '2026-06-01', painType: 'neuropathic' })];
    const patients = await patientsAtSite();
    const response = await post(csvOf(rows), false).expect(200);
    expect(response.body).toMatchObject({ dryRun: false, committed: true });
    const ids = response.body.rows.map((r: { referralId: string }) => r.referralId);
    expect(response.body.rows[2].patientId).toBe(response.body.rows[0].patientId);
    expect(await patientsAtSite()).toBe(patients + 2);
    const audited = await count(`SELECT count(*) AS n FROM audit_log, unnest(resource_ids) AS resource_id WHERE action = 'create' AND resource IN ('patient', 'referral') AND resource_id = ANY($1)`, [
      ...ids,
      response.body.rows[0].patientId,
      response.body.rows[1].patientId,
    ]);
    expect(audited).toBe(5);
    const received = [];
    for (const id of ids) {
      const referral = await t.http().get(`/referrals/${id}`).set(coordinator).expect(200);
      received.push(referral.body.receivedDate);
      await t.http().post(`/referrals/${id}/decision`).set(coordinator).send({ decision: 'accepted', reasons: [], decidedBy: 'Dr. Ek', confirmSecondEpisode: true }).expect(200);
    }
    expect(received).toEqual(['2026-09-10', '2026-03-15', '2026-06-01']);
    const waitlist = await t.http().get('/waitlist').query({ siteId: c.site.id, asOf: '2026-03-16' }).set(coordinator).expect(200);
    const queued = waitlist.body.items.map((i: { referralId: string }) => i.referralId).filter((id: string) => ids.includes(id));
    expect(queued).toEqual([ids[1], ids[2], ids[0]]);
  });

  it('refuses a coordinator of another site and a clinician', async () => {
    const other = await createSite(t);
    const foreign = bearer(await userToken(t, 'coordinator', { siteId: other.id }));
    await post(csvOf([row()]), true, foreign).expect(403);
    await post(csvOf([row()]), true, bearer(c.clinicianToken)).expect(403);
  });

  it('answers a bad header with a 400 naming the column', async () => {
    const unknown = await post('personalNumber,fax\n1,2', true).expect(400);
    expect(unknown.body.details).toEqual([
      { field: 'csv', problem: expect.stringMatching(/^record 1: column "fax" is not known; known columns: personalNumber, name, /), code: 'validation.csv_unknown_column', params: { record: 1, column: 'fax', known: expect.stringContaining('personalNumber, name, ') } },
    ]);
    const missing = await post(csvOf([row({ receivedDate: undefined })]).replace('receivedDate,', ''), true).expect(400);
    expect(missing.body.details).toEqual([{ field: 'csv', problem: 'record 1: column "receivedDate" is required', code: 'validation.csv_column_required', params: { record: 1, column: 'receivedDate' } }]);
    const unclosed = await post(`${csvOf([row()])}\n"x`, true).expect(400);
    expect(unclosed.body.details).toEqual([{ field: 'csv', problem: 'record 3: a quoted field is not closed', code: 'validation.csv_unclosed_quote', params: { record: 3 } }]);
  });
});
