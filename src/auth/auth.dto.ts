import { Transform } from 'class-transformer';
import { IsIn, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH } from './password-policy';
import { Principal } from '../access/principal';
import { Role, ROLES } from '../core/vocabulary';
import { Optional, OptionalOrNull } from '../common/validators';

/** As the column's check has it. */
const DISPLAY_NAME_MAX_LENGTH = 100;
/** Spaces around a name are dropped before the checks, so a blank one is too short rather than stored. */
const Trimmed = Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

export class LoginDto {
  @IsString()
  @MaxLength(100)
  username: string;

  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

/** Who the token belongs to. */
export class PrincipalDto implements Principal {
  userId: string;
  username: string;
  role: Role;
  /** The site a coordinator, clinician or patient belongs to; null for admins (all sites). */
  siteId: string | null;
  staffId: string | null;
  patientId: string | null;
}

/** Who the token belongs to, and the name to show for them. */
export class MeDto extends PrincipalDto {
  /** The login's own display name; null when it has none (show the staff or patient record's name, else the username). */
  displayName: string | null;
}

/** A new pair of tokens, and who they belong to. */
export class TokenDto extends PrincipalDto {
  /** The bearer token for every request; valid `expiresIn` seconds (15 minutes). */
  accessToken: string;
  /** Used once, at `POST /auth/refresh`, for the next pair of tokens; `POST /auth/logout` ends the session. */
  refreshToken: string;
  expiresIn: number;
}

export class CreateUserDto {
  @IsString()
  @Length(3, 100)
  username: string;

  /** The name the header shows, e.g. "Karin Lund, rehabkoordinator" (1–100 characters); left out, the staff or patient record's name is shown. */
  @Optional()
  @Trimmed
  @IsString()
  @Length(1, DISPLAY_NAME_MAX_LENGTH)
  displayName?: string;

  /** At least 12 characters, at most 256; not a common password, and not containing the username. */
  @IsString()
  password: string;

  @IsIn(ROLES)
  role: Role;

  /** Required for coordinators: the site they coordinate. */
  @Optional()
  @IsUUID()
  siteId?: string;

  /** Required for clinicians: their staff record. */
  @Optional()
  @IsUUID()
  staffId?: string;

  /** Required for patients: their patient record. */
  @Optional()
  @IsUUID()
  patientId?: string;
}

/** What an admin changes of a login. */
export class UpdateUserDto {
  /** 1–100 characters; null removes it. Left out, it stays as it is. */
  @OptionalOrNull()
  @Trimmed
  @IsString()
  @Length(1, DISPLAY_NAME_MAX_LENGTH)
  displayName?: string | null;
}

export class UserDto {
  id: string;
  username: string;
  displayName: string | null;
  role: Role;
  siteId: string | null;
  staffId: string | null;
  patientId: string | null;
  createdAt: string;
  /** When an admin disabled the login; null while it works. */
  disabledAt: string | null;
}

export class RefreshTokenDto {
  @IsString()
  @MaxLength(100)
  refreshToken: string;
}

export class NewPasswordDto {
  /** The same rules as at creation. */
  @IsString()
  password: string;
}

/** That the web app may offer sign-in through the region's identity provider, and where it starts. */
export class OidcConfigDto {
  /** Where the browser goes to sign in through the identity provider. */
  loginUrl: string;
}
