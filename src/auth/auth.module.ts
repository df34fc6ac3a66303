import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { SERVICE_SETTINGS, ServiceSettings } from '../config/service-settings';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { IdentityProvider } from './identity-provider.service';
import { LoginFailuresRepository } from './login-failures.repository';
import { LoginThrottleService } from './login-throttle.service';
import { OidcController } from './oidc.controller';
import { ProviderPeople } from './provider-people.service';
import { SessionsRepository } from './sessions.repository';
import { accessTokenSeconds, SessionsService } from './sessions.service';
import { SignInCookie } from './sign-in-cookie';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [SERVICE_SETTINGS],
      // A key object, not the text: given text, jsonwebtoken first tries it as a public key on every
      // token it checks, and that failed attempt cost a third of a millisecond of CPU a request.
      useFactory: (settings: ServiceSettings) => ({
        secret: createSecretKey(Buffer.from(settings.jwtSecret)),
        signOptions: { expiresIn: accessTokenSeconds(settings) },
      }),
    }),
  ],
  controllers: [AuthController, OidcController, UsersController],
  providers: [
    AuthService,
    SessionsService,
    LoginThrottleService,
    LoginFailuresRepository,
    UsersService,
    UsersRepository,
    SessionsRepository,
    IdentityProvider,
    ProviderPeople,
    SignInCookie,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [UsersService],
})
export class AuthModule {}
