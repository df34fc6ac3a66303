import { PartialType, PickType } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { ReminderChannel, REMINDER_CHANNELS } from './patient.entity';

const E164 = /^\+[1-9]\d{6,14}$/;

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
  @IsOptional()
  @Matches(E164, { message: 'must be an E.164 phone number such as +46701234567' })
  phone?: string;

  /** Required for e-mail reminders. */
  @IsOptional()
  @IsEmail({}, { message: 'must be an e-mail address' })
  email?: string;

  @IsIn(REMINDER_CHANNELS)
  reminderChannel: ReminderChannel;

  /** Language the patient needs an interpreter for, e.g. "arabiska"; absent when none. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  interpreterLanguage?: string;
}

/**
 * What a coordinator may change; a patient only their phone, e-mail and reminder channel. The
 * personal number and site are fixed. Each may be left out but not null (a null name or channel
 * reached NOT NULL columns).
 */
export class UpdatePatientDto extends PartialType(PickType(CreatePatientDto, ['name', 'phone', 'email', 'reminderChannel'] as const), { skipNullProperties: false }) {
  /** An empty string clears it. */
  @IsOptional()
  @IsString()
  @Length(0, 100)
  interpreterLanguage?: string;
}

export class PatientQueryDto {
  @IsOptional()
  @IsUUID()
  siteId?: string;
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
