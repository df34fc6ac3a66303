import { ClosedDays } from '../time/holidays';
import { Interval } from '../time/interval';
import { localDateOf, localTimeOf } from '../time/local-time';
import { WorkingHoursBlock } from '../time/working-hours';
import { Absence, VisitRuleBreach, visitRuleBreaches } from './visit-rules';

/** What the rules need to know about one staff member for the day in question. */
export interface StaffAvailability {
  name: string;
  workingHours: readonly WorkingHoursBlock[];
  absences: readonly Absence[];
}

export interface RuleViolation {
  field: string;
  problem: string;
}

/**
 * The calendar rules every booking obeys, checked in the site's time zone: one local day, the site
 * open, every staff member on duty and present. Overlaps with other bookings are not checked here:
 * the database's exclusion constraints decide those, race-free.
 */
export function bookingRuleViolations(
  visit: Interval,
  zone: string,
  closedDays: ClosedDays,
  staff: readonly StaffAvailability[],
): RuleViolation[] {
  const breaches = visitRuleBreaches(visit, { zone, closedDays, staff });
  // A visit over two days, or on a closed one, is refused for that alone: nobody works it anyway.
  const day = breaches.find((breach) => breach.rule === 'one-day') ?? breaches.find((breach) => breach.rule === 'site-closed');
  const span = () => `${localDateOf(visit.start, zone)} ${localTimeOf(visit.start, zone)}–${localTimeOf(visit.end, zone)}`;
  return (day ? [day] : breaches).map((breach) => bookingViolation(breach, span));
}

/** A breach in the words BookingService answers with (a 422's details). */
function bookingViolation(breach: VisitRuleBreach, span: () => string): RuleViolation {
  switch (breach.rule) {
    case 'one-day':
      return { field: 'end', problem: `must be on the same local day as start (${breach.date})` };
    case 'site-closed':
      return { field: 'start', problem: `the site is closed on ${breach.date} (${breach.reason})` };
    case 'not-working':
      return { field: 'staffIds', problem: `${breach.member.name} does not work ${span()}` };
    case 'staff-absent':
      return { field: 'staffIds', problem: `${breach.member.name} is absent (${breach.absence.reason}) ${span()}` };
    default:
      // A booking gives the checker no length, room, patient, grid or busy time: nothing else can come back.
      throw new Error(`a booking cannot break the rule ${breach.rule}`);
  }
}
