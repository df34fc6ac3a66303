import { EntityManager } from 'typeorm';
import { CodedProblem } from '../common/api-errors';
import { Appointment, SessionDetail } from './appointment.entity';

/** Where a booked appointment goes: its new time, room and staff (a group session's leaders too). */
export interface VisitPlace {
  start: Date;
  end: Date;
  roomId: string | null;
  staffIds: string[];
  sessionDetail?: SessionDetail;
}

/**
 * One appointment of a move: where it goes, and why it must go when the coordinator did not ask for
 * it (the rules it would break where it is, e.g. a feedback conversation no longer after the last visit).
 */
export interface PlannedMove {
  appointment: Appointment;
  to: VisitPlace;
  why: CodedProblem[];
}

/**
 * What moving a visit to a chosen place takes under its assessment's or program's rules: the visit
 * itself first, then what else must move with it; or the rules it would break. Made by the feature
 * the visit belongs to (AppointmentsService asks it), applied through BookingService.reschedule.
 */
export interface MovePlan {
  moves: PlannedMove[];
  problems: CodedProblem[];
}

/**
 * The feature a visit belongs to (its assessment, its individual or group program) decides how it
 * may move. `lockForMove` holds the assessment's or program's row before the visit's own, in the
 * order every other change of it takes them, so concurrent changes wait instead of deadlocking.
 */
export interface VisitMoveRules {
  lockForMove(manager: EntityManager, appointment: Appointment): Promise<void>;
  planMove(manager: EntityManager, appointment: Appointment, to: VisitPlace): Promise<MovePlan>;
}
