import type { Bundle, EpisodeOfCare, OperationOutcome, Resource, ServiceRequest, Task } from '@medplum/fhirtypes';
import { validateFhir } from './support/fhir';
import { bearer, createClinic, createPatient, referralBody, userToken } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

type Clinic = Awaited<ReturnType<typeof createClinic>>;
type Auth = { Authorization: string };

/**
 * Issue 18: the patient's path through FHIR — the referral (ServiceRequest), the episode with its
 * phases (EpisodeOfCare) and its NRS questionnaires (Task) — read and searched as a client would,
 * with the REST API's access rules and audit.
 */
describe('the patient’s path through the FHIR API', () => {
  let t: TestApp;
  let c: Clinic;
  let coordinator: Auth;
  /** The patient discharged from other measures, with their token, referral, episode and questionnaires. */
  let anna: { id: string; token: Auth; referralId: string; episodeId: string; taskIds: string[] };
  /** A second patient whose referral lacks contents. */
  let bo: { id: string; referralId: string; episodeId: string };

  beforeAll(async () => {
    t = await createTestApp();
    c = await createClinic(t);
    coordinator = bearer(c.coordinatorToken);
    anna = { id: c.patients[0].id, token: bearer(c.patientToken), ...(await dischargedFromOtherMeasures(c.patients[0].id)) };
    const boReferral = await t.http().post('/referrals').set(coordinator).send(referralBody(c.patients[1].id, c.site.id, { painLocation: undefined })).expect(201);
    bo = { id: c.patients[1].id, referralId: boReferral.body.id, episodeId: (await episodesOf(boReferral.body.id))[0].id };
  });
  afterAll(() => t.close());

  /** Referred 2026-08-01, accepted, assessed in autumn 2026 with other measures as the outcome, discharged today. */
  async function dischargedFromOtherMeasures(patientId: string) {
    const referral = await t.http().post('/referrals').set(coordinator).send(referralBody(patientId, c.site.id, { receivedDate: '2026-08-01' })).expect(201);
    const referralId: string = referral.body.id;
    await t.http().post(`/referrals/${referralId}/decision`).set(coordinator).send({ decision: 'accepted', reasons: [], decidedBy: 'K' }).expect(200);
    const proposal = await t.http().post('/assessments/proposals').set(coordinator).send({ referralId, earliestDate: '2026-09-01' }).expect(200);
    const assessment = await t.http().post('/assessments').set(coordinator).send({ referralId, visits: proposal.body.visits }).expect(201);
    await t.http().post(`/assessments/${assessment.body.id}/outcome`).set(coordinator).send({ outcome: 'other_measures', note: 'Fysioterapi i primärvården räcker.' }).expect(200);
    const [{ id: episodeId }] = await episodesOf(referralId);
    const discharge = { closingNote: 'Åter till vårdcentralen.', rehabilitationPlan: 'Fysioterapi i primärvården.', recommendations: 'Fortsatt träning.' };
    const episode = await t.http().post(`/episodes/${episodeId}/discharge`).set(coordinator).send(discharge).expect(200);
    return { referralId, episodeId: episodeId as string, taskIds: episode.body.tasks.map((task: { id: string }) => task.id) as string[] };
  }

  async function episodesOf(referralId: string): Promise<{ id: string }[]> {
    return (await t.http().get('/episodes').query({ referralId }).set(coordinator).expect(200)).body;
  }

  /** A read or search answered as FHIR JSON, every resource in it valid by the independent validator. */
  async function fhir<T extends Resource>(path: string, as: Auth, status = 200): Promise<T> {
    const response = await t.http().get(`/fhir/R4/${path}`).set(as).expect(status);
    expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(validateFhir(response.body)).toEqual([]);
    return response.body as T;
  }
  const ids = (bundle: Bundle) => (bundle.entry ?? []).map((entry) => entry.resource?.id);
  const problemCodes = (outcome: OperationOutcome) => outcome.issue.map((issue) => issue.details?.coding?.[0]?.code);
  const auditOf = async (patientId: string) =>
    (await t.http().get('/audit').query({ patientId }).set(bearer(t.adminToken)).expect(200)).body as { action: string; outcome: string; resource: string; resourceIds: string[]; endpoint: string }[];

  describe('ServiceRequest: the referral', () => {
    it('reads the referral: the assessment ordered for the patient by the referrer, of the unit', async () => {
      const request = await fhir<ServiceRequest>(`ServiceRequest/${anna.referralId}`, coordinator);
      expect(request).toEqual({
        resourceType: 'ServiceRequest',
        id: anna.referralId,
        status: 'active',
        intent: 'order',
        code: { text: 'Multimodal smärtrehabilitering, bedömning' },
        subject: { reference: `Patient/${anna.id}` },
        authoredOn: '2026-08-01',
        requester: { display: 'Dr. Lisa Ek, Vårdcentralen Skultuna' },
        performer: [{ reference: `HealthcareService/${c.site.id}` }],
        reasonCode: [{ text: expect.stringContaining('Långvarig smärta') }],
      });
    });

    it('searches by patient or subject, status and id', async () => {
      expect(ids(await fhir<Bundle>(`ServiceRequest?patient=Patient/${anna.id}`, coordinator))).toEqual([anna.referralId]);
      expect(ids(await fhir<Bundle>(`ServiceRequest?subject=${bo.id}`, coordinator))).toEqual([bo.referralId]);
      const drafts = await fhir<Bundle>('ServiceRequest?status=draft', coordinator);
      expect(ids(drafts)).toEqual([bo.referralId]);
      expect(drafts.entry?.[0].resource).toMatchObject({ status: 'draft' });
      expect(ids(await fhir<Bundle>('ServiceRequest?status=active,on-hold', coordinator))).toEqual([anna.referralId]);
      expect(ids(await fhir<Bundle>(`ServiceRequest?patient=Patient/${bo.id}&status=active`, coordinator))).toEqual([]);
      expect(ids(await fhir<Bundle>(`ServiceRequest?_id=${anna.referralId}`, coordinator))).toEqual([anna.referralId]);
      const unknown = await fhir<OperationOutcome>('ServiceRequest?status=accepted', coordinator, 400);
      expect(unknown.issue[0]).toMatchObject({ expression: ['status'], details: { coding: [expect.objectContaining({ code: 'validation.not_one_of' })] } });
    });

    it('is for the site’s staff, as the REST referrals are: a patient is refused even their own', async () => {
      const refused = await fhir<OperationOutcome>(`ServiceRequest/${anna.referralId}`, anna.token, 403);
      expect(problemCodes(refused)).toEqual(['access.forbidden']);
      await fhir<OperationOutcome>(`ServiceRequest?patient=Patient/${anna.id}`, anna.token, 403);
    });
  });

  describe('EpisodeOfCare: the episode and its phases', () => {
    it('reads the episode: finished at discharge, its statuses through time, the referral it answers', async () => {
      const today = (await t.http().get(`/episodes/${anna.episodeId}`).set(coordinator).expect(200)).body.discharge.on;
      const episode = await fhir<EpisodeOfCare>(`EpisodeOfCare/${anna.episodeId}`, coordinator);
      expect(episode).toMatchObject({
        id: anna.episodeId,
        status: 'finished',
        patient: { reference: `Patient/${anna.id}` },
        managingOrganization: { display: c.site.name },
        period: { start: '2026-08-01', end: today },
        referralRequest: [{ reference: `ServiceRequest/${anna.referralId}` }],
      });
      expect(episode.statusHistory?.map((entry) => entry.status)).toEqual(['waitlist', 'active', 'finished']);
      expect(episode.statusHistory?.[2].period).toEqual({ start: today });
    });

    it('searches by patient, status and id', async () => {
      expect(ids(await fhir<Bundle>(`EpisodeOfCare?patient=Patient/${anna.id}`, coordinator))).toEqual([anna.episodeId]);
      const waiting = await fhir<Bundle>('EpisodeOfCare?status=waitlist', coordinator);
      expect(ids(waiting)).toEqual([bo.episodeId]);
      expect(ids(await fhir<Bundle>('EpisodeOfCare?status=finished,cancelled', coordinator))).toEqual([anna.episodeId]);
      expect(ids(await fhir<Bundle>(`EpisodeOfCare?_id=${anna.episodeId}&status=waitlist`, coordinator))).toEqual([]);
    });

    it('pages the site’s episodes, the newest first, with a link to the next page', async () => {
      const first = await fhir<Bundle>('EpisodeOfCare?_count=1', coordinator);
      expect(first.total).toBe(2);
      expect(ids(first)).toEqual([bo.episodeId]);
      const next = first.link?.find((link) => link.relation === 'next')?.url ?? '';
      const second = await fhir<Bundle>(`EpisodeOfCare${next.slice(next.indexOf('?'))}`, coordinator);
      expect(ids(second)).toEqual([anna.episodeId]);
      expect(second.link?.map((link) => link.relation)).toEqual(['self']);
    });

    it('lets a patient read their own, and refuses another’s as REST does (404, logged as refused)', async () => {
      await fhir<EpisodeOfCare>(`EpisodeOfCare/${anna.episodeId}`, anna.token);
      expect(ids(await fhir<Bundle>('EpisodeOfCare', anna.token))).toEqual([anna.episodeId]);
      const other = await fhir<OperationOutcome>(`EpisodeOfCare/${bo.episodeId}`, anna.token, 404);
      expect(problemCodes(other)).toEqual(['not_found']);
      await fhir<OperationOutcome>(`EpisodeOfCare?patient=Patient/${bo.id}`, anna.token, 404);
      const refusals = (await auditOf(bo.id)).filter((entry) => entry.outcome === 'refused');
      expect(refusals).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ action: 'read', resource: 'episode', resourceIds: [bo.episodeId], endpoint: 'GET /fhir/R4/:type/:id' }),
          expect.objectContaining({ action: 'read', resource: 'patient', resourceIds: [bo.id], endpoint: 'GET /fhir/R4/:type' }),
        ]),
      );
    });
  });

  describe('Task: the NRS questionnaires', () => {
    it('reads a questionnaire: asked of the patient about the episode until its due date', async () => {
      const [atDischarge] = anna.taskIds;
      const task = await fhir<Task>(`Task/${atDischarge}`, coordinator);
      expect(task).toMatchObject({
        id: atDischarge,
        status: 'requested',
        intent: 'order',
        code: { coding: [expect.objectContaining({ code: 'nrs_at_discharge' })], text: 'NRS-formulär vid utskrivning' },
        for: { reference: `Patient/${anna.id}` },
        focus: { reference: `EpisodeOfCare/${anna.episodeId}` },
      });
    });

    it('searches by patient, status and id, and a patient reads their own', async () => {
      expect(ids(await fhir<Bundle>(`Task?patient=Patient/${anna.id}`, coordinator))).toEqual(anna.taskIds);
      expect(ids(await fhir<Bundle>('Task?status=requested', coordinator))).toEqual(anna.taskIds);
      expect(ids(await fhir<Bundle>('Task?status=completed', coordinator))).toEqual([]);
      expect(ids(await fhir<Bundle>(`Task?_id=${anna.taskIds[1]}`, coordinator))).toEqual([anna.taskIds[1]]);
      // An id is found as a read finds it: one not of ours is not found, even left empty.
      for (const id of ['not-a-task', '']) expect(problemCodes(await fhir<OperationOutcome>(`Task?_id=${id}`, coordinator, 404))).toEqual(['not_found']);
      expect(ids(await fhir<Bundle>('Task', anna.token))).toEqual(anna.taskIds);
      await fhir<Task>(`Task/${anna.taskIds[0]}`, anna.token);
    });

    it('refuses another patient’s questionnaire as a missing one', async () => {
      const stranger = bearer(await userToken(t, 'patient', { patientId: (await createPatient(t, c.site.id)).id }));
      await fhir<OperationOutcome>(`Task/${anna.taskIds[0]}`, stranger, 404);
      expect(ids(await fhir<Bundle>('Task', stranger))).toEqual([]);
      expect((await auditOf(anna.id)).filter((entry) => entry.outcome === 'refused')).toContainEqual(
        expect.objectContaining({ resource: 'episode_task', resourceIds: [anna.taskIds[0]], endpoint: 'GET /fhir/R4/:type/:id' }),
      );
    });
  });

  it('logs every read of the patient’s path as the REST reads are, through the FHIR routes', async () => {
    for (const path of [`ServiceRequest/${anna.referralId}`, `EpisodeOfCare/${anna.episodeId}`, `Task/${anna.taskIds[0]}`]) await fhir(path, coordinator);
    const fhirReads = (await auditOf(anna.id)).filter((entry) => entry.endpoint.startsWith('GET /fhir/R4/') && entry.outcome === 'allowed');
    const read = (resource: string, resourceId: string) => expect.objectContaining({ action: 'read', resource, resourceIds: [resourceId] });
    expect(fhirReads).toEqual(expect.arrayContaining([read('referral', anna.referralId), read('episode', anna.episodeId), read('episode_task', anna.taskIds[0])]));
  });
});
