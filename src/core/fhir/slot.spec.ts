import { parseSlotId, slotId, toFhirSlot } from './slot';

describe('a Slot', () => {
  const scheduleId = '0b1c2d3e-4f50-4a6b-8c7d-8e9fa0b1c2d3';
  const start = Date.parse('2027-01-11T09:00:00+01:00');
  const slot = { scheduleId, start, end: start + 45 * 60_000, status: 'free' as const };

  it('has an id of its schedule, start and length that reads back, within FHIR id rules', () => {
    const id = slotId(slot);
    expect(id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
    expect(id.startsWith(`${scheduleId}.`)).toBe(true);
    expect(id.endsWith('.45')).toBe(true);
    expect(parseSlotId(id)).toEqual({ scheduleId, start: slot.start, end: slot.end });
    // The latest start the service books (2199) still fits.
    expect(slotId({ ...slot, start: Date.parse('2199-12-31T23:00:00Z'), end: Date.parse('2200-01-01T07:00:00Z') }).length).toBeLessThanOrEqual(64);
  });

  it('refuses an id not of that form', () => {
    for (const id of ['x', `${scheduleId}.abc`, `${scheduleId}.abc.0`, `${scheduleId}.ABC.30`, `Schedule.abc.30`]) expect(parseSlotId(id)).toBeUndefined();
  });

  it('references its schedule, with the times in the site offset', () => {
    expect(toFhirSlot(slot, 'Europe/Stockholm')).toEqual({
      resourceType: 'Slot',
      id: slotId(slot),
      schedule: { reference: `Schedule/${scheduleId}` },
      status: 'free',
      start: '2027-01-11T09:00:00+01:00',
      end: '2027-01-11T09:45:00+01:00',
    });
  });
});
