import { IsOptional, IsString, Length } from 'class-validator';
import { IsLocalDate, IsTimeZone } from '../common/validators';

export class CreateSiteDto {
  @IsString()
  @Length(1, 200)
  name: string;

  /** IANA time zone; the service's DEFAULT_TIME_ZONE (Europe/Stockholm) when left out. */
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;
}

export class SiteDto {
  id: string;
  name: string;
  timeZone: string;
}

export class CreateClosureDto {
  /** Local date the site is closed. */
  @IsLocalDate()
  date: string;

  @IsString()
  @Length(1, 200)
  reason: string;
}

export class ClosedDaysQueryDto {
  @IsLocalDate()
  from: string;

  @IsLocalDate()
  to: string;
}

export class ClosedDayDto {
  date: string;
  reason: string;
}
