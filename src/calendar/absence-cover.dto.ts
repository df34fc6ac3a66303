import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Optional } from '../common/validators';
import { AbsenceDto } from '../staff/staff.dto';

export class AbsenceQueryDto {
  /** `true`: also propose where each booked visit inside the absence could go (nothing is booked). */
  @Optional()
  @IsIn(['true', 'false'])
  propose?: 'true' | 'false';
}

/** Where one visit of the absent member could go: a stand-in or a later time; or why nothing was found. */
export class CoverProposalDto {
  appointmentId: string;
  /** The proposed time, in the site's zone; null without a proposal. */
  start: string | null;
  end: string | null;
  /** Another member of the discipline, or the absent one later. */
  staffId: string | null;
  roomId: string | null;
  /** Why there is no proposal, in English from `code` and `params`; null with one. */
  problem: string | null;
  /**
   * Why there is no proposal, for a client to word: `cover.no_stand_in` (a visit with others keeps its
   * time, and nobody of the discipline is free then), `cover.no_free_time` `{days}`, or `cover.timed_out`
   * (the time for one answer ran out first). Null with a proposal.
   */
  code: string | null;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] } })
  params: Record<string, string | number> | null;
}

export class AbsenceWithCoverDto extends AbsenceDto {
  /** With `propose=true`: one entry per affected appointment, in the order of affectedAppointmentIds. */
  proposals?: CoverProposalDto[];
  /** False when the time for one answer ran out: the visits left have a problem saying so and no proposal. */
  proposalsComplete?: boolean;
}
