import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { ApiErrorAnswers } from '../common/error-answers.decorator';
import { CurrentActor, Public } from '../access/access.decorators';
import { LoginDto, MeDto, RefreshTokenDto, TokenDto } from './auth.dto';
import { AuthService } from './auth.service';
import { Principal } from '../access/principal';
import { SessionsService } from './sessions.service';
import { UsersService } from './users.service';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
  ) {}

  /**
   * Exchange a username and password for an access token (15 minutes) and a refresh token (the
   * session lasts 12 hours at most). Repeated failures for one account or from one address answer
   * 429 with `Retry-After` for a while.
   */
  @Public()
  @ApiErrorAnswers({
    401: 'Wrong username or password, or a disabled login: the same answer for each.',
    429: 'Too many failures for the account or from the address: wait `retryAfterSeconds`.',
  })
  @Post('auth/login')
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Req() request: Request): Promise<TokenDto> {
    // req.ip is the connection's address unless TRUST_PROXY names the proxies whose X-Forwarded-For counts.
    return this.auth.login(dto.username, dto.password, request.ip ?? 'unknown');
  }

  /** The next access and refresh token; the refresh token given is used up, and using it again ends the session. */
  @Public()
  @ApiErrorAnswers({ 401: 'An unknown, used or expired refresh token, or an ended session.' })
  @Post('auth/refresh')
  @HttpCode(200)
  refresh(@Body() dto: RefreshTokenDto): Promise<TokenDto> {
    return this.sessions.refresh(dto.refreshToken);
  }

  /** End the refresh token's session: its access tokens stop working too. Needs no access token, which may have expired. */
  @Public()
  @Post('auth/logout')
  @HttpCode(204)
  logout(@Body() dto: RefreshTokenDto): Promise<void> {
    return this.sessions.logout(dto.refreshToken);
  }

  /** Who the token belongs to, with the login's display name for the header. */
  @Get('auth/me')
  me(@CurrentActor() actor: Principal): Promise<MeDto> {
    return this.users.me(actor);
  }
}
