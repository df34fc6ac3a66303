import { APPOINTMENT_KIND_SYSTEM, appointmentStatusOf, requestedBooking, toFhirAppointment } from './appointment';
import { slotId } from './slot';

const patientId = '11111111-1111-4111-8111-111111111111';
const staffId = '22222222-2222-4222-8222-222222222222';
const roomId = '33333333-3333-4333-8333-333333333333';

describe('an Appointment', () => {
  const view = {
    id: '44444444-4444-4444-8444-444444444444',
    kind: 'assessment_visit' as const,
    label: 'Bedömningsbesök hos fysioterapeut',
    roomId,
    start: '2027-01-11T09:00:00+01:00',
    end: '2027-01-11T10:00:00+01:00',
    status: 'booked' as const,
    cancelReason: null,
    staffIds: [staffId],
    patientIds: [patientId],
  };

  it('has our kind as its type, the time, and every patient, staff member and the room as accepted participants', () => {
    expect(toFhirAppointment(view)).toEqual({
      resourceType: 'Appointment',
      id: view.id,
      status: 'booked',
      appointmentType: { coding: [{ system: APPOINTMENT_KIND_SYSTEM, code: 'assessment_visit', display: 'Assessment visit' }] },
      description: 'Bedömningsbesök hos fysioterapeut',
      start: view.start,
      end: view.end,
      minutesDuration: 60,
      participant: [
        { actor: { reference: `Patient/${patientId}` }, status: 'accepted' },
        { actor: { reference: `Practitioner/${staffId}` }, status: 'accepted' },
        { actor: { reference: `Location/${roomId}` }, status: 'accepted' },
      ],
    });
  });

  it('tells our statuses as FHIR does, with the reason of a cancellation', () => {
    expect(toFhirAppointment({ ...view, status: 'cancelled', cancelReason: 'sjuk' })).toMatchObject({ status: 'cancelled', cancelationReason: { text: 'sjuk' } });
    expect(toFhirAppointment({ ...view, status: 'attended' }).status).toBe('fulfilled');
    expect(toFhirAppointment({ ...view, status: 'no_show', roomId: null })).toMatchObject({ status: 'noshow', participant: [expect.anything(), expect.anything()] });
    expect([appointmentStatusOf('fulfilled'), appointmentStatusOf('noshow'), appointmentStatusOf('proposed')]).toEqual(['attended', 'no_show', undefined]);
  });
});

describe('a booking asked for as an Appointment', () => {
  const asked = {
    resourceType: 'Appointment',
    status: 'booked',
    appointmentType: { coding: [{ system: APPOINTMENT_KIND_SYSTEM, code: 'individual_visit' }] },
    start: '2027-01-11T09:00:00+01:00',
    end: '2027-01-11T10:00:00+01:00',
    participant: [{ actor: { reference: `Patient/${patientId}` } }, { actor: { reference: `Practitioner/${staffId}` } }, { actor: { reference: `Location/${roomId}` } }],
  };

  it('is what POST /appointments takes', () => {
    expect(requestedBooking(asked)).toEqual({
      booking: { kind: 'individual_visit', start: asked.start, end: asked.end, patientIds: [patientId], staffIds: [staffId], roomId },
    });
  });

  it("takes the time from one of our Slots when start and end are left out", () => {
    const start = Date.parse(asked.start);
    const slot = slotId({ scheduleId: staffId, start, end: start + 45 * 60_000 });
    expect(requestedBooking({ ...asked, start: undefined, end: undefined, slot: [{ reference: `Slot/${slot}` }] })).toMatchObject({
      booking: { start: '2027-01-11T08:00:00.000Z', end: '2027-01-11T08:45:00.000Z' },
    });
  });

  it('names each problem at its FHIR path', () => {
    const problems = (body: unknown) => ('problems' in requestedBooking(body) ? (requestedBooking(body) as { problems: { field: string; code: string }[] }).problems.map((p) => `${p.field} ${p.code}`) : []);
    expect(problems({ ...asked, status: 'proposed', start: '11 Jan', appointmentType: { text: 'besök' } })).toEqual(['status validation.not_one_of', 'appointmentType fhir.coding_required', 'start validation.instant_format']);
    expect(problems({ ...asked, participant: [{ actor: { reference: 'Group/1' } }, { actor: { reference: `Location/${roomId}` } }, { actor: { reference: `Location/${staffId}` } }] })).toEqual([
      'participant[0].actor.reference fhir.not_a_reference',
      'participant fhir.participant_missing',
      'participant fhir.participant_missing',
      'participant validation.too_many',
    ]);
    expect(problems({ ...asked, participant: [...asked.participant, { actor: { reference: `Patient/${patientId}` } }] })).toEqual(['participant validation.duplicates']);
    expect(problems({ ...asked, start: undefined, end: undefined, slot: [{ reference: 'Slot/x' }] })).toEqual(['slot fhir.not_a_reference']);
    expect(problems({ ...asked, start: '1990-01-11T09:00:00+01:00' })).toEqual(['start validation.instant_window']);
    expect(problems([])).toContain('resourceType validation.not_one_of');
  });
});
