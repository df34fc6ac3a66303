import { AppointmentPatient } from '../calendar/appointment-patient.entity';
import { AppointmentStaff } from '../calendar/appointment-staff.entity';
import { Appointment } from '../calendar/appointment.entity';
import { Assessment } from '../assessments/assessment.entity';
import { AuditEntry } from '../access/audit-entry.entity';
import { CalendarFeed } from '../calendars/calendar-feed.entity';
import { GroupEnrollment } from '../group-programs/group-enrollment.entity';
import { GroupProgram } from '../group-programs/group-program.entity';
import { IndividualProgram } from '../individual-programs/individual-program.entity';
import { Job } from '../jobs/job.entity';
import { User } from '../auth/user.entity';
import { Patient } from '../patients/patient.entity';
import { ReferralDecision } from '../referrals/referral-decision.entity';
import { ReferralTransfer } from '../referrals/referral-transfer.entity';
import { Referral } from '../episodes/referral.entity';
import { Reminder } from '../outbox/reminder.entity';
import { Room } from '../rooms/room.entity';
import { SiteClosure } from '../sites/site-closure.entity';
import { Site } from '../sites/site.entity';
import { StaffAbsence } from '../staff/staff-absence.entity';
import { StaffMember } from '../staff/staff-member.entity';

/** Every mapped table; the schema itself comes from migrations/, never from these classes. */
export const entities = [
  Site,
  SiteClosure,
  StaffMember,
  StaffAbsence,
  Room,
  Patient,
  User,
  Appointment,
  AppointmentStaff,
  AppointmentPatient,
  AuditEntry,
  Referral,
  ReferralDecision,
  ReferralTransfer,
  Assessment,
  Job,
  GroupProgram,
  GroupEnrollment,
  IndividualProgram,
  CalendarFeed,
  Reminder,
];
