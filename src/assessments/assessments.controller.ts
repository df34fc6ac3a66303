import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiExtraModels, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import { Actor } from '../access/principal';
import { uuidPipe } from '../common/validation';
import { JobDto } from '../jobs/jobs.dto';
import { AssessmentBatchService } from './assessment-batch.service';
import { AssessmentDto, BatchOutcomeDto, BatchRequestDto, BookAssessmentDto, CancelAssessmentDto, OutcomeDto, ProposalDto, ProposalRequestDto, RescheduleVisitDto } from './assessments.dto';
import { AssessmentsService } from './assessments.service';

@ApiTags('assessments')
// The outcome of a book-waitlist job, which GET /jobs/:id names by reference.
@ApiExtraModels(BatchOutcomeDto)
@Roles('admin', 'coordinator')
@Controller('assessments')
export class AssessmentsController {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly batch: AssessmentBatchService,
  ) {}

  /**
   * The best plan for an accepted referral: one visit per discipline within the window, then the
   * feedback conversation; the patient through soonest. Books nothing.
   */
  @Post('proposals')
  @HttpCode(200)
  propose(@CurrentActor() actor: Actor, @Body() dto: ProposalRequestDto): Promise<ProposalDto> {
    return this.assessments.propose(actor, dto);
  }

  /** Book a proposal's visits (possibly edited) atomically: all or none. */
  @Post()
  book(@CurrentActor() actor: Actor, @Body() dto: BookAssessmentDto): Promise<AssessmentDto> {
    return this.assessments.book(actor, dto);
  }

  /** Book the whole waiting list (or the named referrals) in care-guarantee order; poll GET /jobs/:id. */
  @Post('batch')
  @HttpCode(202)
  bookWaitlist(@CurrentActor() actor: Actor, @Body() dto: BatchRequestDto): Promise<JobDto> {
    return this.batch.start(actor, dto);
  }

  @Roles('admin', 'coordinator', 'clinician', 'patient')
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<AssessmentDto> {
    return this.assessments.get(actor, id);
  }

  /** Record the outcome at the feedback conversation: group or individual rehabilitation, or other measures. */
  @Roles('admin', 'coordinator', 'clinician')
  @Post(':id/outcome')
  @HttpCode(200)
  recordOutcome(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: OutcomeDto): Promise<AssessmentDto> {
    return this.assessments.recordOutcome(actor, id, dto);
  }

  /** Cancel every visit still booked; the referral returns to the waiting list. */
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: CancelAssessmentDto): Promise<AssessmentDto> {
    return this.assessments.cancel(actor, id, dto.reason);
  }

  /**
   * Book again the one visit the assessment lost (cancelled): its earliest valid time from
   * earliestDate on, within the window and before the feedback conversation, which moves only if it must.
   */
  @Post(':id/visits')
  rebook(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: RescheduleVisitDto): Promise<AssessmentDto> {
    return this.assessments.rebookMissingVisit(actor, id, dto.earliestDate);
  }

  /** Move one visit: only what must move is planned again, within the window and the feedback rules. */
  @Post(':id/visits/:visitId/reschedule')
  @HttpCode(200)
  reschedule(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('visitId', uuidPipe('visitId')) visitId: string,
    @Body() dto: RescheduleVisitDto,
  ): Promise<AssessmentDto> {
    return this.assessments.rescheduleVisit(actor, id, visitId, dto.earliestDate);
  }
}
