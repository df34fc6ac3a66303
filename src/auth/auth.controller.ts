import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Public, Roles } from './access.decorators';
import { CreateUserDto, LoginDto, TokenDto, UserDto } from './auth.dto';
import { AuthService } from './auth.service';
import { Principal } from './principal';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Exchange a username and password for a bearer token (valid 12 hours). */
  @Public()
  @Post('auth/login')
  @HttpCode(200)
  login(@Body() dto: LoginDto): Promise<TokenDto> {
    return this.auth.login(dto.username, dto.password);
  }

  /** Who the token belongs to. */
  @ApiBearerAuth()
  @Get('auth/me')
  me(@CurrentActor() actor: Principal): Principal {
    const { userId, username, role, siteId, staffId, patientId } = actor;
    return { userId, username, role, siteId, staffId, patientId };
  }

  /** Create a login for a coordinator (with siteId), clinician (staffId), patient (patientId) or admin. */
  @ApiBearerAuth()
  @Roles('admin')
  @Post('users')
  createUser(@Body() dto: CreateUserDto): Promise<UserDto> {
    return this.auth.createUser(dto);
  }
}
