import { Module } from '@nestjs/common';
import { EpisodesModule } from '../episodes/episodes.module';
import { JobsModule } from '../jobs/jobs.module';
import { SitesModule } from '../sites/sites.module';
import { AssessmentBatchService } from './assessment-batch.service';
import { AssessmentsController } from './assessments.controller';
import { AssessmentsRepository } from './assessments.repository';
import { AssessmentsService } from './assessments.service';
import { CalendarModule } from '../calendar/calendar.module';

@Module({
  imports: [SitesModule, CalendarModule, JobsModule, EpisodesModule],
  controllers: [AssessmentsController],
  providers: [AssessmentsRepository, AssessmentsService, AssessmentBatchService],
  exports: [AssessmentBatchService, AssessmentsService],
})
export class AssessmentsModule {}
