import { PartialType, PickType } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, Length } from 'class-validator';
import { ReminderChannel, REMINDER_CHANNELS } from '../core/vocabulary';
import { IsEmailAddress, IsPhoneNumber, Optional, OptionalOrNull } from '../common/validators';

export class CreatePatientDto {
  @IsUUID()
  siteId: string;

  /** Personnummer or samordningsnummer: YYYYMMDD-NNNN or 12 digits, with a valid check digit. */
  @IsString()
  personalNumber: string;

  @IsString()
  @Length(1, 200)
  name: string;

  /** E.164, e.g. +46701234567; required for SMS reminders. */
  @Optional()
  @IsPhoneNumber()
  phone?: string;

  /** Required for e-mail reminders. */
  @Optional()
  @IsEmailAddress()
  email?: string;

  @IsIn(REMINDER_CHANNELS)
  reminderChannel: ReminderChannel;

  /** Language the patient needs an interpreter for, e.g. "arabiska"; absent when none. */
  @Optional()
  @IsString()
  @Length(1, 100)
  interpreterLanguage?: string;
}

/**
 * What a coordinator may change, a correction of the name or personal number too; a patient only
 * their phone, e-mail and reminder channel. The site is fixed. Each may be left out; only a phone or e-mail may be null,
 * which removes it (a null name or channel reached NOT NULL columns).
 */
export class UpdatePatientDto extends PartialType(PickType(CreatePatientDto, ['name', 'reminderChannel'] as const), { skipNullProperties: false }) {
  /** Null removes it, unless reminders go by SMS. */
  @OptionalOrNull()
  @IsPhoneNumber()
  phone?: string | null;

  /** Null removes it, unless reminders go by e-mail. */
  @OptionalOrNull()
  @IsEmailAddress()
  email?: string | null;

  /** An empty string clears it. */
  @Optional()
  @IsString()
  @Length(0, 100)
  interpreterLanguage?: string;

  /** A correction (coordinators): YYYYMMDD-NNNN or 12 digits; one another patient holds is a 409. */
  @Optional()
  @IsString()
  @Length(1, 20)
  personalNumber?: string;
}

export class PatientQueryDto {
  @Optional()
  @IsUUID()
  siteId?: string;

  /**
   * Find patients by personal number in any written form (YYYYMMDD-NNNN, YYMMDD-NNNN, YYMMDD+NNNN
   * for 100 years and older, with or without the separator), part of the name (any case) or phone
   * number (digits compared, 070-123 45 67 as +46701234567). At most 50 patients, by name.
   */
  @Optional()
  @IsString()
  @Length(2, 100)
  q?: string;
}

export class PatientDto {
  id: string;
  siteId: string;
  /** YYYYMMDD-NNNN. */
  personalNumber: string;
  birthDate: string;
  name: string;
  phone: string | null;
  email: string | null;
  reminderChannel: ReminderChannel;
  interpreterLanguage: string | null;
}
