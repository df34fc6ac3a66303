import { dateSearchWindow } from './date-search';

const STOCKHOLM = 'Europe/Stockholm';
const at = (iso: string) => Date.parse(iso);

describe('a FHIR date search value', () => {
  it('takes local dates as whole days in the site zone, each prefix its own side', () => {
    expect(dateSearchWindow(['ge2027-01-11', 'lt2027-01-18'], STOCKHOLM)).toEqual({ from: at('2027-01-11T00:00:00+01:00'), to: at('2027-01-18T00:00:00+01:00') });
    expect(dateSearchWindow(['2027-01-11'], STOCKHOLM)).toEqual({ from: at('2027-01-11T00:00:00+01:00'), to: at('2027-01-12T00:00:00+01:00') });
    expect(dateSearchWindow(['eq2027-07-01'], STOCKHOLM)).toEqual({ from: at('2027-07-01T00:00:00+02:00'), to: at('2027-07-02T00:00:00+02:00') });
    expect(dateSearchWindow(['gt2027-01-11', 'le2027-01-12'], STOCKHOLM)).toEqual({ from: at('2027-01-12T00:00:00+01:00'), to: at('2027-01-13T00:00:00+01:00') });
  });

  it('takes instants with their offset, and lets repeats narrow each other', () => {
    expect(dateSearchWindow(['ge2027-01-11T09:30:00+01:00'], STOCKHOLM)).toEqual({ from: at('2027-01-11T08:30:00Z') });
    expect(dateSearchWindow(['gt2027-01-11T09:30Z'], STOCKHOLM)).toEqual({ from: at('2027-01-11T09:31:00Z') });
    expect(dateSearchWindow(['ge2027-01-01', 'ge2027-01-11', 'lt2027-02-01', 'lt2027-01-18'], STOCKHOLM)).toEqual({ from: at('2027-01-11T00:00:00+01:00'), to: at('2027-01-18T00:00:00+01:00') });
    expect(dateSearchWindow([], STOCKHOLM)).toEqual({});
  });

  it('is refused for anything else', () => {
    for (const value of ['2027-02-30', 'ne2027-01-11', 'ge', '2027-01-11T09:30', 'ge11 January', '2027-1-11']) expect(dateSearchWindow([value], STOCKHOLM)).toBeUndefined();
  });
});
