import { pushTo, WeekDemand, weekList } from './demand';
import { ProgramCalendar } from './program-calendar';
import { IndividualPlanRequest, MixEntry, PlanNote, planNote, PlannedIndividualVisit } from './request';

/**
 * Continuity of staff (goal 3): the staff of each discipline ranked once, up front, so the first is
 * the discipline's main staff member for the whole program; and the notes saying who was seen.
 */

/**
 * The staff of a mix entry's discipline, best first: the preferred member when given, then those who
 * can take the discipline's visits in the most weeks, then those with the most free days, then
 * request order.
 */
export function rankStaff(
  calendar: ProgramCalendar,
  request: IndividualPlanRequest,
  entry: MixEntry,
  e: number,
  demands: readonly WeekDemand[],
  notes: PlanNote[],
): number[] {
  const members = request.staff.flatMap((member, index) => (member.discipline === entry.discipline ? [index] : []));
  const scores = new Map<number, { weeks: number; days: number }>();
  for (const staff of members) {
    let weeks = 0;
    let days = 0;
    demands.forEach((demand, week) => {
      let free = 0;
      for (let day = week * 7; day < week * 7 + 7; day++) if (calendar.hasSlot(staff, day)) free++;
      days += free;
      if (demand.perEntry[e] > 0 && free * request.maxVisitsPerDay >= demand.perEntry[e]) weeks++;
    });
    scores.set(staff, { weeks, days });
  }
  const ranked = [...members].sort((a, b) => {
    const sa = scores.get(a)!;
    const sb = scores.get(b)!;
    return sb.weeks - sa.weeks || sb.days - sa.days || a - b;
  });
  const preferredId = request.preferredStaff?.[entry.discipline];
  if (preferredId !== undefined) {
    const preferred = ranked.find((staff) => request.staff[staff].id === preferredId);
    if (preferred === undefined) notes.push(planNote('individual.preferred_not_on_staff', { discipline: entry.discipline, preferredStaffId: preferredId }));
    else {
      ranked.splice(ranked.indexOf(preferred), 1);
      ranked.unshift(preferred);
    }
  }
  return ranked;
}

export function continuityNotes(
  request: IndividualPlanRequest,
  entries: readonly MixEntry[],
  ranked: readonly (readonly number[])[],
  visits: readonly PlannedIndividualVisit[],
): PlanNote[] {
  return entries.flatMap((entry, e) => {
    const own = visits.filter((visit) => visit.discipline === entry.discipline);
    if (own.length === 0 || ranked[e].length === 0) return [];
    const main = request.staff[ranked[e][0]];
    const switched = new Map<number, string[]>();
    for (const visit of own) {
      if (visit.staffId !== main.id) pushTo(switched, visit.week, visit.staffId);
    }
    const seen = { discipline: entry.discipline, staff: main.name, staffId: main.id };
    if (switched.size === 0) return [planNote('individual.same_staff_throughout', seen)];
    const weeks = [...switched.keys()];
    const otherIds = [...new Set([...switched.values()].flat())];
    const others = otherIds.map((id) => request.staff.find((member) => member.id === id)!.name);
    return [planNote('individual.staff_except_weeks', { ...seen, weeks: weekList(weeks), others: others.join(', '), otherIds: otherIds.join(', ') })];
  });
}
