import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../access/access.module';
import { AppointmentsModule } from '../appointments/appointments.module';
import { AssessmentsModule } from '../assessments/assessments.module';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { CalendarsModule } from '../calendars/calendars.module';
import { ServiceSettings } from '../config/service-settings';
import { SettingsModule } from '../config/settings.module';
import { RequestLimitsModule } from '../common/request-limits.module';
import { dataSourceOptions } from './data-source-options';
import { migratedDataSource } from '../database/migrated-data-source';
import { EpisodesModule } from '../episodes/episodes.module';
import { FhirModule } from '../fhir/fhir.module';
import { GroupProgramsModule } from '../group-programs/group-programs.module';
import { HealthModule } from '../health/health.module';
import { IndividualProgramsModule } from '../individual-programs/individual-programs.module';
import { JobsModule } from '../jobs/jobs.module';
import { PatientsModule } from '../patients/patients.module';
import { ReferralsModule } from '../referrals/referrals.module';
import { ReminderDeliveryModule } from '../reminders/reminder-delivery.module';
import { RemindersModule } from '../reminders/reminders.module';
import { RoomsModule } from '../rooms/rooms.module';
import { SitesModule } from '../sites/sites.module';
import { StaffModule } from '../staff/staff.module';
import { WaitlistModule } from '../waitlist/waitlist.module';
import { WorklistsModule } from '../worklists/worklists.module';

@Module({})
export class AppModule {
  /** The whole service for the given settings; the same wiring in production, tests and benchmarks. */
  static with(settings: ServiceSettings): DynamicModule {
    const database = dataSourceOptions(settings.databaseUrl, settings.statementTimeoutMs);
    return {
      module: AppModule,
      imports: [
        SettingsModule.with(settings),
        // Migrated before anything uses it, one instance at a time (see migratedDataSource).
        TypeOrmModule.forRootAsync({ useFactory: () => database, dataSourceFactory: () => migratedDataSource(database) }),
        RequestLimitsModule,
        AccessModule,
        AuditModule,
        AuthModule,
        SitesModule,
        StaffModule,
        RoomsModule,
        PatientsModule,
        AppointmentsModule,
        ReferralsModule,
        WaitlistModule,
        AssessmentsModule,
        JobsModule,
        GroupProgramsModule,
        IndividualProgramsModule,
        CalendarsModule,
        EpisodesModule,
        RemindersModule,
        ReminderDeliveryModule,
        HealthModule,
        WorklistsModule,
        FhirModule,
      ],
    };
  }
}
