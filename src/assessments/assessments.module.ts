import { Module } from '@nestjs/common';
import { EpisodesModule } from '../episodes/episodes.module';
import { AppointmentsModule } from '../appointments/appointments.module';
import { JobsModule } from '../jobs/jobs.module';
import { RemindersModule } from '../reminders/reminders.module';
import { SitesModule } from '../sites/sites.module';
import { AssessmentBatchService } from './assessment-batch.service';
import { SiteCalendarRepository } from './site-calendar.repository';
import { AssessmentsController } from './assessments.controller';
import { AssessmentsService } from './assessments.service';
import { SiteCalendarCache } from './site-calendar-cache';

@Module({
  imports: [SitesModule, AppointmentsModule, JobsModule, RemindersModule, EpisodesModule],
  controllers: [AssessmentsController],
  providers: [AssessmentsService, AssessmentBatchService, SiteCalendarRepository, SiteCalendarCache],
  exports: [AssessmentBatchService, SiteCalendarRepository],
})
export class AssessmentsModule {}
