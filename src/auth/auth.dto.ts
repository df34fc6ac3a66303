import { IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { Role, ROLES } from './user.entity';

export class LoginDto {
  @IsString()
  @MaxLength(100)
  username: string;

  @IsString()
  @MaxLength(200)
  password: string;
}

export class TokenDto {
  accessToken: string;
  role: Role;
  siteId: string | null;
  staffId: string | null;
  patientId: string | null;
}

export class CreateUserDto {
  @IsString()
  @Length(3, 100)
  username: string;

  @IsString()
  @Length(8, 200)
  password: string;

  @IsIn(ROLES)
  role: Role;

  /** Required for coordinators: the site they coordinate. */
  @IsOptional()
  @IsUUID()
  siteId?: string;

  /** Required for clinicians: their staff record. */
  @IsOptional()
  @IsUUID()
  staffId?: string;

  /** Required for patients: their patient record. */
  @IsOptional()
  @IsUUID()
  patientId?: string;
}

export class UserDto {
  id: string;
  username: string;
  role: Role;
  siteId: string | null;
  staffId: string | null;
  patientId: string | null;
}
