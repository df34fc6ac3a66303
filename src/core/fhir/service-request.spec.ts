import { DEMO_REFERRER } from '../rules/demo-referral';
import { referralStatusesOf, ReferralView, serviceRequestOf } from './service-request';

const referral: ReferralView = {
  id: '5b1c7f0e-4a8e-4f51-9d0a-6f7f0b6f2a11',
  siteId: '0c7d8a52-1b6e-4f3a-8a3e-7d2b9e1c4f00',
  patientId: 'a3e1f6c2-9b7d-4e58-8c21-3f4a5b6c7d8e',
  status: 'awaiting_decision',
  receivedDate: '2026-12-01',
  referrer: DEMO_REFERRER,
  contents: { reasonForReferral: 'Långvarig smärta' },
};

describe('a referral as a FHIR ServiceRequest', () => {
  it('orders the assessment for the patient, from the referrer by name and unit, of the unit', () => {
    expect(serviceRequestOf(referral)).toEqual({
      resourceType: 'ServiceRequest',
      id: referral.id,
      status: 'active',
      intent: 'order',
      code: { text: 'Multimodal smärtrehabilitering, bedömning' },
      subject: { reference: `Patient/${referral.patientId}` },
      authoredOn: '2026-12-01',
      requester: { display: 'Dr. Lisa Ek, Vårdcentralen Skultuna' },
      performer: [{ reference: `HealthcareService/${referral.siteId}` }],
      reasonCode: [{ text: 'Långvarig smärta' }],
    });
  });

  it('has no reason when the referral gives none', () => {
    expect(serviceRequestOf({ ...referral, contents: {} })).not.toHaveProperty('reasonCode');
  });

  it.each([
    ['incomplete', 'draft'],
    ['awaiting_decision', 'active'],
    ['accepted', 'active'],
    ['more_information_requested', 'on-hold'],
    ['rejected', 'revoked'],
  ] as const)('says a referral %s is %s', (ours, fhir) => {
    expect(serviceRequestOf({ ...referral, status: ours }).status).toBe(fhir);
  });

  it('searches a FHIR status as the statuses of ours it stands for', () => {
    expect(referralStatusesOf(['active'])).toEqual(['awaiting_decision', 'accepted']);
    expect(referralStatusesOf(['draft', 'revoked'])).toEqual(['incomplete', 'rejected']);
    expect(referralStatusesOf(['completed'])).toEqual([]);
  });
});
