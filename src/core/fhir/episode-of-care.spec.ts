import { episodeOfCareOf, EpisodeView, phasesOf } from './episode-of-care';

const episode: EpisodeView = {
  id: '5b1c7f0e-4a8e-4f51-9d0a-6f7f0b6f2a11',
  referralId: '0c7d8a52-1b6e-4f3a-8a3e-7d2b9e1c4f00',
  patientId: 'a3e1f6c2-9b7d-4e58-8c21-3f4a5b6c7d8e',
  phase: 'referred',
  startedOn: '2026-08-01',
  transitions: [{ to: 'referred', onDate: '2026-08-01' }],
  siteName: 'Smärtrehab Västerås',
};

describe('an episode as a FHIR EpisodeOfCare', () => {
  it('is the patient’s at the unit, answering the referral, waiting from the referral’s arrival', () => {
    expect(episodeOfCareOf(episode)).toEqual({
      resourceType: 'EpisodeOfCare',
      id: episode.id,
      status: 'waitlist',
      statusHistory: [{ status: 'waitlist', period: { start: '2026-08-01' } }],
      type: [{ text: 'Multimodal smärtrehabilitering' }],
      patient: { reference: `Patient/${episode.patientId}` },
      managingOrganization: { display: 'Smärtrehab Västerås' },
      period: { start: '2026-08-01' },
      referralRequest: [{ reference: `ServiceRequest/${episode.referralId}` }],
    });
  });

  it('keeps phases FHIR calls the same as one status, and ends the period at discharge', () => {
    const discharged = episodeOfCareOf({
      ...episode,
      phase: 'followed_up',
      transitions: [
        { to: 'referred', onDate: '2026-08-01' },
        { to: 'assessment', onDate: '2026-08-20' },
        { to: 'group_rehab', onDate: '2026-10-06' },
        { to: 'discharged', onDate: '2026-12-01' },
        { to: 'followed_up', onDate: '2027-12-01' },
      ],
    });
    expect(discharged.status).toBe('finished');
    expect(discharged.statusHistory).toEqual([
      { status: 'waitlist', period: { start: '2026-08-01', end: '2026-08-20' } },
      { status: 'active', period: { start: '2026-08-20', end: '2026-12-01' } },
      { status: 'finished', period: { start: '2026-12-01' } },
    ]);
    expect(discharged.period).toEqual({ start: '2026-08-01', end: '2026-12-01' });
  });

  it('searches a FHIR status as the phases it stands for', () => {
    expect(phasesOf(['active'])).toEqual(['assessment', 'group_rehab', 'individual_rehab', 'other_measures']);
    expect(phasesOf(['waitlist', 'finished'])).toEqual(['referred', 'discharged', 'followed_up']);
    expect(phasesOf(['cancelled'])).toEqual([]);
  });
});
