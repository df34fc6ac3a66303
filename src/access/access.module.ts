import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AccessService } from './access.service';
import { AuditService } from './audit.service';
import { RefusedAccessInterceptor } from './refused-access.interceptor';

/**
 * The door to patients' data every layer above goes through (AccessService), the audit log behind it,
 * and the interceptor that logs each refused access.
 */
@Global()
@Module({
  providers: [AccessService, AuditService, { provide: APP_INTERCEPTOR, useClass: RefusedAccessInterceptor }],
  exports: [AccessService, AuditService],
})
export class AccessModule {}
