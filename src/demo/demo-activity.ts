import { INestApplicationContext } from '@nestjs/common';
import { AppointmentsService } from '../appointments/appointments.service';
import { AssessmentOutcome } from '../core/vocabulary';
import { AssessmentDto } from '../assessments/assessments.dto';
import { AssessmentsService } from '../assessments/assessments.service';
import { Actor } from '../access/principal';
import { GroupProgramRequestDto } from '../group-programs/group-programs.dto';
import { GroupEnrollmentsService } from '../group-programs/group-enrollments.service';
import { GroupProgramsService } from '../group-programs/group-programs.service';
import { IndividualProgramRequestDto } from '../individual-programs/individual-programs.dto';
import { IndividualProgramsService } from '../individual-programs/individual-programs.service';
import { Patient } from '../patients/patient.entity';
import { ReferralsService } from '../referrals/referrals.service';
import { addOpenWeekdays, ClosedDays } from '../core/time/holidays';
import { addDays, LocalDate, localDateOf, localToInstant, weekdayOf } from '../core/time/local-time';
import { StaffService } from '../staff/staff.service';
import { demoContentsFor, DEMO_REFERRER } from '../core/rules/demo-referral';

const ZONE = 'Europe/Stockholm';
const MONDAY = 1;
const TUESDAY = 2;
const WEDNESDAY = 3;
const THURSDAY = 4;

/** The demo site as its base data left it. */
export interface DemoClinic {
  siteId: string;
  groupRoomId: string;
  /** The clinician login's staff member. */
  clinicianStaffId: string;
  /** Patients 1–11 have the waiting list's referrals; the patient login is patient 0. */
  patients: Patient[];
  adminUserId: string;
}

/**
 * Calendars worth looking at: past assessments, a group program and an individual program about to
 * begin, assessments coming up, and one whose attendance nobody has recorded yet. Everything goes
 * through the services the API uses, so the demo obeys every rule a real clinic does (no double
 * booking, the planners, reminders, episodes), and none of it stays on the waiting list.
 */
export async function createDemoActivity(app: INestApplicationContext, clinic: DemoClinic): Promise<void> {
  const today = localDateOf(new Date(), ZONE);
  const demo = new DemoCoordinator(app, clinic);
  const { patients } = clinic;
  const groupPatients = [patients[0], ...patients.slice(12, 17)];
  const individualPatient = patients[17];

  // First, so every plan after it goes around it; and the clinician's week shows an absence.
  await demo.courseAfternoon(clinic.clinicianStaffId, firstAfter(today, WEDNESDAY));
  for (const patient of groupPatients) await demo.assessedLongAgo(patient, 'group_rehab', today);
  await demo.assessedLongAgo(individualPatient, 'individual_rehab', today);
  await demo.groupProgram(firstAfter(today, TUESDAY), groupPatients);
  await demo.individualProgram(individualPatient, firstAfter(today, MONDAY));
  // After the programs, so the planner fits these visits around their sessions.
  for (const patient of patients.slice(18, 21)) await demo.bookAssessment(await demo.acceptedReferral(patient, addDays(today, -20)));
  // Over, but nobody has recorded attendance or the outcome: something for the clinician to do.
  await demo.bookAssessment(await demo.acceptedReferral(patients[21], addDays(today, -35)), openWeekdaysBefore(today, 10));
}

/** A coordinator at work, as the demo admin. */
class DemoCoordinator {
  private readonly actor: Actor;
  private readonly referrals: ReferralsService;
  private readonly assessments: AssessmentsService;
  private readonly appointments: AppointmentsService;
  private readonly groups: GroupProgramsService;
  private readonly enrollments: GroupEnrollmentsService;
  private readonly individualPrograms: IndividualProgramsService;
  private readonly staff: StaffService;

  constructor(
    app: INestApplicationContext,
    private readonly clinic: DemoClinic,
  ) {
    this.actor = { userId: clinic.adminUserId, username: 'demo data', role: 'admin', siteId: null, staffId: null, patientId: null, endpoint: 'demo data' };
    this.referrals = app.get(ReferralsService);
    this.assessments = app.get(AssessmentsService);
    this.appointments = app.get(AppointmentsService);
    this.groups = app.get(GroupProgramsService);
    this.enrollments = app.get(GroupEnrollmentsService);
    this.individualPrograms = app.get(IndividualProgramsService);
    this.staff = app.get(StaffService);
  }

