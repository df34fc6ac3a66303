import { Interval } from '../time/interval';
import { WorkingHoursBlock } from '../time/working-hours';
import { Discipline } from '../vocabulary';

/**
 * The staff and rooms every planner plans with, in one shape: the site calendar reads them once and
 * hands the same lists to the assessment, individual and group planners. A planner that needs more
 * of a staff member says so by intersection (e.g. AssessmentStaff adds the week's booked minutes).
 */

export interface PlannerStaff {
  id: string;
  name: string;
  discipline: Discipline;
  workingHours: readonly WorkingHoursBlock[];
  /** What keeps them from a new visit: bookings, and absences where the planner does not tell them apart. */
  busy: readonly Interval[];
}

export interface PlannerRoom {
  id: string;
  kind: string;
  busy: readonly Interval[];
}
