import { isLateCancellation } from './late-cancellation';

describe('isLateCancellation', () => {
  const start = new Date('2027-02-01T09:00:00Z');
  const hoursBefore = (hours: number) => new Date(start.getTime() - hours * 3_600_000);

  it('counts the patient’s cancellations and illness within the hours, and after the start', () => {
    expect(isLateCancellation('patient_cancelled', start, hoursBefore(24), 24)).toBe(true);
    expect(isLateCancellation('illness', start, hoursBefore(2), 24)).toBe(true);
    expect(isLateCancellation('patient_cancelled', start, hoursBefore(-1), 24)).toBe(true);
    expect(isLateCancellation('patient_cancelled', start, hoursBefore(24.01), 24)).toBe(false);
  });

  it('never counts the unit’s cancellations or one without a category', () => {
    expect(isLateCancellation('unit_cancelled', start, hoursBefore(1), 24)).toBe(false);
    expect(isLateCancellation(null, start, hoursBefore(1), 24)).toBe(false);
  });
});
