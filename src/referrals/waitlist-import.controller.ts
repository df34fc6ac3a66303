import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import { Actor } from '../access/principal';
import { WaitlistImportDto, WaitlistImportReportDto } from './waitlist-import.dto';
import { WaitlistImportService } from './waitlist-import.service';

@ApiTags('referrals')
@Roles('admin', 'coordinator')
@Controller('referrals')
export class WaitlistImportController {
  constructor(private readonly imports: WaitlistImportService) {}

  /**
   * Move a unit's waiting list in from CSV: a patient and a referral with its original received date
   * per row. `dryRun` reports every row and writes nothing; otherwise all rows are written, or none
   * (422 naming `rows.<row>.<column>`) if any is refused.
   */
  @Post('import')
  @HttpCode(200)
  import(@CurrentActor() actor: Actor, @Body() dto: WaitlistImportDto): Promise<WaitlistImportReportDto> {
    return this.imports.import(actor, dto);
  }
}
