import { uniqueViolation } from './unique-constraints';

describe('uniqueViolation', () => {
  it('says a known constraint in the domain’s words and names the field', () => {
    expect(uniqueViolation('assessments_one_per_referral')).toEqual({
      statusCode: 409,
      error: 'Conflict',
      code: 'unique.assessments_one_per_referral',
      message: 'this referral already has an assessment',
      details: [{ field: 'referralId', problem: 'this referral already has an assessment', code: 'unique.assessments_one_per_referral', params: {} }],
    });
  });

  it('says a plain domain sentence for a constraint it does not know, or none named', () => {
    for (const constraint of ['some_new_table_code_key', undefined]) {
      expect(uniqueViolation(constraint)).toEqual({ statusCode: 409, error: 'Conflict', code: 'unique.exists', message: 'this exists already' });
    }
  });
});
