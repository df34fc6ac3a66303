import { localTimeOf } from '../src/core/time/local-time';
import { assessedPatient, bearer, createClinic, createPatient, createRoom, individualProgramRequest } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

describe('individual programs', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof createClinic>>;
  let token: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    c = await createClinic(t);
    token = bearer(c.coordinatorToken);
    await createRoom(t, c.site.id, 'gym');
  });
  afterAll(() => t.close());

  const request = individualProgramRequest;

  it('plans three visits a week over eight weeks across Easter and the spring change, and books them at once', async () => {
    const patientId = await assessedPatient(t, c, 'individual_rehab');
    const proposal = await t.http().post('/individual-programs/proposals').set(token).send(request(patientId)).expect(200);
    expect(proposal.body.weeks.map((w: { planned: number }) => w.planned)).toEqual([3, 3, 3, 3, 3, 3, 3, 3]);
    for (const visit of proposal.body.visits) {
      const local = localTimeOf(new Date(visit.start), 'Europe/Stockholm');
      expect(local >= '08:00' && local < '16:00').toBe(true);
      expect(['2027-03-26', '2027-03-29']).not.toContain(visit.start.slice(0, 10)); // Good Friday, Easter Monday
    }
    const physio = proposal.body.visits.filter((v: { discipline: string }) => v.discipline === 'physiotherapist');
    expect(new Set(physio.map((v: { staffId: string }) => v.staffId)).size).toBe(1); // continuity

    const booked = await t.http().post('/individual-programs').set(token).send({ ...request(patientId), visits: proposal.body.visits }).expect(201);
    expect(booked.body.visits).toHaveLength(24);
    expect(booked.body.visits.every((v: { kind: string; status: string }) => v.kind === 'individual_visit' && v.status === 'booked')).toBe(true);
    // The patient's rehabilitation began with the first visit.
    const referrals = await t.http().get('/referrals').set(token).expect(200);
    const referral = referrals.body.find((r: { patientId: string }) => r.patientId === patientId);
    expect(referral.rehabilitationStartedOn).toBe(booked.body.visits[0].start.slice(0, 10));
  });

  it("answers a proposal's notes with codes and parameters beside the English, and refuses a discipline twice in the mix with its code", async () => {
    const patientId = await assessedPatient(t, c, 'individual_rehab');
    const nurseAsNeeded = { discipline: 'nurse', perWeek: 0, minutes: 60 };
    const proposal = await t.http().post('/individual-programs/proposals').set(token).send(request(patientId, { mix: [...request(patientId).mix, nurseAsNeeded] })).expect(200);
    expect(proposal.body.notes).toContainEqual({ code: 'individual.as_needed', params: { discipline: 'nurse' }, text: 'nurse: as needed only, no visits planned' });
    const { physiotherapist } = c.staff;
    expect(proposal.body.notes).toContainEqual({
      code: 'individual.same_staff_throughout',
      params: { discipline: 'physiotherapist', staff: physiotherapist.name, staffId: physiotherapist.id },
      text: `physiotherapist: ${physiotherapist.name} throughout`,
    });

    const physicianTwice = [
      { discipline: 'physician', perWeek: 1, minutes: 60 },
      { discipline: 'physician', perWeek: 1, minutes: 45 },
    ];
    const refused = await t.http().post('/individual-programs/proposals').set(token).send(request(patientId, { mix: physicianTwice })).expect(422);
    expect(refused.body.details).toEqual([{ field: 'body', problem: 'physician is in the mix twice', code: 'plan.discipline_twice', params: { discipline: 'physician' } }]);
  });

  it('refuses patients not offered individual rehabilitation, and plans that break a rule', async () => {
    const stranger = await createPatient(t, c.site.id);
    await t.http().post('/individual-programs/proposals').set(token).send(request(stranger.id)).expect(422);
    const patientId = await assessedPatient(t, c, 'individual_rehab');
    const proposal = await t.http().post('/individual-programs/proposals').set(token).send(request(patientId, { startDate: '2027-05-03' })).expect(200);
    const visits = proposal.body.visits.map((v: object) => ({ ...v }));
    visits[0] = { ...visits[0], start: '2027-05-06T09:00:00+02:00', end: '2027-05-06T10:00:00+02:00' }; // Ascension Day
    const refused = await t.http().post('/individual-programs').set(token).send({ ...request(patientId, { startDate: '2027-05-03' }), visits }).expect(422);
    const onHoliday = { discipline: visits[0].discipline, week: 1, date: '2027-05-06', start: '09:00', end: '10:00' };
    expect(refused.body.details).toContainEqual(expect.objectContaining({ field: 'visits', code: 'booking.site_closed', params: expect.objectContaining(onHoliday) }));
    // A clinician of another discipline for a visit: named, with the visit.
    const [, second] = proposal.body.visits as { discipline: string; staffId: string; start: string }[];
    const other = second.discipline === 'nurse' ? c.staff.psychologist : c.staff.nurse;
    const wrong = proposal.body.visits.map((v: object) => (v === second ? { ...v, staffId: other.id } : v));
    const wrongClinician = await t.http().post('/individual-programs').set(token).send({ ...request(patientId, { startDate: '2027-05-03' }), visits: wrong }).expect(422);
    expect(wrongClinician.body.details).toContainEqual(
      expect.objectContaining({ field: 'visits', code: 'visit.wrong_discipline', params: expect.objectContaining({ discipline: second.discipline, staff: other.name, date: second.start.slice(0, 10) }) }),
    );
    const none = await t.db.query(`SELECT count(*)::int AS n FROM individual_programs WHERE patient_id = $1`, [patientId]);
    expect(none[0].n).toBe(0);
  });
});
