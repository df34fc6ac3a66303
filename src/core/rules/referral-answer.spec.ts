import { DischargeSummary, referralAnswerText } from './referral-answer';

const summary: DischargeSummary = {
  patient: { name: 'Greta Holm', personalNumber: '19800101-1234' },
  referrer: { name: 'Dr. Lisa Ek', unit: 'Vårdcentralen Skultuna', unitKind: 'primary_care', contact: '021-12 34 56' },
  siteName: 'Smärtrehab Västerås',
  assessment: {
    visits: [
      { part: 'nurse', date: '2026-09-01' },
      { part: 'physician', date: '2026-09-02' },
    ],
    feedbackOn: '2026-09-08',
    outcome: 'individual_rehab',
    outcomeNote: null,
  },
  program: { kind: 'individual', attended: 20, missed: 2, cancelled: 2, unrecorded: 0 },
  discharge: { on: '2027-05-10', closingNote: 'Målen nådda.', rehabilitationPlan: 'Fortsatt träning två gånger i veckan.', recommendations: 'Gradvis upptrappning i arbete.' },
  sickLeave: { backToReferrerFrom: '2027-05-11', accepted: false },
};

describe('the referral answer', () => {
  it('tells the referrer what was done, how the patient took part, the plan and the recommendations', () => {
    const text = referralAnswerText(summary);
    expect(text).toContain('Till: Dr. Lisa Ek, Vårdcentralen Skultuna');
    expect(text).toContain('- Sjuksköterska: 2026-09-01');
    expect(text).toContain('- Återkopplingssamtal: 2026-09-08');
    expect(text).toContain('Utfall: individuell rehabilitering');
    expect(text).toContain('Närvaro: 20 av 24 tillfällen, 2 uteblivna, 2 inställda.');
    expect(referralAnswerText({ ...summary, program: { ...summary.program!, unrecorded: 3 } })).toContain(
      'Närvaro: 20 av 27 tillfällen, 2 uteblivna, 2 inställda, 3 utan registrerad närvaro.',
    );
    expect(text).toContain('Rehabiliteringsplan\nFortsatt träning två gånger i veckan.');
    expect(text).toContain('Rekommendationer\nGradvis upptrappning i arbete.');
    expect(text).toContain('Sjukskrivningsansvaret föreslås återgå till remittenten från 2027-05-11.');
  });

  it('leaves out the program and the sick leave when there were none', () => {
    const text = referralAnswerText({ ...summary, program: null, sickLeave: null });
    expect(text).not.toContain('Närvaro');
    expect(text).not.toContain('Sjukskrivningsansvaret');
  });
});
