import { Controller, Get, HttpException, Logger, Req, Res } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Public } from '../access/access.decorators';
import { AuditService } from '../access/audit.service';
import { ApiErrorAnswers } from '../common/error-answers.decorator';
import { OIDC_CALLBACK_PATH } from '../config/service-settings';
import { OidcConfigDto } from './auth.dto';
import { IdentityProvider } from './identity-provider.service';
import { ProviderAttempt, ProviderPeople, ProviderRefusal, providerRefusal } from './provider-people.service';
import { SessionsService } from './sessions.service';
import { SignInCookie } from './sign-in-cookie';

/** Where the web app is served (see app-setup.ts). */
const WEB_APP = '/app/';
const NOT_CONFIGURED = 'Sign-in through an identity provider is not configured (OIDC_ISSUER and the rest unset).';
const REFUSALS: readonly string[] = ['auth.unknown_person', 'auth.login_disabled', 'auth.sign_in_failed'] satisfies ProviderRefusal[];

/**
 * Sign-in through the region's OpenID Connect identity provider (SITHS eID for staff, BankID for
 * patients): the authorization code flow with PKCE, ending in a session of the service's own,
 * made exactly as a password login makes it.
 */
@ApiTags('auth')
@Controller('auth/oidc')
export class OidcController {
  private readonly logger = new Logger('OidcController');

  constructor(
    private readonly provider: IdentityProvider,
    private readonly people: ProviderPeople,
    private readonly cookie: SignInCookie,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  /** Where sign-in through the identity provider starts; 404 when it is not configured, and the web app offers passwords only. */
  @Public()
  @ApiErrorAnswers({ 404: NOT_CONFIGURED })
  @Get('config')
  config(): OidcConfigDto {
    this.provider.requireSettings();
    return { loginUrl: '/auth/oidc/login' };
  }

  /** Sends the browser to the identity provider to sign in (code flow with PKCE), remembering the attempt in a short-lived cookie. */
  @Public()
  @ApiResponse({ status: 303, description: "To the identity provider's sign-in page." })
  @ApiErrorAnswers({ 404: NOT_CONFIGURED })
  @Get('login')
  async login(@Req() request: Request, @Res() response: Response): Promise<void> {
    const { redirectUrl } = this.provider.requireSettings();
    const { url, login } = await this.provider.startSignIn(redirectUrl ?? `${request.protocol}://${request.get('host')}${OIDC_CALLBACK_PATH}`);
    await this.cookie.give(response, login, request.secure);
    response.redirect(303, url.href);
  }

  /**
   * Where the identity provider sends the browser back: the code is exchanged, the ID token
   * checked and the person matched to their login, whose new session goes to the web app as a
   * refresh token in the address's fragment (never sent to a server; the app uses it at once, and
   * a refresh token works once). A refusal goes to the sign-in page with its code, audited.
   */
  @Public()
  @ApiResponse({ status: 303, description: 'To the web app: `/app/#/signed-in?r=<refresh token>`, or `/app/#/login?problem=<code>` when refused.' })
  @ApiErrorAnswers({ 404: NOT_CONFIGURED })
  @Get('callback')
  async callback(@Req() request: Request, @Res() response: Response): Promise<void> {
    this.provider.requireSettings();
    try {
      const refreshToken = await this.finishSignIn(request, response);
      response.redirect(303, `${WEB_APP}#/signed-in?r=${encodeURIComponent(refreshToken)}`);
    } catch (error) {
      response.redirect(303, `${WEB_APP}#/login?problem=${this.refusalCode(error)}`);
    }
  }

  /** The new session's refresh token, once the cookie's sign-in is finished at the provider and its person matched. */
  private async finishSignIn(request: Request, response: Response): Promise<string> {
    const login = await this.cookie.take(request, response);
    if (!login) throw providerRefusal('auth.sign_in_failed');
    // The address the provider was given, with what it sent back: the same on every instance behind a proxy.
    const callbackUrl = new URL(login.redirectUri);
    callbackUrl.search = new URL(request.originalUrl, callbackUrl).search;
    const claims = await this.provider.finishSignIn(callbackUrl, login);
    const attempt: ProviderAttempt = { endpoint: `GET ${OIDC_CALLBACK_PATH}`, clientAddress: request.ip ?? 'unknown' };
    const user = await this.people.userFor(claims, attempt);
    const { refreshToken } = await this.sessions.open(user);
    await this.audit.recordLogin({ ...attempt, username: user.username }, user);
    return refreshToken;
  }

  /** The refusal's code for the sign-in page; any other failure (a forged or stale answer, the provider down, a bug) is a sign-in that did not complete, logged. */
  private refusalCode(error: unknown): string {
    const code = error instanceof HttpException ? (error.getResponse() as { code?: unknown }).code : undefined;
    if (typeof code === 'string' && REFUSALS.includes(code)) return code;
    this.logger.warn(`sign-in through the identity provider failed: ${error instanceof Error ? error.message : String(error)}`);
    return 'auth.sign_in_failed';
  }
}