  async courseAfternoon(staffId: string, date: LocalDate): Promise<void> {
    const at = (time: string) => localToInstant(date, time, ZONE).toISOString();
    await this.staff.addAbsence(this.actor, staffId, { start: at('12:00'), end: at('16:30'), reason: 'course', note: 'Smärtkonferens' });
  }

  async acceptedReferral(patient: Patient, receivedDate: LocalDate): Promise<string> {
    const referral = { ...demoContentsFor(patient), patientId: patient.id, siteId: this.clinic.siteId, receivedDate, referrer: DEMO_REFERRER };
    const { id } = await this.referrals.create(this.actor, referral);
    await this.referrals.decide(this.actor, id, { decision: 'accepted', reasons: [], decidedBy: 'Eva Sandberg' });
    return id;
  }

  /** The planner's proposal from `earliestDate` on (tomorrow when left out), booked as is. */
  async bookAssessment(referralId: string, earliestDate?: LocalDate): Promise<AssessmentDto> {
    const proposal = await this.assessments.propose(this.actor, { referralId, earliestDate });
    if (!proposal.feasible) throw new Error(`demo data: no assessment plan: ${proposal.reasons.map((r) => `${r.discipline}: ${r.problem}`).join('; ')}`);
    return this.assessments.book(this.actor, { referralId, visits: proposal.visits });
  }

  /** Referred two and a half months ago and assessed some weeks later: every visit attended, and the team's offer made. */
  async assessedLongAgo(patient: Patient, outcome: AssessmentOutcome, today: LocalDate): Promise<void> {
    const assessment = await this.bookAssessment(await this.acceptedReferral(patient, addDays(today, -75)), addDays(today, -60));
    for (const visit of assessment.visits) {
      await this.appointments.recordAttendance(this.actor, visit.id, { patientId: patient.id, participation: 'attended' });
    }
    await this.assessments.recordOutcome(this.actor, assessment.id, { outcome });
  }

  async groupProgram(startDate: LocalDate, patients: Patient[]): Promise<void> {
    const request: GroupProgramRequestDto = {
      siteId: this.clinic.siteId,
      name: 'Smärtskola',
      roomId: this.clinic.groupRoomId,
      startDate,
      weeks: 8,
      weekdays: [TUESDAY, THURSDAY],
      startTime: '09:00',
      durationMinutes: 120,
      capacity: 8,
    };
    // As a coordinator would: preview first. Demo data must come out clean, with nothing left to resolve.
    const { conflicts } = await this.groups.preview(this.actor, request);
    if (conflicts.length) throw new Error(`demo data: the group program has conflicts: ${conflicts.map((c) => c.problem).join('; ')}`);
    const program = await this.groups.create(this.actor, request);
    for (const patient of patients) await this.enrollments.enroll(this.actor, program.id, patient.id);
  }

  async individualProgram(patient: Patient, startDate: LocalDate): Promise<void> {
    const request: IndividualProgramRequestDto = {
      patientId: patient.id,
      startDate,
      weeks: 8,
      visitsPerWeek: 3,
      mix: [
        { discipline: 'physiotherapist', perWeek: 2, roomKind: 'gym' },
        { discipline: 'psychologist', perWeek: 1 },
      ],
    };
    const { visits } = await this.individualPrograms.propose(this.actor, request);
    await this.individualPrograms.book(this.actor, { ...request, visits });
  }
}

/** The first `weekday` (ISO, Monday = 1) after `date`. */
function firstAfter(date: LocalDate, weekday: number): LocalDate {
  return addDays(date, ((weekday - weekdayOf(date) + 6) % 7) + 1);
}

/** The open weekday `count` open weekdays before `date`: far enough back for a whole assessment to be over. */
function openWeekdaysBefore(date: LocalDate, count: number): LocalDate {
  return addOpenWeekdays(new ClosedDays(), date, -count);
}
