import { ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsIn, IsInt, IsString, IsUUID, Length, Max, Min, ValidateBy, ValidateNested } from 'class-validator';
import { DATE_WINDOWS } from '../core/time/date-windows';
import { IsInstant, IsLocalDate, IsLocalTime, Optional } from '../common/validators';
import { Participation, Discipline, DISCIPLINES } from '../core/vocabulary';
import { CONTENT_MODULES, ContentModule, MakeUpPolicy, ScheduleConflict, SkippedDate } from '../core/planners/group/group-schedule';

/** A list of sessions, each a list of one to six (as many as there are) known content modules. */
function IsSessionPlan(): PropertyDecorator {
  return ValidateBy({
    name: 'isSessionPlan',
    validator: {
      validate: (value) =>
        Array.isArray(value) &&
        value.every(
          (session) =>
            Array.isArray(session) &&
            session.length > 0 &&
            session.length <= CONTENT_MODULES.length &&
            session.every((m) => (CONTENT_MODULES as readonly unknown[]).includes(m)),
        ),
      defaultMessage: () => `must list, for each session, one or more of ${CONTENT_MODULES.join(', ')} (at most ${CONTENT_MODULES.length})`,
    },
  });
}

export class ModuleLeadersDto {
  @Optional() @IsUUID() basal_body_awareness?: string;
  @Optional() @IsUUID() pain_physiology?: string;
  @Optional() @IsUUID() act?: string;
  @Optional() @IsUUID() dosed_training?: string;
  @Optional() @IsUUID() everyday_balance?: string;
  @Optional() @IsUUID() cbt_exercises?: string;
}

/** Which disciplines may lead each module in this program; the defaults apply to modules left out. */
export class ModuleDisciplinesDto {
  @Optional() @ArrayMinSize(1) @IsIn(DISCIPLINES, { each: true }) @ArrayMaxSize(DISCIPLINES.length) basal_body_awareness?: Discipline[];
  @Optional() @ArrayMinSize(1) @IsIn(DISCIPLINES, { each: true }) @ArrayMaxSize(DISCIPLINES.length) pain_physiology?: Discipline[];
  @Optional() @ArrayMinSize(1) @IsIn(DISCIPLINES, { each: true }) @ArrayMaxSize(DISCIPLINES.length) act?: Discipline[];
  @Optional() @ArrayMinSize(1) @IsIn(DISCIPLINES, { each: true }) @ArrayMaxSize(DISCIPLINES.length) dosed_training?: Discipline[];
  @Optional() @ArrayMinSize(1) @IsIn(DISCIPLINES, { each: true }) @ArrayMaxSize(DISCIPLINES.length) everyday_balance?: Discipline[];
  @Optional() @ArrayMinSize(1) @IsIn(DISCIPLINES, { each: true }) @ArrayMaxSize(DISCIPLINES.length) cbt_exercises?: Discipline[];
}

export class GroupProgramRequestDto {
  @IsUUID()
  siteId: string;

  @IsString()
  @Length(1, 200)
  name: string;

  /** A room of kind group_room (or gym for training). */
  @IsUUID()
  roomId: string;

  @IsLocalDate(DATE_WINDOWS.booking)
  startDate: string;

  /** Default 8. */
  @Optional() @IsInt() @Min(1) @Max(26) weeks?: number;

  /** ISO weekdays, Monday = 1; default Tuesday and Thursday. */
  @Optional() @ArrayMinSize(1) @ArrayUnique() @IsInt({ each: true }) @Min(1, { each: true }) @Max(5, { each: true }) @ArrayMaxSize(5) weekdays?: number[];

  /** Local wall time every session starts, HH:mm. */
  @IsLocalTime()
  startTime: string;

  @IsInt() @Min(15) @Max(480) durationMinutes: number;

  /** Default 8 patients. */
  @Optional() @IsInt() @Min(1) @Max(30) capacity?: number;

  /** Content modules of each session, in order; a default plan covering all six modules when left out. */
  // A list of lists is beyond the swagger plugin (it misplaces `required` into the items), so it is described here.
  @ApiPropertyOptional({ type: 'array', items: { type: 'array', items: { $ref: getSchemaPath('ContentModule') }, minItems: 1, maxItems: CONTENT_MODULES.length } })
  @Optional() @ArrayMaxSize(130) @IsSessionPlan() sessionPlan?: ContentModule[][];

  /** Default: make-up sessions after the last regular session. */
  @Optional() @IsIn(['after_last_session', 'same_week']) makeUpPolicy?: MakeUpPolicy;

  /**
   * Which disciplines lead each module; by default basal body awareness and dosed training the
   * physiotherapist, ACT and CBT the psychologist, pain physiology the physician or nurse, everyday
   * balance the occupational therapist.
   */
  @Optional() @ValidateNested() @Type(() => ModuleDisciplinesDto) moduleDisciplines?: ModuleDisciplinesDto;

  /** Leaders named by the coordinator for every session, per module; the rest are chosen fairly. */
  @Optional() @ValidateNested() @Type(() => ModuleLeadersDto) leaders?: ModuleLeadersDto;
}

export class SessionDto {
  number: number;
  /** booked, or cancelled (with the program, or on its own); absent in a preview. */
  status?: 'booked' | 'cancelled';
  date: string;
  start: string;
  end: string;
  makeUp: boolean;
  replacesDate?: string;
  modules: ContentModule[];
  leaders: { module: ContentModule; staffId: string }[];
  /** The booked appointment, once the program is booked. */
  appointmentId?: string;
}

export class SkippedDateDto implements SkippedDate {
  date: string;
  /** The holiday's or the site closure's name. */
  reason: string;
}

export type ScheduleConflictKind = ScheduleConflict['kind'];

