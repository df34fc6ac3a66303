import { IsString, Length } from 'class-validator';
import { Optional } from '../common/validators';

export const VISIT_REQUEST_KINDS = ['cancellation', 'move'] as const;
/** `cancellation`: the patient cancelled the visit themself; `move`: they ask for another time. */
export type VisitRequestKind = (typeof VISIT_REQUEST_KINDS)[number];

export class SelfCancelDto {
  /** Why, in the patient's words (optional). */
  @Optional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class MoveRequestDto {
  /** When the patient could come instead, in their words, e.g. "helst förmiddagar nästa vecka". */
  @IsString()
  @Length(1, 500)
  note: string;
}

export class ResolveRequestDto {
  /** What the unit did, e.g. "ny tid 14 mars 10:00". */
  @Optional()
  @IsString()
  @Length(1, 500)
  resolution?: string;
}

export class VisitRequestDto {
  id: string;
  kind: VisitRequestKind;
  appointmentId: string;
  patientId: string;
  patientName: string;
  siteId: string;
  note: string | null;
  /** ISO 8601 in the site's offset. */
  createdAt: string;
  visitStart: string;
}
