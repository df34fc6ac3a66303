import { HttpException } from '@nestjs/common';
import { searchset } from './bundle';
import { capabilityStatement } from './capability-statement';
import { FhirResourceType } from './fhir-resources';
import { parseSearch, referenceId } from './fhir-search';
import { operationOutcome, PROBLEM_CODE_SYSTEM } from './operation-outcome';

const slots: FhirResourceType = {
  type: 'Slot',
  searchParams: [
    { name: 'schedule', type: 'reference', documentation: 'the schedule' },
    { name: 'start', type: 'date', documentation: 'when' },
  ],
  read: async () => ({ resourceType: 'Slot', id: 'x', schedule: { reference: 'Schedule/x' }, status: 'free', start: '', end: '' }),
  search: async () => ({ resources: [], total: 0 }),
};

/** The body of the API error a call throws. */
function refusal(call: () => unknown): { statusCode: number; details: { field: string; code: string; params: object }[] } {
  try {
    call();
  } catch (error) {
    if (error instanceof HttpException) return error.getResponse() as never;
    throw error;
  }
  throw new Error('not refused');
}

describe('the FHIR foundation', () => {
  it('reads a search with repeats and the page, and refuses what the type does not search on, naming it', () => {
    const search = parseSearch(slots, { schedule: 'Schedule/1', start: ['ge2027-01-11', 'lt2027-01-18'], _count: '5', _offset: '10' });
    expect([...search.params]).toEqual([
      ['schedule', ['Schedule/1']],
      ['start', ['ge2027-01-11', 'lt2027-01-18']],
    ]);
    expect(search).toMatchObject({ count: 5, offset: 10 });
    expect(parseSearch(slots, {})).toMatchObject({ count: 20, offset: 0 });
    expect(refusal(() => parseSearch(slots, { actor: 'x' })).details).toEqual([expect.objectContaining({ field: 'actor', code: 'fhir.unknown_search_param', params: { type: 'Slot', known: 'schedule, start' } })]);
    expect(refusal(() => parseSearch(slots, { _count: '500' })).details).toEqual([expect.objectContaining({ field: '_count', code: 'validation.too_large' })]);
    expect(refusal(() => parseSearch(slots, { _count: '0' })).details).toEqual([expect.objectContaining({ field: '_count', code: 'validation.too_small' })]);
    expect(refusal(() => parseSearch(slots, { _offset: 'x' })).details).toEqual([expect.objectContaining({ field: '_offset', code: 'validation.not_integer' })]);
    expect(refusal(() => parseSearch(slots, { start: ['a', 'b', 'c', 'd', 'e'] })).details).toEqual([expect.objectContaining({ field: 'start', code: 'validation.too_many' })]);
    expect(refusal(() => parseSearch(slots, { schedule: 'x'.repeat(201) })).details).toEqual([expect.objectContaining({ field: 'schedule', code: 'validation.too_long' })]);
  });

  it('takes a reference as Type/id or a bare id, of the types allowed only', () => {
    const id = '0b1c2d3e-4f50-4a6b-8c7d-8e9fa0b1c2d3';
    expect(referenceId('actor', `Practitioner/${id}`, ['Practitioner', 'Location'])).toEqual({ type: 'Practitioner', id });
    expect(referenceId('actor', id.toUpperCase(), ['Practitioner'])).toEqual({ type: 'Practitioner', id });
    expect(refusal(() => referenceId('actor', `Patient/${id}`, ['Practitioner'])).details).toEqual([expect.objectContaining({ field: 'actor', code: 'fhir.not_a_reference' })]);
    expect(refusal(() => referenceId('actor', 'Practitioner/1', ['Practitioner'])).details).toEqual([expect.objectContaining({ field: 'actor', code: 'fhir.not_a_reference' })]);
  });

  it('links a page to itself and to the next while matches remain, the search as asked', () => {
    const search = parseSearch(slots, { schedule: 'Schedule/1', _count: '2' });
    const resource = { resourceType: 'Slot' as const, id: 'a', schedule: { reference: 'Schedule/1' }, status: 'free' as const, start: '2027-01-11T08:00:00+01:00', end: '2027-01-11T09:00:00+01:00' };
    const first = searchset('http://h/fhir/R4', 'Slot', search, { resources: [resource, { ...resource, id: 'b' }], total: 3 });
    expect(first).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 3, entry: [{ fullUrl: 'http://h/fhir/R4/Slot/a', search: { mode: 'match' } }, { fullUrl: 'http://h/fhir/R4/Slot/b' }] });
    expect(first.link).toEqual([
      { relation: 'self', url: 'http://h/fhir/R4/Slot?schedule=Schedule%2F1&_count=2' },
      { relation: 'next', url: 'http://h/fhir/R4/Slot?schedule=Schedule%2F1&_count=2&_offset=2' },
    ]);
    const last = searchset('http://h/fhir/R4', 'Slot', { ...search, offset: 2 }, { resources: [resource], total: 3 });
    expect(last.link).toEqual([{ relation: 'self', url: 'http://h/fhir/R4/Slot?schedule=Schedule%2F1&_count=2&_offset=2' }]);
  });

  it('tells an API error as an OperationOutcome: one issue per detail, the problem code as a coding, the field as expression', () => {
    const outcome = operationOutcome({
      statusCode: 409,
      error: 'Conflict',
      code: 'booking.conflict',
      message: 'the time is already booked',
      details: [{ field: 'roomId', problem: 'room Gymmet is already booked at this time', code: 'booking.room_booked', params: { room: 'Gymmet' } }],
    });
    expect(outcome).toEqual({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'conflict', details: { coding: [{ system: PROBLEM_CODE_SYSTEM, code: 'booking.room_booked' }], text: 'room Gymmet is already booked at this time' }, expression: ['roomId'] }],
    });
    expect(operationOutcome({ statusCode: 401, error: 'Unauthorized', code: 'auth.unauthorized', message: 'sign in first' }).issue).toEqual([
      { severity: 'error', code: 'login', details: { coding: [{ system: PROBLEM_CODE_SYSTEM, code: 'auth.unauthorized' }], text: 'sign in first' } },
    ]);
    expect(operationOutcome({ statusCode: 500, error: 'Internal Server Error', code: 'server.error', message: 'internal server error' }).issue[0].code).toBe('exception');
  });

  it('states exactly the interactions and searches each type has', () => {
    const statement = capabilityStatement([slots, { type: 'Patient', searchParams: [], read: slots.read }], 'http://h/fhir/R4', '2026-12-02T00:00:00Z');
    expect(statement.rest?.[0].resource).toEqual([
      {
        type: 'Slot',
        interaction: [{ code: 'read' }, { code: 'search-type' }],
        searchParam: [
          { name: 'schedule', type: 'reference', documentation: 'the schedule' },
          { name: 'start', type: 'date', documentation: 'when' },
        ],
      },
      { type: 'Patient', interaction: [{ code: 'read' }] },
    ]);
  });
});
