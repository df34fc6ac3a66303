import { ClosedDays } from '../time/holidays';
import { contains, Interval, overlaps } from '../time/interval';
import { localDateOf, localTimeOf } from '../time/local-time';
import { WorkingHoursBlock, workingIntervals } from '../time/working-hours';

export interface Absence extends Interval {
  reason: string;
}

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
  const date = localDateOf(visit.start, zone);
  if (localDateOf(visit.end - 1, zone) !== date) {
    return [{ field: 'end', problem: `must be on the same local day as start (${date})` }];
  }
  const closedReason = closedDays.reason(date);
  if (closedReason) return [{ field: 'start', problem: `the site is closed on ${date} (${closedReason})` }];

  const span = `${date} ${localTimeOf(visit.start, zone)}–${localTimeOf(visit.end, zone)}`;
  const violations: RuleViolation[] = [];
  for (const member of staff) {
    if (!workingIntervals(member.workingHours, date, zone).some((hours) => contains(hours, visit))) {
      violations.push({ field: 'staffIds', problem: `${member.name} does not work ${span}` });
    }
    const absence = member.absences.find((a) => overlaps(a, visit));
    if (absence) violations.push({ field: 'staffIds', problem: `${member.name} is absent (${absence.reason}) ${span}` });
  }
  return violations;
}
