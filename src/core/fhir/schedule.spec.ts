import { toFhirSchedule } from './schedule';

describe('a Schedule', () => {
  const member = { kind: 'staff' as const, id: '0b1c2d3e-4f50-4a6b-8c7d-8e9fa0b1c2d3', name: 'Eva Fysio', deactivatedFrom: null };

  it("is a staff member's (Practitioner) or a room's (Location), with the name as display", () => {
    expect(toFhirSchedule(member, '2027-01-11')).toEqual({
      resourceType: 'Schedule',
      id: member.id,
      active: true,
      actor: [{ reference: `Practitioner/${member.id}`, display: 'Eva Fysio' }],
    });
    expect(toFhirSchedule({ ...member, kind: 'room', name: 'Gymmet' }, '2027-01-11').actor).toEqual([{ reference: `Location/${member.id}`, display: 'Gymmet' }]);
  });

  it('is active until the date its owner goes out of use', () => {
    expect(toFhirSchedule({ ...member, deactivatedFrom: '2027-01-12' }, '2027-01-11').active).toBe(true);
    expect(toFhirSchedule({ ...member, deactivatedFrom: '2027-01-11' }, '2027-01-11').active).toBe(false);
  });
});
