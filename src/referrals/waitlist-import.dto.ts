import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsString, IsUUID, Length } from 'class-validator';
import { MAX_BODY_BYTES } from '../common/input-limits';

/** At most this many rows move in at once: a unit's waiting list, not a region's. */
export const MAX_IMPORT_ROWS = 2000;

export class WaitlistImportDto {
  /** The site whose waiting list moves in. */
  @IsUUID()
  siteId: string;

  /**
   * RFC 4180 CSV, a header row first naming the columns: personalNumber, name, reminderChannel,
   * receivedDate, referrerName, referrerUnit, referrerUnitKind, referrerContact are required; phone,
   * email, priority, availableAtShortNotice and any referral contents field (as in POST /referrals) may follow.
   * Booleans are `true`/`false`; an empty cell is left out. At most 2,000 rows.
   */
  @IsString()
  @Length(1, MAX_BODY_BYTES)
  csv: string;

  /** True: check every row and write nothing. False: write every row, or none if any row is refused. */
  @IsBoolean()
  dryRun: boolean;
}

export class WaitlistImportProblemDto {
  /** The row, 1 being the first after the header. */
  row: number;
  /** The CSV column the problem is in. */
  field: string;
  problem: string;
  /** The problem's code and its parameters, as in the API's error details (FieldProblemDto). */
  code: string;
  @ApiProperty({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] } })
  params: Record<string, string | number>;
}

export class WaitlistImportRowDto {
  /** 1 is the first row after the header. */
  row: number;
  ok: boolean;
  problems: WaitlistImportProblemDto[];
  /** The patient registered or found (same personal number at the site); only when committed. */
  patientId?: string;
  /** Only when committed. */
  referralId?: string;
}

export class WaitlistImportReportDto {
  dryRun: boolean;
  /** Whether the rows were written: never on a dry run. */
  committed: boolean;
  rows: WaitlistImportRowDto[];
}
