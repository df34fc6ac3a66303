import { patientSchedule } from './patient-schedule';

describe('the patient’s printed schedule', () => {
  const visit = {
    kind: 'group_session' as const,
    assessment: null,
    groupProgram: { sessionNumber: 3 },
    start: new Date('2027-03-30T07:00:00Z'),
    end: new Date('2027-03-30T09:00:00Z'),
    zone: 'Europe/Stockholm',
    siteName: 'Smärtrehab Västerås',
    roomName: 'Grupprummet',
    disciplines: ['psychologist' as const, 'physiotherapist' as const, 'psychologist' as const],
  };

  it('gives each visit its time on the unit’s clock (summer time here), its place and the professions met, once each', () => {
    const schedule = patientSchedule({ patientName: 'Greta Holm', siteName: 'Smärtrehab Västerås', visits: [visit], phone: null, howToCancel: 'Ring oss.' });
    expect(schedule.visits).toEqual(['tisdag 30 mars 2027 kl. 09:00–11:00: Gruppträff 3, Smärtrehab Västerås, Grupprummet (psykolog, fysioterapeut)']);
    expect(schedule.howToCancel).toBe('Ring oss.');
  });

  it('tells how to cancel by the unit’s phone when the site has one, and leaves out what a visit lacks', () => {
    const schedule = patientSchedule({ patientName: 'G', siteName: 'S', visits: [{ ...visit, roomName: null, disciplines: [] }], phone: '021-17 30 00', howToCancel: 'x' });
    expect(schedule.visits[0]).toBe('tisdag 30 mars 2027 kl. 09:00–11:00: Gruppträff 3, Smärtrehab Västerås');
    expect(schedule.howToCancel).toBe('Om du inte kan komma: ring 021-17 30 00 så snart som möjligt.');
  });
});
