import { weeklyDemands } from './demand';
import { ProgramCalendar } from './program-calendar';
import { IndividualPlan, IndividualPlanRequest, PlanNote, planNote, PlannedIndividualVisit, validate, WeekReport } from './request';
import { continuityNotes, rankStaff } from './staffing';
import { WeekPlanner } from './week-planner';

/**
 * Plans an individual rehabilitation program (DOMAIN.md step 6): for `weeks` weeks, `visitsPerWeek`
 * visits a week with the disciplines of a mix (e.g. physiotherapist twice a week, psychologist weekly,
 * physician every other week).
 *
 * This is a HEURISTIC planner: it does not search for the exact optimum of the whole program.
 *
 * Guaranteed:
 * - every returned visit obeys every rule that individualPlanViolations checks (working hours of its
 *   staff member that local day, on the slot grid of that working interval, no overlap with staff,
 *   room or patient busy time nor with another visit of the plan, site open, patient available, a
 *   room of the discipline's kind, at most maxVisitsPerDay visits a local day);
 * - a week never gets more visits than its target (visitsPerWeek, or the mix's count when that is
 *   larger), and a week whose target is not met has at least one problem (a coded PlanNote) saying why.
 *
 * Goals, in order: (1) the weekly target; (2) the mix of the week; (3) continuity of staff;
 * (4) spread over the week; (5) same time of day (and weekdays) as earlier weeks; (6) early in the week.
 *
 * How: weeks do not share days, so each week is planned on its own, in order. Within a week, a
 * dynamic program over its 7 days (state: visits per discipline so far, and whether the two previous
 * days had visits) minimises, lexicographically:
 *   - visits missing from the target (goal 1),
 *   - visits of a discipline beyond its demand, i.e. substitutes, then disciplines of the week left
 *     out entirely (goal 2),
 *   - visits not with the discipline's main staff member, then the rank of the members used (goal 3),
 *   - runs of three consecutive days with visits, days with more than one visit, pairs of
 *     consecutive days with visits, counting the previous week's last two days (goal 4),
 *   - minutes away from the discipline's routine time (that of its first planned visit), then visits
 *     on a weekday the discipline did not use the week before (goal 5),
 *   - minutes from the start of the week (goal 6).
 * The program runs first without substitutes, which settles every week that can keep its mix, and
 * again with substitutes only for a week that cannot. With maxVisitsPerDay = 1 and realistic sizes
 * (a layer of the program stays under MAX_LAYER states) this is exact for the week given the earlier
 * weeks: in particular every week gets the largest number of visits its calendar allows, so the
 * number of weeks fully met and the total number of visits are both maximal. What is heuristic:
 *   - larger programs (many visits a week, several a day) keep only the best MAX_LAYER partial
 *     weeks per day (a beam search);
 *   - the main staff member of a discipline is fixed up front (the preferred one if given, otherwise
 *     the one who can take the discipline's visits in the most weeks); on a day the main member cannot,
 *     the best-ranked colleague with a free slot takes the visit;
 *   - on one day, each discipline's visit takes the slot of its staff member nearest the routine time
 *     (earliest on ties), and the routine is fixed by the first week; weeks are not revised afterwards;
 *   - with maxVisitsPerDay > 1 the visits of one day are packed greedily (then, if that fails,
 *     back to back as early as possible), so a day may be judged unable to take a combination it
 *     could take;
 *   - minutes of day are wall-clock minutes of the working block's start plus elapsed time, which is
 *     off by the DST shift only on the (Sunday) day of the change.
 *
 * Where the rules leave room, this planner decides:
 * - Week k (1-based) is [startDate + 7(k-1), startDate + 7k); visits may fall on any day of it,
 *   weekends included when staff work then.
 * - A mix entry with perWeek p asks for ceil(p·k) − ceil(p·(k−1)) visits in week k: 2 → 2 each week,
 *   0.5 → one in weeks 1, 3, 5…, 1.5 → 2, 1, 2…; 0 means "as needed": never planned.
 * - When the mix asks for fewer than visitsPerWeek, the rest go to the entry with the highest perWeek
 *   (the first of them on ties); when it asks for more, the week's target is the mix's count and a note
 *   says so. When a discipline cannot take its visits in a week, another discipline of the mix
 *   (perWeek > 0) may take them to meet the target (a note says so); visits are never carried over to
 *   another week.
 * - Slots are on the slotStepMinutes grid from the start of the staff member's working interval. A
 *   visit gets the room its discipline had last time when free, otherwise the first free room of the
 *   kind in request order.
 * - Nonsensical settings (non-positive weeks, slot step, maxVisitsPerDay or visit length, negative
 *   counts, a discipline twice in the mix, unknown zone or date) are refused with a PlanningRefusal.
 *
 * Where each part lives, in this folder: request.ts (what is asked and answered, and the settings
 * refused), demand.ts (what each week asks for), program-calendar.ts (bookable starts, on the shared
 * planning calendar), staffing.ts (the ranking of staff, continuity notes), week-planner.ts (one
 * week's day options, rooms and shortfalls), week-program.ts (the dynamic program over a week),
 * violations.ts (the independent rule checker).
 */

export function planIndividualProgram(request: IndividualPlanRequest): IndividualPlan {
  validate(request);
  const notes: PlanNote[] = [];
  for (const entry of request.mix) {
    if (entry.perWeek === 0) notes.push(planNote('individual.as_needed', { discipline: entry.discipline }));
  }
  const entries = request.mix.filter((entry) => entry.perWeek > 0);
  const demands = weeklyDemands(request, entries, notes);
  const calendar = new ProgramCalendar(request, entries);
  const ranked = entries.map((entry, e) => rankStaff(calendar, request, entry, e, demands, notes));
  const planner = new WeekPlanner(calendar, request, entries, ranked);

  const visits: PlannedIndividualVisit[] = [];
  const weeks: WeekReport[] = [];
  demands.forEach((demand, week) => {
    const result = planner.planWeek(week, demand);
    visits.push(...result.visits);
    weeks.push(result.report);
    notes.push(...result.notes);
  });
  notes.push(...continuityNotes(request, entries, ranked, visits));
  return { visits, weeks, notes };
}
