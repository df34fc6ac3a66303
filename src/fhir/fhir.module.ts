import { Module, Type } from '@nestjs/common';
import { FhirController } from './fhir.controller';
import { FHIR_RESOURCE_TYPES, FhirResourceType } from './fhir-resources';
import { AppointmentsModule } from '../appointments/appointments.module';
import { CalendarsModule } from '../calendars/calendars.module';
import { WorklistsModule } from '../worklists/worklists.module';
import { ScheduleResource } from './resources/schedule.resource';
import { SlotResource } from './resources/slot.resource';
import { AppointmentResource } from './resources/appointment.resource';
import { PatientsModule } from '../patients/patients.module';
import { StaffModule } from '../staff/staff.module';
import { RoomsModule } from '../rooms/rooms.module';
import { PatientResource } from './resources/patient.resource';
import { PractitionerResource } from './resources/practitioner.resource';
import { PractitionerRoleResource } from './resources/practitioner-role.resource';
import { LocationResource } from './resources/location.resource';
import { HealthcareServiceResource } from './resources/healthcare-service.resource';
import { SiteRegister } from './resources/site-register';
import { StaffRegister } from './resources/staff-register';
import { EpisodesModule } from '../episodes/episodes.module';
import { ReferralsModule } from '../referrals/referrals.module';
import { SitesModule } from '../sites/sites.module';
import { EpisodeOfCareResource } from './resources/episode-of-care.resource';
import { ServiceRequestResource } from './resources/service-request.resource';
import { TaskResource } from './resources/task.resource';

/** Each resource type the FHIR API answers (src/fhir/resources/), listed once: routed and in the CapabilityStatement. */
const RESOURCE_TYPES: Type<FhirResourceType>[] = [
  PatientResource,
  PractitionerResource,
  PractitionerRoleResource,
  LocationResource,
  HealthcareServiceResource,
  ServiceRequestResource,
  EpisodeOfCareResource,
  TaskResource,
  ScheduleResource,
  SlotResource,
  AppointmentResource,
];

@Module({
  imports: [
    PatientsModule,
    StaffModule,
    RoomsModule,
    ReferralsModule,
    EpisodesModule,
    SitesModule,
    AppointmentsModule,
    CalendarsModule,
    WorklistsModule,
  ],
  controllers: [FhirController],
  providers: [...RESOURCE_TYPES, SiteRegister, StaffRegister, { provide: FHIR_RESOURCE_TYPES, useFactory: (...types: unknown[]) => types, inject: RESOURCE_TYPES }],
})
export class FhirModule {}