/** Each kind of conflict names what is in the way: a leader (`staffId`), the room (`roomId`), or no leader at all. */
export class ScheduleConflictDto {
  sessionNumber: number;
  date: string;
  kind: ScheduleConflictKind;
  staffId?: string;
  roomId?: string;
  module?: ContentModule;
  problem: string;
  /** The problem's code (src/core/problem-codes.ts), e.g. `group.room_busy` or `booking.staff_absent`. */
  code: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] }, description: 'Who or what is in the way: names, the session time.' })
  params: Record<string, string | number>;
}

export class GroupProgramPreviewDto {
  sessions: SessionDto[];
  skipped: SkippedDateDto[];
  /** Staff, room, absence and leader conflicts; the program can be booked only without any. */
  conflicts: ScheduleConflictDto[];
}

export const GROUP_PROGRAM_STATUSES = ['planned', 'running', 'finished', 'cancelled'] as const;
/** planned before its first session, running until its last has ended, then finished; cancelled when called off. */
export type GroupProgramStatus = (typeof GROUP_PROGRAM_STATUSES)[number];

export class GroupProgramDto extends GroupProgramPreviewDto {
  id: string;
  siteId: string;
  name: string;
  roomId: string;
  capacity: number;
  status: GroupProgramStatus;
  /** When the program was cancelled, and why; null while it stands. */
  cancelledAt: string | null;
  cancelReason: string | null;
  enrollments: { patientId: string; status: string }[];
  /** The patients waiting for a seat, first in line first. */
  waitlist: string[];
  /** Per patient: sessions attended, missed, cancelled and still to come. */
  attendance: AttendanceSummaryDto[];
}

export class GroupProgramQueryDto {
  /** Admins only; others see their own site's. */
  @Optional() @IsUUID() siteId?: string;

  @Optional() @IsIn(GROUP_PROGRAM_STATUSES) status?: GroupProgramStatus;

  /** Programs with a session on or after this local date. */
  @Optional() @IsLocalDate(DATE_WINDOWS.query) from?: string;

  /** Programs with a session on or before this local date. */
  @Optional() @IsLocalDate(DATE_WINDOWS.query) to?: string;

  /** How many, the latest start first (default 50). */
  @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class GroupProgramSummaryDto {
  id: string;
  siteId: string;
  name: string;
  roomId: string;
  capacity: number;
  status: GroupProgramStatus;
  /** The first session's start and the last one's end, in the site's offset. */
  firstSessionStart: string | null;
  lastSessionEnd: string | null;
  enrolled: number;
  waitlisted: number;
}

export class CancelGroupProgramDto {
  /** Said to the cancelled sessions, e.g. "too few participants". */
  @IsString() @Length(1, 500) reason: string;
}

export class AffectedPatientDto {
  patientId: string;
  /** Their place in the program, which stays as it was (enrolled or waitlisted). */
  status: string;
  /** How many of their booked sessions were cancelled (their reminders with them). */
  cancelledSessions: number;
}

export class CancelledGroupProgramDto {
  program: GroupProgramDto;
  /** Everyone seated or waiting in the program, to be offered another. */
  patients: AffectedPatientDto[];
}

export class ScheduleChangeDto {
  /** The first session (by number) to change: it and every booked session after it move; it must be still to come. */
  @IsInt() @Min(1) @Max(130) fromSession: number;

  /** New local start time, HH:mm; the sessions' own otherwise. */
  @Optional() @IsLocalTime() startTime?: string;

  /** New length; the sessions' own otherwise. */
  @Optional() @IsInt() @Min(15) @Max(480) durationMinutes?: number;

  /** New room, a group room or gym of the site; the program's otherwise. */
  @Optional() @IsUUID() roomId?: string;

  /** New ISO weekdays (Monday = 1), from the first changed session's date on; the program's otherwise. */
  @Optional() @ArrayMinSize(1) @ArrayUnique() @IsInt({ each: true }) @Min(1, { each: true }) @Max(5, { each: true }) @ArrayMaxSize(5) weekdays?: number[];
}

/** The changed sessions at their new times, the closed days passed over, and what stands in the way. */
export class ScheduleChangePreviewDto {
  sessions: SessionDto[];
  skipped: SkippedDateDto[];
  /** Leaders absent, busy or not working then, or the room taken: the change is applied only without any. */
  conflicts: ScheduleConflictDto[];
}

export class MoveEnrollmentDto {
  /** The program (cohort) of the same site the patient moves to. */
  @IsUUID() toProgramId: string;
}

export class MoveSessionDto {
  /** New start (the length stays). */
  @Optional() @IsInstant(DATE_WINDOWS.booking) start?: string;

  /** Replace leaders, per module. */
  @Optional() @ValidateNested() @Type(() => ModuleLeadersDto) leaders?: ModuleLeadersDto;
}

export class EnrollDto {
  @IsUUID()
  patientId: string;
}

export class SessionAttendanceDto {
  @IsUUID()
  patientId: string;

  @IsIn(['attended', 'no_show', 'cancelled'])
  participation: Exclude<Participation, 'booked'>;
}

export class EnrollmentResultDto {
  patientId: string;
  status: 'enrolled' | 'waitlisted';
  /** Sessions the patient could not be booked into because of their own appointments then. */
  conflicts: { sessionNumber: number; conflictingAppointmentId: string }[];
}

export class MovedEnrollmentDto extends EnrollmentResultDto {
  fromProgramId: string;
  toProgramId: string;
  /** The patient's attendance in the program they left, kept there. */
  history: AttendanceSummaryDto;
}

export class AttendanceSummaryDto {
  patientId: string;
  attended: number;
  noShow: number;
  cancelled: number;
  upcoming: number;
}
