import { Module } from '@nestjs/common';
import { EpisodesModule } from '../episodes/episodes.module';
import { AppointmentsModule } from '../appointments/appointments.module';
import { JobsModule } from '../jobs/jobs.module';
import { RemindersModule } from '../reminders/reminders.module';
import { SitesModule } from '../sites/sites.module';
import { AssessmentBatchService } from './assessment-batch.service';
import { AssessmentsController } from './assessments.controller';
import { AssessmentsService } from './assessments.service';
import { SiteCalendarModule } from './site-calendar.module';

@Module({
  imports: [SitesModule, AppointmentsModule, JobsModule, RemindersModule, EpisodesModule, SiteCalendarModule],
  controllers: [AssessmentsController],
  providers: [AssessmentsService, AssessmentBatchService],
  exports: [AssessmentBatchService],
})
export class AssessmentsModule {}
