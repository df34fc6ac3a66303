import { QueryFailedError } from 'typeorm';
import { overlapViolation } from './booking-conflict';

function exclusionError(constraint: string, detail: string) {
  return new QueryFailedError('INSERT ...', [], Object.assign(new Error('conflicting key value'), { code: '23P01', constraint, detail }));
}

describe('overlap violations', () => {
  it('reads the resource and range already holding the time from PostgreSQL’s detail', () => {
    const error = exclusionError(
      'appointment_staff_no_overlap',
      'Key (staff_id, during)=(6f1c2c3e-1111-4a4a-8b8b-000000000001, ["2026-11-24 09:30:00+01","2026-11-24 10:30:00+01")) ' +
        'conflicts with existing key (staff_id, during)=(6f1c2c3e-1111-4a4a-8b8b-000000000001, ["2026-11-24 09:00:00+01","2026-11-24 10:00:00+01")).',
    );
    expect(overlapViolation(error)).toEqual({
      constraint: 'appointment_staff_no_overlap',
      resourceId: '6f1c2c3e-1111-4a4a-8b8b-000000000001',
      existingRange: '["2026-11-24 09:00:00+01","2026-11-24 10:00:00+01")',
    });
  });

  it('ignores other database errors', () => {
    expect(overlapViolation(exclusionError('some_other_constraint', 'Key (x)=(1) conflicts with existing key (x)=(1).'))).toBeUndefined();
    expect(overlapViolation(new Error('boom'))).toBeUndefined();
  });
});
