import { ClosedDays } from '../../time/holidays';
import { localToInstant } from '../../time/local-time';
import { Discipline } from '../../vocabulary';
import { planAssessment } from './plan';
import { AssessmentPlanRequest, AssessmentStaff, PlannedVisit } from './request';
import { assessmentPlanViolations } from './violations';

const ZONE = 'Europe/Stockholm';
const at = (date: string, time: string) => localToInstant(date, time, ZONE).getTime();
const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '16:00' }));
const member = (id: string, discipline: Discipline): AssessmentStaff => ({ id, name: id, discipline, workingHours: weekdays, busy: [] });

function request(fixedVisit?: PlannedVisit): AssessmentPlanRequest {
  return {
    zone: ZONE,
    closedDays: new ClosedDays(),
    earliestDate: '2027-01-12',
    windowDays: 28,
    disciplines: ['nurse', 'physician', 'physiotherapist', 'psychologist'],
    visitMinutes: {},
    roomKindByDiscipline: {},
    maxVisitsPerDay: 1,
    feedbackMinutes: 60,
    feedbackMinWorkingDaysAfter: 2,
    feedbackExtraDays: 7,
    feedbackRoomKind: 'office',
    slotStepMinutes: 15,
    patientBusy: [],
    staff: [member('N1', 'nurse'), member('N2', 'nurse'), member('P1', 'physician'), member('T1', 'physiotherapist'), member('Y1', 'psychologist')],
    rooms: [{ id: 'O1', kind: 'office', busy: [] }, { id: 'O2', kind: 'office', busy: [] }],
    fixedVisit,
  };
}

describe('planning around a fixed visit (a freed cancelled visit)', () => {
  const freed: PlannedVisit = { discipline: 'nurse', staffIds: ['N2'], roomId: 'O2', start: at('2027-01-12', '13:00'), end: at('2027-01-12', '14:30') };

  it('keeps the fixed visit as its discipline’s visit and plans the best rest around it, within the rules', () => {
    const result = planAssessment(request(freed));
    if (!result.feasible) throw new Error(JSON.stringify(result.reasons));
    expect(result.visits.find((v) => v.discipline === 'nurse')).toEqual(freed);
    expect(result.visits).toHaveLength(4);
    // The rest is planned around it under every rule, as the independent checker sees it.
    expect(assessmentPlanViolations({ ...request(), earliestDate: '2027-01-12' }, result.visits, result.feedback)).toEqual([]);
  });

  it('has no plan when the fixed visit is no longer free, or not the discipline’s length', () => {
    const busy = request(freed);
    const taken = { ...busy, staff: busy.staff.map((s) => (s.id === 'N2' ? { ...s, busy: [{ start: freed.start, end: freed.end }] } : s)) };
    expect(planAssessment(taken).feasible).toBe(false);
    expect(planAssessment(request({ ...freed, end: freed.end - 15 * 60_000 })).feasible).toBe(false);
    expect(planAssessment({ ...request(freed), patientBusy: [{ start: freed.start, end: freed.start + 60_000 }] }).feasible).toBe(false);
  });

  it('takes another free room of the kind when the freed one is taken', () => {
    const input = request(freed);
    const result = planAssessment({ ...input, rooms: [input.rooms[0], { id: 'O2', kind: 'office', busy: [{ start: freed.start, end: freed.end }] }] });
    if (!result.feasible) throw new Error(JSON.stringify(result.reasons));
    expect(result.visits.find((v) => v.discipline === 'nurse')).toEqual({ ...freed, roomId: 'O1' });
  });
});
