import { Module } from '@nestjs/common';
import { EpisodesModule } from '../episodes/episodes.module';
import { SitesModule } from '../sites/sites.module';
import { ReferralsController } from './referrals.controller';
import { ReferralsRepository } from './referrals.repository';
import { ReferralsService } from './referrals.service';

@Module({
  imports: [SitesModule, EpisodesModule],
  controllers: [ReferralsController],
  providers: [ReferralsService, ReferralsRepository],
})
export class ReferralsModule {}
