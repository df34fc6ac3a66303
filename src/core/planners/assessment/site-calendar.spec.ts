import { ClosedDays } from '../../time/holidays';
import { Budget } from '../../budget';
import { planQueue } from './batch-planning';
import { Interval } from '../../time/interval';
import { addDays, localToInstant } from '../../time/local-time';
import { resolveSiteSettings } from '../../rules/site-settings';
import { Discipline } from '../../vocabulary';
import { CalendarSite, SiteCalendar } from './site-calendar';
import { PlannerRoom } from '../resources';
import { planAssessment } from './plan';
import { AssessmentStaff, PlannedVisit } from './request';

const ZONE = 'Europe/Stockholm';
const FROM = '2027-01-11';
const WEEKDAYS = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '16:00' }));

/** A small busy unit: 2 staff per discipline, 3 offices and a gym, some mornings taken. */
function unit(): { staff: AssessmentStaff[]; rooms: PlannerRoom[] } {
  const disciplines: Discipline[] = ['nurse', 'physician', 'physiotherapist', 'psychologist'];
  const staff = disciplines.flatMap((discipline, d) =>
    [0, 1].map((i) => ({
      id: `${discipline}-${i}`,
      name: `${discipline} ${i}`,
      discipline,
      workingHours: WEEKDAYS,
      busy: Array.from({ length: 20 }, (_, day) => addDays(FROM, day))
        .filter((_, day) => (day + d + i) % 3 === 0)
        .map((date) => ({ start: localToInstant(date, '08:00', ZONE).getTime(), end: localToInstant(date, '11:00', ZONE).getTime() })),
      bookedMinutesByWeek: {},
    })),
  );
  const rooms = ['office', 'office', 'office', 'gym'].map((kind, i) => ({ id: `room-${i}`, kind, busy: [] as Interval[] }));
  return { staff, rooms };
}

function calendarOf({ staff, rooms }: { staff: AssessmentStaff[]; rooms: PlannerRoom[] }, patientBusy = new Map<string, Interval[]>()): SiteCalendar {
  const site: CalendarSite = { id: 'site', timeZone: ZONE, calendarVersion: '0' };
  const period = { start: Date.parse('2027-01-01T00:00:00Z'), end: Date.parse('2027-03-01T00:00:00Z') };
  return new SiteCalendar(site, resolveSiteSettings({}), new ClosedDays(), staff, rooms, period, patientBusy);
}

/**
 * A copy of the unit with `visits` added to the busy lists and `loads` as booked minutes, as a fresh
 * read after booking them would give.
 */
function withBooked(base: { staff: AssessmentStaff[]; rooms: PlannerRoom[] }, visits: readonly PlannedVisit[], loads: readonly AssessmentStaff[] = []) {
  const busyOf = (own: readonly Interval[], take: (v: PlannedVisit) => boolean) =>
    [...own, ...visits.filter(take).map((v) => ({ start: v.start, end: v.end }))].sort((a, b) => a.start - b.start);
  return {
    staff: base.staff.map((s) => ({
      ...s,
      busy: busyOf(s.busy, (v) => v.staffIds.includes(s.id)),
      bookedMinutesByWeek: { ...loads.find((l) => l.id === s.id)?.bookedMinutesByWeek },
    })),
    rooms: base.rooms.map((r) => ({ ...r, busy: busyOf(r.busy, (v) => v.roomId === r.id) })),
  };
}

describe('SiteCalendar: planning many patients on one calendar', () => {
  it('plans each patient exactly as on a fresh read that includes the visits reserved before', () => {
    const base = unit();
    const shared = calendarOf(withBooked(base, []));
    const reserved: PlannedVisit[] = [];
    for (let patient = 0; patient < 8; patient++) {
      const options = { earliestDate: FROM };
      const kept = planAssessment(shared.request(`p${patient}`, options));
      const fresh = planAssessment(calendarOf(withBooked(base, reserved, shared.staff)).request(`p${patient}`, options));
      expect(kept).toEqual(fresh);
      if (!kept.feasible) break;
      const visits = [...kept.visits, kept.feedback];
      shared.reserve(`p${patient}`, visits);
      reserved.push(...visits);
    }
    expect(reserved.length).toBeGreaterThanOrEqual(25);
  });
});

describe('planQueue: a budget per referral', () => {
  it('gives a referral whose plan runs out of time that as its outcome, and plans the rest', () => {
    const calendar = calendarOf(unit());
    const queue = ['p0', 'p1', 'p2'].map((patientId) => ({ referralId: `r-${patientId}`, patientId, options: { earliestDate: FROM } }));
    const budgets = [new Budget(1_000_000), new Budget(-1), new Budget(1_000_000)];
    const outcomes = [...planQueue(calendar, queue, () => budgets.shift()!)];
    expect(outcomes.map((o) => o.outcome.feasible)).toEqual([true, false, true]);
    expect(outcomes[1].outcome).toEqual({
      feasible: false,
      reasons: [{ discipline: 'all', problem: 'planning took longer than -1 ms and was stopped', code: 'assessment.planning_stopped', params: { ms: -1 } }],
    });
  });
});
