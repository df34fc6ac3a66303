import { ApiProperty } from '@nestjs/swagger';
import { Job } from './job.entity';

export type JobStatus = Job['status'];

/**
 * A long-running piece of work (booking a whole waiting list) whose progress a client can poll.
 * Every column of the job but those never selected for an answer (`input`, `owner`).
 */
export class JobDto implements Omit<Job, 'input' | 'owner'> {
  id: string;
  /** What the job does: `book-waitlist`. */
  kind: string;
  siteId: string | null;
  status: JobStatus;
  done: number;
  total: number;
  /**
   * Once done: for `book-waitlist` (the only kind), the outcome for each referral. The schema is named
   * rather than imported: jobs run work of the features above them and know none of their types.
   */
  @ApiProperty({ type: 'array', items: { $ref: '#/components/schemas/BatchOutcomeDto' }, nullable: true })
  result: unknown;
  /** Why it failed. */
  error: string | null;
  createdAt: Date;
  /** Renewed while an instance works on the job. */
  heartbeatAt: Date;
  /** How often an instance took the job over from one that had stopped. */
  takeovers: number;
  finishedAt: Date | null;
}
