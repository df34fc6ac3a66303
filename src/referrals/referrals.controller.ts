import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import { Actor } from '../access/principal';
import { uuidPipe } from '../common/validation';
import {
  CreateReferralDto,
  DecisionDto,
  ReferralAnswerDto,
  ReferralDto,
  ReferralQueryDto,
  TransferDto,
  UpdateReferralDto,
} from './referrals.dto';
import { ReferralsService } from './referrals.service';

@ApiTags('referrals')
@Roles('admin', 'coordinator', 'clinician')
@Controller('referrals')
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  /** Take a referral in. Missing contents make it `incomplete` (listed in `missingContents`); triage is suggested at once. */
  @Roles('admin', 'coordinator')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateReferralDto): Promise<ReferralDto> {
    return this.referrals.create(actor, dto);
  }

  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ReferralQueryDto): Promise<ReferralDto[]> {
    return this.referrals.list(actor, query);
  }

  /** The referral with its decisions and transfers. */
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<ReferralDto> {
    return this.referrals.get(actor, id);
  }

  /** Complete or correct the referral's contents; triage and the missing list are worked out again. */
  @Roles('admin', 'coordinator')
  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: UpdateReferralDto): Promise<ReferralDto> {
    return this.referrals.update(actor, id, dto);
  }

  /** Accept, reject or ask for more information (a coordinator or a physician). */
  @Post(':id/decision')
  @HttpCode(200)
  decide(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: DecisionDto): Promise<ReferralDto> {
    return this.referrals.decide(actor, id, dto);
  }

  /** The answer to the referrer for a rejected referral (remissvar), with reasons and other measures. */
  @Get(':id/answer')
  answer(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<ReferralAnswerDto> {
    return this.referrals.answer(actor, id);
  }

  /** Send the referral to another site; the received date and the deadline stay. */
  @Roles('admin', 'coordinator')
  @Post(':id/transfer')
  @HttpCode(200)
  transfer(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: TransferDto): Promise<ReferralDto> {
    return this.referrals.transfer(actor, id, dto);
  }
}
