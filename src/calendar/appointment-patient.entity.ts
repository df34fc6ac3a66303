import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Participation } from '../core/vocabulary';

/**
 * A patient on an appointment, with their own participation: in a group session one patient can be
 * absent or cancel while the session goes on. Like AppointmentStaff it carries a trigger-kept copy of
 * the time range for the no-overlap constraint.
 */
@Entity('appointment_patients')
export class AppointmentPatient {
  @PrimaryColumn('uuid')
  appointmentId: string;

  @PrimaryColumn('uuid')
  patientId: string;

  @Column({ type: 'text', default: 'booked' })
  participation: Participation;
}
