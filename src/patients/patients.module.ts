import { Module } from '@nestjs/common';
import { RemindersModule } from '../reminders/reminders.module';
import { SitesModule } from '../sites/sites.module';
import { PatientsController } from './patients.controller';
import { PatientsService } from './patients.service';

@Module({
  imports: [SitesModule, RemindersModule],
  controllers: [PatientsController],
  providers: [PatientsService],
  exports: [PatientsService],
})
export class PatientsModule {}
