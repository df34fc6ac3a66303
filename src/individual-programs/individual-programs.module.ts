import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/appointments.module';
import { AssessmentsModule } from '../assessments/assessments.module';
import { IndividualProgramsController } from './individual-programs.controller';
import { IndividualProgramsService } from './individual-programs.service';

@Module({
  imports: [AppointmentsModule, AssessmentsModule],
  controllers: [IndividualProgramsController],
  providers: [IndividualProgramsService],
})
export class IndividualProgramsModule {}
