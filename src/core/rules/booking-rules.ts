import { ClosedDays } from '../time/holidays';
import { Interval } from '../time/interval';
import { localDateOf, localTimeOf } from '../time/local-time';
import { WorkingHoursBlock } from '../time/working-hours';
import { Params, ProblemCode, problemAt } from '../problem-codes';
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
  code: ProblemCode;
  params: Params;
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
  const span = () => ({ date: localDateOf(visit.start, zone), start: localTimeOf(visit.start, zone), end: localTimeOf(visit.end, zone) });
  return (day ? [day] : breaches).map((breach) => bookingViolation(breach, span));
}

/** A breach in the words BookingService answers with (a 422's details). */
function bookingViolation(breach: VisitRuleBreach, span: () => { date: string; start: string; end: string }): RuleViolation {
  switch (breach.rule) {
    case 'one-day':
      return problemAt('end', 'booking.other_day', { date: breach.date });
    case 'site-closed':
      return problemAt('start', 'booking.site_closed', { date: breach.date, reason: breach.reason });
    case 'not-working':
      return problemAt('staffIds', 'booking.staff_not_working', { staff: breach.member.name, ...span() });
    case 'staff-absent':
      return problemAt('staffIds', 'booking.staff_absent', { staff: breach.member.name, reason: breach.absence.reason, ...span() });
    default:
      // A booking gives the checker no length, room, patient, grid or busy time: nothing else can come back.
      throw new Error(`a booking cannot break the rule ${breach.rule}`);
  }
}
