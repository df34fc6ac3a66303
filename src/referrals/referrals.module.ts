import { Module } from '@nestjs/common';
import { EpisodesModule } from '../episodes/episodes.module';
import { OutboxModule } from '../outbox/outbox.module';
import { PatientsModule } from '../patients/patients.module';
import { SitesModule } from '../sites/sites.module';
import { StaffModule } from '../staff/staff.module';
import { ReferralsController } from './referrals.controller';
import { ReferralsRepository } from './referrals.repository';
import { ReferralsService } from './referrals.service';
import { WaitlistImportController } from './waitlist-import.controller';
import { WaitlistImportService } from './waitlist-import.service';

@Module({
  imports: [SitesModule, PatientsModule, StaffModule, EpisodesModule, OutboxModule],
  controllers: [ReferralsController, WaitlistImportController],
  providers: [ReferralsService, ReferralsRepository, WaitlistImportService],
  exports: [ReferralsService],
})
export class ReferralsModule {}
