import { Entity, PrimaryColumn } from 'typeorm';

/**
 * A staff member on an appointment. The table also holds a copy of the appointment's time range,
 * kept by a trigger, which the no-overlap exclusion constraint works on; it is not mapped here.
 */
@Entity('appointment_staff')
export class AppointmentStaff {
  @PrimaryColumn('uuid')
  appointmentId: string;

  @PrimaryColumn('uuid')
  staffId: string;
}
